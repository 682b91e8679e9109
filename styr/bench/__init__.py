"""The benchmark suite behind ``styr bench`` and ``make bench`` (see BENCHMARKS.md)."""
