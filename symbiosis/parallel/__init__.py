"""The parallel engine of every analysis that solves many times (see engine.py)."""

from symbiosis.parallel.engine import Engine, Job, batch_size, batches, parallelism, run_tasks
from symbiosis.parallel.pool import warm_up

__all__ = ["Engine", "Job", "batch_size", "batches", "parallelism", "run_tasks", "warm_up"]
