from django.conf import settings
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from django.utils.functional import lazy
from django.utils.translation import gettext

from franceconnect.models import User


def _admin_title() -> str:
    return gettext("%(portal)s administration") % {"portal": settings.PORTAL_NAME}


admin.site.site_header = lazy(_admin_title, str)()
admin.site.site_title = lazy(_admin_title, str)()
admin.site.index_title = lazy(lambda: gettext("Back office"), str)()

# The service-provider model (django-oauth-toolkit's swapped application) is registered by
# django-oauth-toolkit's own admin module.
admin.site.register(User, UserAdmin)
