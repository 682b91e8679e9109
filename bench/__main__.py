"""``python -m bench [styr bench options]`` (what ``make bench`` runs): ``styr bench``.

Without options it runs every benchmark at size S and writes the JSON to
var/bench/result-S-1-<database>.json as well as a table to the terminal.
"""

from __future__ import annotations

import sys

from styr.cli import main

if __name__ == "__main__":
    main(["styr", "bench", *sys.argv[1:]])
