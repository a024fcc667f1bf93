"""The 1 % mechanisms (service budgets and their ceilings) and the funding lines of projects."""
