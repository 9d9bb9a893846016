"""Citizens' accounts as a login reads them: the account and its login policy in one query.

A citizen's session names its account; Django loads it on each request that asks for
``request.user`` (the confirmation under single sign-on does). Loaded through this backend, the
account comes with its login policy (a join), so that the policy is enforced at no extra query
(franceconnect.federation.login_policy).
"""

from django.contrib.auth.backends import ModelBackend

from franceconnect.federation.models import User

CITIZEN_BACKEND = "franceconnect.federation.accounts.CitizenBackend"


class CitizenBackend(ModelBackend):
    """Only loads the accounts of sessions opened by the federation flow: nobody authenticates
    with it (citizens have no password at the portal)."""

    def authenticate(self, request, **credentials):
        return None

    def get_user(self, user_id):
        user = User._default_manager.select_related("login_policy").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None


def citizen_accounts():
    """Citizens' accounts with their login policy (see ``citizen_get_or_create``)."""
    return User.objects.select_related("login_policy")
