"""No personal datum, code, token or secret of a connection and its security e-mail in any log.

The whole journey runs with every logger at DEBUG (as an operator's LOG_LEVEL=DEBUG would set
them): the login, the connection record, the code exchange, userinfo, and the e-mail, sent and
refused. Each log record, its arguments and its traceback are searched for the person's data.
"""

import logging
import os
import subprocess
import sys
from pathlib import Path

import jwt
import pytest

from franceconnect.federation.models import User
from franceconnect.federation.provider.subjects import pivot_hash
from notifications.delivery import TransientDeliveryError, notification_deliver
from notifications.models import Notification
from notifications.tasks import notification_send
from tests.flow_fixtures import query_of
from tests.identity_providers.fake_provider import VALID_IDENTITY

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]

# The test's own SMTP server logs what it receives: it is not the portal.
NOT_THE_PORTAL = ("mail.log", "asyncio")


def _logged(caplog) -> list[str]:
    formatter = logging.Formatter()
    texts = []
    for record in caplog.records:
        if record.name.startswith(NOT_THE_PORTAL):
            continue
        texts.append(f"{record.name} {record.getMessage()} {record.args!r}")
        if record.exc_info:
            texts.append(formatter.formatException(record.exc_info))
    return texts


def _personal_data(fake_provider) -> list[str]:
    identity = VALID_IDENTITY
    return [
        *identity["given_name"].split(),
        identity["family_name"],
        identity["birthdate"],
        identity["birthdate"].replace("-", ""),
        identity["email"],
        identity["email"].split("@")[0],
        identity["preferred_username"],
        fake_provider.sub,  # the identity provider's subject for the person
        fake_provider.client_secret,
        pivot_hash(identity),
    ]


def _assert_absent(caplog, secrets: list[str]) -> None:
    texts = [text.casefold() for text in _logged(caplog)]
    assert texts, "nothing was logged: the test would prove nothing"
    leaks = {secret for secret in secrets for text in texts if secret.casefold() in text}
    assert not leaks, f"logged: {sorted(leaks)}"


def _connect(partner, citizen) -> dict:
    citizen.log_in_at_provider(partner.authorize())
    back = citizen.confirm()
    assert back.status_code == 302, back.content[:500]
    code = query_of(back["Location"])["code"]
    token = partner.token(code).json()
    userinfo = partner.userinfo(token["access_token"])
    assert userinfo.status_code == 200
    sub = jwt.decode(token["id_token"], options={"verify_signature": False})["sub"]
    return {"code": code, "sub": sub, **token}


def _connection_secrets(partner, answer) -> list[str]:
    citizen = User.objects.get(account_key__isnull=False)
    return [
        answer["code"],
        answer["sub"],
        answer["access_token"],
        answer["id_token"],
        partner.secret,
        partner.state,
        partner.nonce,
        citizen.account_key,
    ]


def test_a_connection_and_its_security_email_log_no_personal_data(
    caplog, partner, citizen, fake_provider, mail_server
):
    caplog.set_level(logging.DEBUG)

    answer = _connect(partner, citizen)
    notification = Notification.objects.get()
    assert notification_send.apply(args=(notification.pk,)).get() == "sent"

    assert len(mail_server.messages) == 1
    assert "Angela Claire Louise DUBOIS" in mail_server.messages[0].get_body(("plain",)).get_content()
    _assert_absent(caplog, [*_personal_data(fake_provider), *_connection_secrets(partner, answer)])


@pytest.mark.parametrize(
    "answer",
    [
        "550 5.1.1 <angela.dubois@example.org>: Recipient address rejected: Angela DUBOIS unknown",
        "451 4.2.0 <angela.dubois@example.org>: mailbox of Angela DUBOIS busy, try later",
    ],
)
def test_a_refused_security_email_logs_no_personal_data(
    caplog, settings, partner, citizen, fake_provider, mail_server, answer
):
    settings.NOTIFICATION_MAX_RETRIES = 1
    _connect(partner, citizen)
    notification = Notification.objects.get()
    mail_server.refuse_with = answer
    caplog.set_level(logging.DEBUG)

    assert notification_send.apply(args=(notification.pk,)).get() == "failed"

    notification.refresh_from_db()
    # Administrators still read the server's own answer on the row, in admin.
    assert "angela.dubois@example.org" in notification.last_error
    assert any("notification" in text for text in _logged(caplog))
    _assert_absent(caplog, _personal_data(fake_provider))


def test_a_retried_email_raises_what_celery_may_log_without_the_servers_words(partner, citizen, mail_server):
    """A worker logs a retry's exception and its traceback (cause included): codes only."""
    _connect(partner, citizen)
    mail_server.refuse_with = "451 4.2.0 <angela.dubois@example.org>: mailbox of Angela DUBOIS busy"

    with pytest.raises(TransientDeliveryError) as raised:
        notification_deliver(notification_id=Notification.objects.get().pk)

    assert str(raised.value) == "recipient refused: 451"
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_log_level_debug_leaves_the_protocol_libraries_at_info():
    """Their DEBUG messages carry codes and redirect addresses with codes (oauthlib, DOT...)."""
    script = (
        "import logging, django; django.setup(); "
        "print(*(logging.getLogger(name).getEffectiveLevel() for name in "
        "('oauthlib', 'oauth2_provider', 'mozilla_django_oidc', 'urllib3', 'franceconnect')))"
    )
    environment = {
        **{key: value for key, value in os.environ.items() if key != "DJANGO_SETTINGS_MODULE"},
        "DJANGO_SETTINGS_MODULE": "franceconnect.project.settings",
        "PORTAL_ENV": "test",
        "LOG_LEVEL": "DEBUG",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["20", "20", "20", "20", "10"]
