"""Settings from the environment: secrets required in production, a clean ``check --deploy``."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENVIRONMENT = {
    "PORTAL_ENV": "production",
    "DJANGO_SETTINGS_MODULE": "franceconnect.project.settings",
    "SECRET_KEY": "a-production-like-secret-key-of-sufficient-length-and-variety-0123456789-XYZ",
    "ALLOWED_HOSTS": "portail.example.gouv.fr",
    "PUBLIC_BASE_URL": "https://portail.example.gouv.fr",
    "EMAIL_URL": "smtp+tls://mailer:password@smtp.example.gouv.fr:587",
    "OIDC_SIGNING_KEYS_DIR": "/etc/portal/signing-keys",
    "DATABASE_URL": "postgres://portal@db.example.gouv.fr:5432/portal",
    "REDIS_URL": "redis://cache.example.gouv.fr:6379/0",
    "IDP_SECRET_KEYS": "cHJvZHVjdGlvbi1saWtlLWZlcm5ldC1rZXktMzJieXQ=",
    "PAIRWISE_SUBJECT_SECRET": "a-production-like-pairwise-secret-0123456789",
    "ACCOUNT_KEY_SECRET": "a-production-like-account-key-secret-0123456789",
    "IDENTITY_REGISTER": "national_register.client.NationalRegister",
}


def _run_with(environment: dict[str, str], *args: str) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if key not in PRODUCTION_ENVIRONMENT}
    for test_only in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE", "DJANGO_SETTINGS_MODULE"):
        clean.pop(test_only, None)
    return subprocess.run(
        [sys.executable, *args],
        cwd=ROOT,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_check_deploy_reports_nothing_with_production_values():
    result = _run_with(PRODUCTION_ENVIRONMENT, "manage.py", "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    "missing",
    [
        "SECRET_KEY",
        "ALLOWED_HOSTS",
        "PUBLIC_BASE_URL",
        "EMAIL_URL",
        "OIDC_SIGNING_KEYS_DIR",
        "IDP_SECRET_KEYS",
        "PAIRWISE_SUBJECT_SECRET",
        "ACCOUNT_KEY_SECRET",
        "IDENTITY_REGISTER",
    ],
)
def test_production_refuses_to_start_without_a_required_value(missing):
    environment = {key: value for key, value in PRODUCTION_ENVIRONMENT.items() if key != missing}

    result = _run_with(environment, "manage.py", "check", "--deploy")

    assert result.returncode != 0
    assert missing in result.stderr


def test_unknown_environment_name_is_refused():
    result = _run_with({**PRODUCTION_ENVIRONMENT, "PORTAL_ENV": "staging"}, "manage.py", "check")

    assert result.returncode != 0
    assert "PORTAL_ENV must be production, demo or test" in result.stderr


def test_embedded_defaults_need_no_server(tmp_path):
    script = (
        "from django.conf import settings;"
        "print(settings.DATABASES['default']['ENGINE']);"
        "print(settings.CELERY_BROKER_URL);"
        "print(settings.EMAIL_FILE_PATH)"
    )
    environment = {"PORTAL_ENV": "demo", "PORTAL_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": ""}
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE", "PORTAL_ENV"}
    }
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import os, django; os.environ['DJANGO_SETTINGS_MODULE']="
            f"'franceconnect.project.settings'; django.setup(); {script}",
        ],
        cwd=ROOT,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    engine, broker, mailbox = result.stdout.split()
    assert engine == "django.db.backends.sqlite3"
    assert broker == "filesystem://"
    # The demo's e-mails go to var/mail itself (an absolute filemail:// URL), as the README says.
    assert mailbox == str(tmp_path / "mail")
    # The demo's secret key is generated once and kept private under var/.
    secret = tmp_path / "secrets" / "secret_key"
    assert secret.exists() and oct(secret.stat().st_mode)[-3:] == "600"
