from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FranceConnectConfig(AppConfig):
    name = "franceconnect.federation"
    label = "franceconnect"  # the app label of the first migrations and of AUTH_USER_MODEL
    verbose_name = _("Identity federation")

    def ready(self):
        from django.contrib.auth import user_logged_in
        from django.contrib.auth.models import update_last_login

        # Citizens log in on every connection; their connections are recorded already, so the
        # UPDATE of last_login is kept for staff accounts (the admin's users list shows it).
        user_logged_in.disconnect(update_last_login, dispatch_uid="update_last_login")
        user_logged_in.connect(staff_last_login_update, dispatch_uid="staff_last_login_update")

        from oauth2_provider.models import get_application_model

        from franceconnect.infrastructure.cache import CONFIGURATION

        CONFIGURATION.watch(get_application_model())


def staff_last_login_update(sender, user, **kwargs):
    from django.contrib.auth.models import update_last_login

    if user.is_staff:
        update_last_login(sender, user, **kwargs)
