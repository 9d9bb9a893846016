"""`python -m demo.identity_provider <command>`: manage.py of the demo identity provider."""

import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.identity_provider.settings")
execute_from_command_line([sys.argv[0], *sys.argv[1:]])
