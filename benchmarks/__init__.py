"""Benchmarks of the portal: `make bench` runs `python -m benchmarks`, which writes benchmarks/RESULTS.md."""
