"""Registry pages, one module per concern; thin: forms parse, services and selectors do the work."""
