"""``python -m bench.growth FILE...``: how figures grow between sizes, from saved results.

Each FILE is a ``var/bench/result-<size>-<seed>-<database>.json`` written by ``styr bench``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from styr.bench.runner import growth


def main(paths: list[str]) -> int:
    results = [json.loads(Path(p).read_text(encoding="utf-8")) for p in paths]
    print(json.dumps(growth(results), indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
