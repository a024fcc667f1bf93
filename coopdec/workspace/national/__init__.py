"""The coordinators' national view of validated declarations, its exports."""
