"""Cooperation projects: participants, places, funding lines, disbursements and results."""
