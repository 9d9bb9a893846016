"""The dashboard's connection figures per day and site, and per day and identity provider (issue
20), derived here from the per day, site and provider figures already folded."""

from django.db import migrations, models

DERIVE = """
INSERT INTO service_statistics_dailyfigure (figure, day, label, service_provider_pk, identity_provider_pk, count)
SELECT 'connections_site', day, '', service_provider_pk, 0, SUM(count)
FROM service_statistics_dailyfigure WHERE figure = 'connections' GROUP BY day, service_provider_pk;
INSERT INTO service_statistics_dailyfigure (figure, day, label, service_provider_pk, identity_provider_pk, count)
SELECT 'connections_provider', day, '', 0, identity_provider_pk, SUM(count)
FROM service_statistics_dailyfigure WHERE figure = 'connections' GROUP BY day, identity_provider_pk;
"""
FORGET = "DELETE FROM service_statistics_dailyfigure WHERE figure IN ('connections_site', 'connections_provider');"


class Migration(migrations.Migration):
    dependencies = [("service_statistics", "0002_staff_roles")]

    operations = [
        migrations.AlterField(
            model_name="dailyfigure",
            name="figure",
            field=models.CharField(
                choices=[
                    ("connections", "connections"),
                    ("connections_site", "connections"),
                    ("connections_provider", "connections"),
                    ("passages", "passages through a step"),
                    ("security_emails", "security e-mails"),
                    ("health_checks", "health checks"),
                ],
                max_length=20,
                verbose_name="figure",
            ),
        ),
        migrations.RunSQL(DERIVE, FORGET),
    ]
