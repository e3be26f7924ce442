"""A small app used by the platform tests: naming, child tables, links, trees, singles."""
