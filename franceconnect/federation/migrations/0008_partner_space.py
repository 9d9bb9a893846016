"""The partner space: a site's organisation and instance (sandbox or production), and the secret a
renewal replaced with its grace period; the staff roles read the space's rows (staff_roles.py)."""

import django.db.models.deletion
from django.db import migrations, models

from franceconnect.federation.staff_roles import staff_roles_ensure


def roles_update(apps, schema_editor):
    staff_roles_ensure(apps)


class Migration(migrations.Migration):
    dependencies = [
        ("franceconnect", "0007_account_suspension_refused_logins"),
        ("partner_space", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalserviceprovider",
            name="environment",
            field=models.CharField(
                choices=[("sandbox", "sandbox"), ("production", "production")],
                default="production",
                max_length=10,
                verbose_name="instance",
            ),
        ),
        migrations.AddField(
            model_name="historicalserviceprovider",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="partner_space.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddField(
            model_name="historicalserviceprovider",
            name="previous_client_secret_expires_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="previous client secret accepted until"
            ),
        ),
        migrations.AddField(
            model_name="serviceprovider",
            name="environment",
            field=models.CharField(
                choices=[("sandbox", "sandbox"), ("production", "production")],
                default="production",
                max_length=10,
                verbose_name="instance",
            ),
        ),
        migrations.AddField(
            model_name="serviceprovider",
            name="organisation",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="sites",
                to="partner_space.organisation",
                verbose_name="organisation",
            ),
        ),
        migrations.AddField(
            model_name="serviceprovider",
            name="previous_client_secret",
            field=models.CharField(
                blank=True, editable=False, max_length=255, verbose_name="previous client secret (hashed)"
            ),
        ),
        migrations.AddField(
            model_name="serviceprovider",
            name="previous_client_secret_expires_at",
            field=models.DateTimeField(
                blank=True, editable=False, null=True, verbose_name="previous client secret accepted until"
            ),
        ),
        migrations.RunPython(roles_update, migrations.RunPython.noop),
    ]
