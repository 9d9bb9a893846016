"""``EMAIL_URL`` read into Django's e-mail settings, with file mailboxes where their URL says.

django-environ drops the first character of a URL's path and reads what precedes the next slash
as a host name: ``filemail:///srv/portal/var/mail`` became ``srv/portal/var/mail``, relative to
whatever directory a process started in, and ``filemail://var/mail`` became ``mail``. The demo's
e-mails then landed in a nested copy of the project's path instead of ``var/mail``. Here the
folder is everything after ``filemail://``, taken as written: an absolute path stays absolute,
a relative one is relative to the project's folder (never to the working directory).
"""

from pathlib import Path
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured

FILE_SCHEME = "filemail"


def email_settings(url: str, *, base_dir: Path) -> dict:
    """Django's EMAIL_* settings for ``url`` (any scheme django-environ knows)."""
    config = environ.Env.email_url_config(url)
    scheme, _, rest = url.partition("://")
    if scheme == FILE_SCHEME:
        config["EMAIL_FILE_PATH"] = str(mailbox_folder(rest, base_dir=base_dir))
    return config


def mailbox_folder(location: str, *, base_dir: Path) -> Path:
    """The folder of ``filemail://<location>``, without its query string."""
    folder = unquote(location.split("?", 1)[0])
    if not folder:
        raise ImproperlyConfigured("EMAIL_URL=filemail://… needs a folder, e.g. filemail:///srv/portal/mail.")
    path = Path(folder)
    return path if path.is_absolute() else base_dir / path
