"""Pages of the programme: thin views over the selectors and services."""
