"""Where independent pieces of work run: here, in local processes, or on a Dask cluster.

``run_ordered(fn, args_list, n_jobs=1, scheduler=None)`` yields ``fn(*args)`` for
each ``args`` in order:

* ``scheduler=None, n_jobs=1`` — in this process;
* ``scheduler=None, n_jobs≠1`` — joblib worker processes (−1 = every core);
* ``scheduler="tcp://host:8786"`` (or a ``distributed.Client``) — the workers of
  a Dask distributed cluster (``pip install "satisfaction-research[cluster]"``).
  Arguments shared by every call (``shared``, e.g. the fitted model) are sent to
  the workers once (``Client.scatter(broadcast=True)``), not with every task.

The results do not depend on where the work ran: callers seed each piece of
work from its own ``SeedSequence`` child, never from the worker.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from .errors import invalid_option


def _client(scheduler):
    try:
        from distributed import Client
    except ImportError:
        raise invalid_option("scheduler", str(scheduler)[:80],
                             'Running on a cluster needs Dask: pip install "satisfaction-research[cluster]".',
                             '在集群上运行需要 Dask：pip install "satisfaction-research[cluster]"。',
                             '在叢集上執行需要 Dask：pip install "satisfaction-research[cluster]"。') from None
    if isinstance(scheduler, Client):
        return scheduler, False
    if not isinstance(scheduler, str) or not scheduler.strip():
        raise invalid_option("scheduler", repr(scheduler)[:80], "Give the scheduler's address, e.g. tcp://10.0.0.5:8786.",
                             "请给出调度器地址，例如 tcp://10.0.0.5:8786。", "請提供排程器位址，例如 tcp://10.0.0.5:8786。")
    try:
        return Client(scheduler, timeout="10s"), True
    except (OSError, TimeoutError) as err:
        raise invalid_option("scheduler", scheduler, f"Could not reach the Dask scheduler ({type(err).__name__}); "
                             f"check the address and that the scheduler is running.",
                             f"无法连接 Dask 调度器（{type(err).__name__}）；请检查地址以及调度器是否在运行。",
                             f"無法連線 Dask 排程器（{type(err).__name__}）；請檢查位址以及排程器是否在執行。") from None


def run_ordered(fn: Callable, args_list: Sequence[tuple], *, n_jobs: int = 1, scheduler=None,
                shared: tuple = ()) -> Iterable:
    """``fn(*shared, *args)`` for every ``args``, yielded in the order given (see the module docstring)."""
    if scheduler is not None:
        client, own = _client(scheduler)
        try:
            scattered = [client.scatter(x, broadcast=True) for x in shared]
            futures = [client.submit(fn, *scattered, *args, pure=False) for args in args_list]
            for fut in futures:
                yield fut.result()
        finally:
            if own:
                client.close()
        return
    if n_jobs == 1:
        for args in args_list:
            yield fn(*shared, *args)
        return
    from joblib import Parallel, cpu_count, delayed

    # a few calls per worker task: the shared arguments (a fitted model, ~1 MB) are pickled once per task
    workers = cpu_count() if n_jobs < 0 else n_jobs
    per_task = max(1, -(-len(args_list) // (4 * max(workers, 1))))
    chunks = [args_list[i:i + per_task] for i in range(0, len(args_list), per_task)]
    runs = Parallel(n_jobs=n_jobs, return_as="generator")(delayed(_run_many)(fn, shared, chunk) for chunk in chunks)
    for results in runs:
        yield from results


def _run_many(fn: Callable, shared: tuple, chunk: Sequence[tuple]) -> list:
    return [fn(*shared, *args) for args in chunk]
