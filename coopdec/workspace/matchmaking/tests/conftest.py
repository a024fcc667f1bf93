"""The matchmaking tests' fabric of companies (coopdec/matchmaking/tests/conftest.py), for the pages' tests too."""

from coopdec.matchmaking.tests.conftest import *  # noqa: F403
