"""The back office's roles as permission groups (franceconnect/federation/staff_roles.py)."""

from django.db import migrations

from franceconnect.federation.staff_roles import STAFF_ROLES, staff_roles_ensure


def roles_create(apps, schema_editor):
    staff_roles_ensure(apps)


def roles_remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=list(STAFF_ROLES)).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("franceconnect", "0004_login_policy"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("identity_providers", "0003_identity_provider_logo"),
        ("service_catalog", "0002_search_and_categories"),
        ("notifications", "0002_notification_kinds_citizen_space"),
        ("support", "0002_ticket_category_labels"),
        ("citizen_space", "0001_initial"),
        ("announcements", "0001_initial"),
    ]

    operations = [migrations.RunPython(roles_create, roles_remove)]
