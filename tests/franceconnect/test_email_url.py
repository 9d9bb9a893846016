"""EMAIL_URL's file mailbox lands where its URL says (django-environ alone lost the leading slash)."""

from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from franceconnect.infrastructure.email_url import email_settings

PROJECT = Path("/srv/portal")


def test_an_absolute_mailbox_folder_stays_absolute():
    settings = email_settings("filemail:///var/lib/portal/mail", base_dir=PROJECT)

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert settings["EMAIL_FILE_PATH"] == "/var/lib/portal/mail"


def test_a_relative_mailbox_folder_is_relative_to_the_project_not_the_working_directory():
    assert (
        email_settings("filemail://var/mail", base_dir=PROJECT)["EMAIL_FILE_PATH"] == "/srv/portal/var/mail"
    )


def test_a_mailbox_folder_is_unquoted_and_its_query_ignored():
    settings = email_settings("filemail:///srv/my%20mail?timeout=5", base_dir=PROJECT)

    assert settings["EMAIL_FILE_PATH"] == "/srv/my mail"
    assert settings["OPTIONS"] == {"TIMEOUT": 5}


def test_a_mailbox_without_folder_is_refused():
    with pytest.raises(ImproperlyConfigured, match="needs a folder"):
        email_settings("filemail://", base_dir=PROJECT)


def test_smtp_urls_are_read_as_django_environ_reads_them():
    settings = email_settings("smtp+tls://mailer:p%40ss@smtp.example.gouv.fr:587", base_dir=PROJECT)

    assert settings["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (settings["EMAIL_HOST"], settings["EMAIL_PORT"]) == ("smtp.example.gouv.fr", 587)
    assert (settings["EMAIL_HOST_USER"], settings["EMAIL_HOST_PASSWORD"]) == ("mailer", "p@ss")
    assert settings["EMAIL_USE_TLS"] is True
