"""Benchmark scripts and the synthetic corpus generator (importable: `benchmarks.generate_corpus`)."""
