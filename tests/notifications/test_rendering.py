"""The security e-mail as its recipient reads it, in the language they used: rendered without a
worker or a mail server (the journey through them is test_security_email.py)."""

import pytest

from notifications.models import Notification
from notifications.rendering import notification_render


def security_email(language: str, connected_at: str) -> tuple[str, str, str]:
    notification = Notification(
        kind=Notification.Kind.SECURITY_CONNECTION,
        language=language,
        context={
            "reference": "FC-ABCDEFGHJK",
            "connected_at": connected_at,
            "site_name": "Caisse des familles (démo)",
            "identity_provider_name": "ameli.fr (démo)",
            "full_name": "Olga PETROVA",
            "report_url": "http://127.0.0.1:8000/contact/?p=signed",
        },
    )
    return notification_render(notification)


@pytest.mark.parametrize(
    ("language", "moment", "date", "time"),
    [
        # 22:30 UTC on 23 August is 00:30 on 24 August in Paris: the date follows Paris time.
        ("fr", "2026-08-23T22:30:00+00:00", "24 août 2026", "00:30"),
        ("fr", "2026-03-01T09:05:00+00:00", "1er mars 2026", "10:05"),
        ("en", "2026-08-23T22:30:00+00:00", "24 August 2026", "00:30"),
        ("ru", "2026-08-23T22:30:00+00:00", "24 августа 2026 г.", "00:30"),
    ],
)
def test_the_body_gives_name_date_and_time_as_people_write_them(language, moment, date, time):
    _subject, text, html = security_email(language, moment)

    for body in (text, html):
        assert "Olga PETROVA" in body
        assert f"{date}, {time}" in body
        assert "2026-08-2" not in body and "2026-03-01" not in body
