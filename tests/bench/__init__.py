"""Benchmarks (run as scripts, e.g. `python -m tests.bench.bench_stream`); not timed tests."""
