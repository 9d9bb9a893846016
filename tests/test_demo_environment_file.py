"""`make demo` writes var/demo.env so that manage.py's commands act on the running demo; an
environment that chooses its settings (tests, CI, production) never reads it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from demo.environment_file import demo_environment_read, demo_environment_write

ROOT = Path(__file__).resolve().parents[1]
DEMO_DATABASE = "postgres://postgres@127.0.0.1:5432/portal_demo"


@pytest.fixture
def demo_file(tmp_path):
    started_with = {"PORTAL_VAR_DIR": str(tmp_path), "DATABASE_URL": DEMO_DATABASE, "HOME": "/root"}
    return demo_environment_write(tmp_path, started_with)


def test_the_demo_writes_its_settings_environment_privately(demo_file, tmp_path):
    assert oct(demo_file.stat().st_mode)[-3:] == "600"
    assert demo_environment_read({"PORTAL_VAR_DIR": str(tmp_path)}) == {
        "PORTAL_ENV": "demo",
        "DATABASE_URL": DEMO_DATABASE,
    }  # its own variables only (not HOME), and PORTAL_VAR_DIR already set


@pytest.mark.parametrize(
    "chosen",
    [{"PORTAL_ENV": "production"}, {"DJANGO_SETTINGS_MODULE": "franceconnect.project.settings_test"}],
)
def test_an_environment_that_chooses_its_settings_ignores_the_file(demo_file, tmp_path, chosen):
    assert demo_environment_read({"PORTAL_VAR_DIR": str(tmp_path), **chosen}) == {}


def test_a_variable_set_in_the_environment_wins_over_the_file(demo_file, tmp_path):
    other = "sqlite:///elsewhere.sqlite3"

    added = demo_environment_read({"PORTAL_VAR_DIR": str(tmp_path), "DATABASE_URL": other})

    assert added == {"PORTAL_ENV": "demo"}


def test_no_file_adds_nothing(tmp_path):
    assert demo_environment_read({"PORTAL_VAR_DIR": str(tmp_path)}) == {}


def _manage_prints_settings(environment: dict[str, str]) -> str:
    script = (
        "from django.conf import settings; print(settings.PORTAL_ENV, settings.DATABASES['default']['NAME'])"
    )
    clean = {
        key: value
        for key, value in os.environ.items()
        if key not in {"PORTAL_ENV", "DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL", "PORTAL_VAR_DIR"}
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "--no-imports", "-c", script],
        cwd=ROOT,
        env={**clean, **environment},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_manage_py_acts_on_the_demo_unless_the_environment_chooses_settings(tmp_path):
    demo_environment_write(tmp_path, {"DATABASE_URL": f"sqlite:///{tmp_path}/demo.sqlite3"})

    assert _manage_prints_settings({"PORTAL_VAR_DIR": str(tmp_path)}) == f"demo {tmp_path}/demo.sqlite3"
    # As pytest-django runs the suite: its settings module is set, the file is not read.
    test_settings = {
        "PORTAL_VAR_DIR": str(tmp_path),
        "DJANGO_SETTINGS_MODULE": "franceconnect.project.settings_test",
    }
    assert _manage_prints_settings(test_settings) == f"test {tmp_path}/portal.sqlite3"
