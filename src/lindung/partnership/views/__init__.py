"""Pages of the partnership app, split by topic (thin: forms parse, services write, selectors read)."""
