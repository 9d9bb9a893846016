"""PostgreSQL's full-text search setup (skipped on other databases) and the catalogue's categories."""

from django.db import migrations

from service_catalog.categories import categories_ensure

SEARCH_SETUP = """
CREATE EXTENSION IF NOT EXISTS unaccent;
DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'french_unaccent') THEN
        CREATE TEXT SEARCH CONFIGURATION french_unaccent (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION french_unaccent
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;
CREATE INDEX IF NOT EXISTS service_catalog_service_search_gin
    ON service_catalog_service USING gin (search_vector);
"""

SEARCH_TEARDOWN = "DROP INDEX IF EXISTS service_catalog_service_search_gin;"

def search_setup(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_SETUP)


def search_teardown(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(SEARCH_TEARDOWN)


def categories_create(apps, schema_editor):
    categories_ensure(apps.get_model("service_catalog", "Category"))


class Migration(migrations.Migration):
    dependencies = [("service_catalog", "0001_initial")]

    operations = [
        migrations.RunPython(search_setup, search_teardown),
        migrations.RunPython(categories_create, migrations.RunPython.noop),
    ]
