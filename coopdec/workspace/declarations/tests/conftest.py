"""The declarations app's fixtures, shared with the declaration pages."""

from coopdec.declarations.tests.conftest import campaign, oda_2025  # noqa: F401
from coopdec.declarations.tests.test_history import open_day, two_versions  # noqa: F401
