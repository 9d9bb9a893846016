"""The steps of a login, as the statistics name them: one home for their names and labels.

A login goes through the partner site's request (``authorize``), the account choice (``chooser``),
the identity provider, the identity check (the provider's answer checked against the register of
persons, the account usable) and the confirmation screen, then the partner site exchanges its code
(``token``) and asks for the identity (``userinfo``). A login that stops on an error is recorded at
the step where it stopped (service_statistics.models.LoginStop); the passages through each step are
counted in memory and sent with the rate limits' round trip (service_statistics.passages).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Step(models.TextChoices):
    AUTHORIZE = "authorize", _("Request from the site")
    CHOOSER = "chooser", _("Account choice")
    IDENTITY_PROVIDER = "identity_provider", _("Identity provider")
    IDENTITY_CHECK = "identity_check", _("Identity check")
    CONFIRMATION = "confirmation", _("Confirmation")
    TOKEN = "token", _("Code exchange by the site (token)")
    USERINFO = "userinfo", _("Identity request by the site (userinfo)")


# Passages counted on the way (service_statistics.passages), beside the steps themselves:
HINTED = "hinted"  # sent to an identity provider the site named (idp_hint): the chooser skipped
SINGLE_SIGN_ON = "single_sign_on"  # the confirmation screen under a single sign-on: no new login

# Codes of stops that are not errors of a protocol: the person chose to go back to the site.
BACK_TO_SITE = "back_to_site"
