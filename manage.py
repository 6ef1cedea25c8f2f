#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "npz_registry.settings")
    # Commands may run without SECRET_KEY (settings then make a key for this run only); the web
    # server may not. runserver serves, so it needs a real key or DEBUG like the web server.
    if "runserver" not in sys.argv[1:2]:
        os.environ.setdefault("NPZ_COMMAND_LINE", "true")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
