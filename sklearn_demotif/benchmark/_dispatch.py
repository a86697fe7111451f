"""Where experiments run: one after the other, on local processes (joblib) or on Dask.

Every function here takes the experiments to run (``todo``: name → models),
``task_kwargs(name)`` (the keyword arguments of :func:`run_experiment` for one
experiment), ``record(name, rows)`` (called in this process as each experiment
finishes) and a progress bar.  The results do not depend on where they ran.
"""

from joblib import Parallel, cpu_count, delayed, effective_n_jobs

from ._experiment import run_experiment

#: How often Dask re-runs an experiment whose task raised.
DASK_RETRIES = 2


def _dispatch(todo, task_kwargs, record, progress, n_jobs=1, n_threads=None, scheduler=None):
    """Run every experiment of ``todo`` where asked, recording each as it finishes."""
    if scheduler is not None:
        _run_on_dask(scheduler, todo, task_kwargs, record, progress)
    elif effective_n_jobs(n_jobs) > 1 and len(todo) > 1:
        _run_on_processes(n_jobs, n_threads, todo, task_kwargs, record, progress)
    else:
        _run_here(todo, task_kwargs, record, progress)


def _run_here(todo, task_kwargs, record, progress):
    """One experiment after the other, in this process."""
    for name in todo:
        record(name, run_experiment(name, **task_kwargs(name)))
        progress.update()


def _run_task(name, kwargs):
    """One experiment in a worker: ``(name, rows)``."""
    return name, run_experiment(name, **kwargs)


def _run_on_processes(n_jobs, n_threads, todo, task_kwargs, record, progress):
    """Local worker processes (joblib's loky backend), each with its share of the CPUs."""
    n_workers = min(effective_n_jobs(n_jobs), len(todo))
    threads = n_threads or max(1, cpu_count() // n_workers)
    results = Parallel(n_jobs=n_workers, return_as="generator_unordered")(
        delayed(_run_task)(name, {**task_kwargs(name), "n_threads": threads}) for name in todo
    )
    for name, rows in results:
        record(name, rows)
        progress.update()


def _run_dask_task(name, kwargs, threads_per_host):
    """One experiment on a Dask worker, with torch threads shared among the host's tasks."""
    from distributed import get_worker

    if kwargs.get("n_threads") is None:
        worker = get_worker()
        concurrent = threads_per_host.get(worker.address.rsplit(":", 1)[0], worker.state.nthreads)
        kwargs = {**kwargs, "n_threads": max(1, cpu_count() // concurrent)}
    return _run_task(name, kwargs)


def _dask_threads_per_host(client):
    """Tasks that can run at once on every host of the cluster."""
    totals = {}
    for address, worker in client.scheduler_info(n_workers=-1)["workers"].items():
        host = address.rsplit(":", 1)[0]
        totals[host] = totals.get(host, 0) + worker["nthreads"]
    return totals


def _run_on_dask(scheduler, todo, task_kwargs, record, progress):
    """One Dask task per experiment, retried; failures are raised together at the end."""
    from distributed import Client, as_completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        threads_per_host = _dask_threads_per_host(client)
        futures = {
            client.submit(
                _run_dask_task, name, task_kwargs(name), threads_per_host,
                pure=False, retries=DASK_RETRIES,
            ): name
            for name in todo
        }
        failures = {}
        for future in as_completed(futures):
            name = futures[future]
            try:
                _, rows = future.result()
            except Exception as error:  # noqa: BLE001 - reported together below
                failures[name] = error
                continue
            record(name, rows)
            progress.update()
        if failures:
            details = "; ".join(f"{name}: {error!r}" for name, error in failures.items())
            raise RuntimeError(
                f"{len(failures)} of {len(todo)} experiments failed on the cluster "
                f"(the others are written): {details}"
            )
    finally:
        if client is not scheduler:
            client.close()
