#!/usr/bin/env python
"""Kept for Django tooling that expects manage.py; the command to use is ``styr``."""

from styr.cli import main

if __name__ == "__main__":
    main()
