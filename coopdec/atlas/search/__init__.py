"""The atlas search: its index (``index``), kept in step on write (``sync``), and its queries (``query``)."""
