"""Writes a citizen-space session for an account into the portal's session store and prints its key.

    python -m bench.space_session <account id>   (in the benchmark stack's environment)

Only the space's federated sign-in opens one in production (citizen_space/views.py); the
benchmark writes the same typed value (citizen_space.session.SpaceSession) to time the pages
behind it without a login per measurement.
"""

import sys
from dataclasses import asdict
from importlib import import_module
from time import time


def main(argv=None) -> int:
    import django

    django.setup()
    from django.conf import settings

    from citizen_space.session import SPACE_KEY, SpaceSession

    account_id = int((argv or sys.argv[1:])[0])
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    now = time()
    store[SPACE_KEY] = asdict(
        SpaceSession(
            account_id=account_id,
            given_name="Prénom",
            family_name="Nom",
            email=f"citizen{account_id}@example.test",
            identity_provider_id=1,
            identity_provider_name="impots.gouv.fr",
            opened_at=now,
            last_seen=now,
        )
    )
    store.save()
    print(store.session_key)
    return 0


if __name__ == "__main__":
    sys.exit(main())
