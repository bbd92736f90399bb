"""Where a command's many solves run: the options every multi-solve command shares.

montecarlo, sensitivity, data-needs, sweep, pareto, macc and share take the same
``--workers N``, ``--dask-local N``, ``--scheduler ADDRESS`` and ``--batch-size N``
and hand them to the parallel engine (symbiosis/parallel/engine.py) unchanged.
"""

from __future__ import annotations

import argparse


def whole(minimum: int):
    """An argparse type: a whole number of at least ``minimum``."""
    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"must be at least {minimum}: {text!r}")
        return value
    return parse


def add_execution_options(p: argparse.ArgumentParser) -> None:
    g = p.add_argument_group("where the solves run")
    g.add_argument("--workers", type=whole(1), default=1,
                   help="local worker processes, one HiGHS thread each (default 1: this "
                        "process)")
    g.add_argument("--dask-local", type=whole(1), metavar="N",
                   help="run on a Dask LocalCluster of N workers")
    g.add_argument("--scheduler", metavar="ADDRESS",
                   help="run on a Dask distributed cluster (tcp://host:8786); its workers "
                        "need the package, not the scenario's files")
    g.add_argument("--batch-size", type=whole(1), help="solves per task (default: automatic)")


def execution(args: argparse.Namespace) -> dict:
    """The engine's keyword arguments from the parsed options."""
    return {"workers": args.workers, "batch_size": args.batch_size,
            "scheduler": args.scheduler, "dask_local": args.dask_local}


def warm_up(args: argparse.Namespace) -> None:
    """Start the local pool's fork server as the command starts, when it will use one, so
    the workers' imports run on another core while this process imports, loads and
    writes."""
    if getattr(args, "workers", 1) > 1 and not (args.dask_local or args.scheduler):
        from symbiosis.parallel import warm_up as start

        start(args.workers)


def described(args: argparse.Namespace) -> str:
    if args.scheduler:
        return f"dask scheduler {args.scheduler}"
    if args.dask_local:
        return f"dask LocalCluster, {args.dask_local} workers"
    return f"{args.workers} local worker{'s' if args.workers > 1 else ''}"
