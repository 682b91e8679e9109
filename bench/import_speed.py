"""``python -m bench.import_speed [--pages 100] [--repeat 3]``: the document importer's speed.

The code lives in ``styr.bench.import_speed`` so ``styr bench`` can run it too.
"""

from __future__ import annotations

import os
import sys

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "styr.settings")
django.setup()

from styr.bench.import_speed import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
