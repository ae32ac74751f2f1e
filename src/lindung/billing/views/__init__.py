"""Pages of billing, split by topic (thin: forms parse, services write, selectors read)."""
