"""The parallel engine of every analysis that solves many times (see engine.py)."""

from symbiosis.parallel.engine import Engine, Job, batch_size, batches, parallelism, run_tasks

__all__ = ["Engine", "Job", "batch_size", "batches", "parallelism", "run_tasks"]
