"""Migration 0005 moves the language recorded on the matchmaking pages to the account, keeping a chosen one."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

BEFORE = [("matchmaking", "0004_nace_rev2"), ("accounts", "0002_user_language")]
AFTER = [("matchmaking", "0005_user_language_replaces_recipient_language")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_recorded_languages_move_to_accounts_that_have_none():
    apps = migrate(BEFORE)
    User = apps.get_model("accounts", "User")
    RecipientLanguage = apps.get_model("matchmaking", "RecipientLanguage")
    without = User.objects.create(email="without@example.org")
    chosen = User.objects.create(email="chosen@example.org", language="fr")
    User.objects.create(email="unrecorded@example.org")  # no language recorded: stays without
    RecipientLanguage.objects.create(user=without, language="ar")
    RecipientLanguage.objects.create(user=chosen, language="en")
    try:
        apps = migrate(AFTER)
        languages = dict(apps.get_model("accounts", "User").objects.values_list("email", "language"))
        assert languages == {"without@example.org": "ar", "chosen@example.org": "fr", "unrecorded@example.org": ""}
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
