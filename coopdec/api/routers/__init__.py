"""One ninja router per domain; ``coopdec.api.urls`` mounts them."""
