"""Partnerships between authorities (conventions, twinnings…) and memberships of international organisations."""
