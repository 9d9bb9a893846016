"""The audit trail's recorder for accounts (django-simple-history): staff accounts only.

Citizens' accounts are rows of the same user model, created by the federation flow and deleted by
the retention purge; recording them would keep their account keys forever, in history, and cost
their logins a write. ``StaffOnlyHistoricalRecords`` leaves out every account that has an account
key (every citizen's, never a staff member's). It overrides django-simple-history's signal
receivers (3.13: post_save, post_delete, m2m_changed); tests/franceconnect/test_audit_trail.py
fails if a citizen's account ever reaches the history.
"""

from simple_history.models import HistoricalRecords


def _is_citizen(instance) -> bool:
    return getattr(instance, "account_key", None) is not None


class StaffOnlyHistoricalRecords(HistoricalRecords):
    def post_save(self, instance, created, using=None, **kwargs):
        if not _is_citizen(instance):
            super().post_save(instance, created, using=using, **kwargs)

    def post_delete(self, instance, using=None, **kwargs):
        if not _is_citizen(instance):
            super().post_delete(instance, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if not _is_citizen(instance):
            super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)
