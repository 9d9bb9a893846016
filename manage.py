#!/usr/bin/env python
"""Django's command line for the portal.

On a checkout where ``make demo`` ran, commands act on that demo without extra variables: it
wrote ``var/demo.env``, read here only when the environment names no settings of its own
(demo/environment_file.py says why tests, CI and production never see it).
"""

import os
import sys


def main():
    from demo.environment_file import demo_environment_read

    os.environ.update(demo_environment_read(os.environ))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "franceconnect.project.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
