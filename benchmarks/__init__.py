"""The scale benchmark: `python -m benchmarks --size S|M|L`, results in docs/benchmarks.md."""
