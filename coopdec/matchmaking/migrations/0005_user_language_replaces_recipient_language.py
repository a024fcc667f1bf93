"""The language of e-mails moves to the account (``accounts.User.language``), shared by every app's e-mails.

A language recorded on the matchmaking pages is kept for the accounts that have none yet.
"""

from django.db import migrations


def copy_to_users(apps, schema_editor):
    RecipientLanguage = apps.get_model("matchmaking", "RecipientLanguage")
    User = apps.get_model("accounts", "User")
    for user_id, language in RecipientLanguage.objects.values_list("user_id", "language").iterator():
        User.objects.filter(pk=user_id, language="").update(language=language[:10])


def copy_back(apps, schema_editor):
    RecipientLanguage = apps.get_model("matchmaking", "RecipientLanguage")
    User = apps.get_model("accounts", "User")
    RecipientLanguage.objects.bulk_create(
        RecipientLanguage(user_id=pk, language=language)
        for pk, language in User.objects.exclude(language="").values_list("pk", "language")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_language"),
        ("matchmaking", "0004_nace_rev2"),
    ]

    operations = [
        migrations.RunPython(copy_to_users, copy_back),
        migrations.DeleteModel(name="RecipientLanguage"),
    ]
