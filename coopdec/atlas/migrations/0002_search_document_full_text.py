"""The full-text index of the search documents: FTS5 on SQLite, a GIN-indexed tsvector on PostgreSQL."""

from django.db import migrations

from coopdec.lib.search import FullTextIndex


class Migration(migrations.Migration):
    dependencies = [("atlas", "0001_initial")]

    operations = [FullTextIndex("atlas_searchdocument", "text").migration_operation()]
