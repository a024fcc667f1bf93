"""The accounts tests' fixtures (coopdec/accounts/tests/conftest.py) and their ``url`` helper, for the pages' tests."""

from coopdec.accounts.tests.conftest import *  # noqa: F403
from coopdec.accounts.tests.conftest import url  # noqa: F401
