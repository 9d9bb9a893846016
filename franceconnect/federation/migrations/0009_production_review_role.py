"""The Opérateurs review the partner space's production requests (staff_roles.py); Auditeurs read them."""

from django.db import migrations

from franceconnect.federation.staff_roles import staff_roles_ensure


def roles_update(apps, schema_editor):
    staff_roles_ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("franceconnect", "0008_partner_space"),
        ("partner_space", "0002_production_requests"),
    ]

    operations = [migrations.RunPython(roles_update, migrations.RunPython.noop)]
