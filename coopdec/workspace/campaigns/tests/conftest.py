"""The declarations app's campaign fixture, shared with the campaign pages."""

from coopdec.declarations.tests.conftest import campaign  # noqa: F401
