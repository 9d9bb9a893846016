"""`python -m demo.partner_site <command>`: manage.py of the demo partner site."""

import os
import sys

from django.core.management import execute_from_command_line

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "demo.partner_site.settings")
execute_from_command_line([sys.argv[0], *sys.argv[1:]])
