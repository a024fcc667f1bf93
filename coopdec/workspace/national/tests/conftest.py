"""The national picture of validated declarations, shared with the declarations tests."""

from coopdec.declarations.tests.national_data import national_data  # noqa: F401
