"""Public pages: home, and later search, map, statistics and sheets."""
