"""Citizens' accounts keyed by an HMAC with ACCOUNT_KEY_SECRET instead of the bare pivot hash.

The stored unkeyed SHA-256 of the pivot identity could be recomputed by anyone knowing a
person's names and birth data. The account key is HMAC(ACCOUNT_KEY_SECRET, pivot hash), so
each row converts without the identity. Usernames, which carried the hash's first 32
characters, become random. The formula is written out here rather than imported, so that this
migration keeps doing what it did if the application code changes.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations, models
from django.utils.crypto import get_random_string

BATCH_SIZE = 1000


def _account_key(pivot_hash: str) -> str:
    return hmac.new(settings.ACCOUNT_KEY_SECRET.encode(), pivot_hash.encode(), hashlib.sha256).hexdigest()


def accounts_keyed(apps, schema_editor):
    User = apps.get_model("franceconnect", "User")
    citizens = User.objects.using(schema_editor.connection.alias).filter(account_key__isnull=False)
    batch = []
    for user in citizens.only("pk", "account_key", "username").iterator(chunk_size=BATCH_SIZE):
        user.account_key = _account_key(user.account_key)
        user.username = f"citizen-{get_random_string(20)}"
        batch.append(user)
        if len(batch) == BATCH_SIZE:
            User.objects.bulk_update(batch, ["account_key", "username"])
            batch = []
    if batch:
        User.objects.bulk_update(batch, ["account_key", "username"])


def refuse_to_unkey(apps, schema_editor):
    """An HMAC cannot be turned back into the hash: going back is possible only with no account."""
    User = apps.get_model("franceconnect", "User")
    if User.objects.using(schema_editor.connection.alias).filter(account_key__isnull=False).exists():
        raise RuntimeError(
            "Citizens' account keys cannot be converted back to unkeyed pivot hashes; "
            "delete the citizens' accounts first if going back is really wanted."
        )


class Migration(migrations.Migration):
    dependencies = [
        ("franceconnect", "0002_serviceprovider_allowed_identity_providers_and_more"),
    ]

    operations = [
        migrations.RenameField(model_name="user", old_name="pivot_hash", new_name="account_key"),
        migrations.AlterField(
            model_name="user",
            name="account_key",
            field=models.CharField(
                blank=True, max_length=64, null=True, unique=True, verbose_name="account key"
            ),
        ),
        migrations.RunPython(accounts_keyed, refuse_to_unkey, elidable=False),
    ]
