"""The dashboard's permission for the Opérateurs and Auditeurs groups
(franceconnect/federation/staff_roles.py: the roles as they are, this app's rights included)."""

from django.db import migrations

from franceconnect.federation.staff_roles import staff_roles_ensure


def roles_update(apps, schema_editor):
    staff_roles_ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("service_statistics", "0001_initial"),
        ("franceconnect", "0006_audit_trail"),
    ]

    operations = [migrations.RunPython(roles_update, migrations.RunPython.noop)]
