"""Load the NACE sections, divisions, groups and classes of `vocabulary.nace_entries` (Rev. 2 since 0004; see there)."""

from django.db import migrations


def load(apps, schema_editor):
    from coopdec.matchmaking.vocabulary import nace_entries

    Sector = apps.get_model("matchmaking", "Sector")
    Sector.objects.bulk_create(
        [
            Sector(
                code=entry.code,
                level=entry.level,
                parent_id=entry.parent or None,
                name_en=entry.name_en,
                name_fr=entry.name_fr,
            )
            for entry in nace_entries()
        ],
        ignore_conflicts=True,
    )


def unload(apps, schema_editor):
    apps.get_model("matchmaking", "Sector").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("matchmaking", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
