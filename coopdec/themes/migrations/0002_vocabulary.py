from django.db import migrations


def load(apps, schema_editor):
    from coopdec.themes.vocabulary import sync_themes

    sync_themes(apps.get_model("themes", "Theme"))


class Migration(migrations.Migration):
    dependencies = [("themes", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
