"""Run a function in a forked child process with a time bound and a memory bound, and get its result.

Reading an untrusted workbook is the one step of an import whose cost the file decides. It runs here: the
child's address space is capped (``RLIMIT_AS``, its size at fork plus ``memory_bytes``) and the parent kills
it after ``seconds``. The child never touches the database; it returns picklable data through a pipe.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
from collections.abc import Callable
from typing import Any


class Exceeded(Exception):
    """The child ran out of time (``what == "time"``) or memory (``"memory"``), or died."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


# The peak resident size (MB) of the last child, as it reported it: the figure the memory tests check
# (RUSAGE_CHILDREN would be the largest of every child this process ever waited for).
last_child_peak_mb = 0.0


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _child(conn, function: Callable[..., Any], args: tuple, memory_bytes: int) -> None:
    try:
        limit = _address_space() + memory_bytes
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard != resource.RLIM_INFINITY:
            limit = min(limit, hard)
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
        result = function(*args)
        conn.send(("ok", result, _peak_mb()))
    except MemoryError:
        conn.send(("memory", None, _peak_mb()))
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent as data
        conn.send(("error", exc, _peak_mb()))
    finally:
        conn.close()


def run_bounded(function: Callable[..., Any], *args: Any, seconds: float, memory_bytes: int) -> Any:
    """``function(*args)`` in a child process; its exception is re-raised here, or :class:`Exceeded`."""
    global last_child_peak_mb
    last_child_peak_mb = 0.0
    context = multiprocessing.get_context("fork")
    parent, child = context.Pipe(duplex=False)
    process = context.Process(target=_child, args=(child, function, args, memory_bytes), daemon=True)
    process.start()
    child.close()
    try:
        if not parent.poll(seconds):
            raise Exceeded("time")
        try:
            status, payload, last_child_peak_mb = parent.recv()
        except EOFError as exc:  # killed (e.g. by the kernel) before it could answer
            raise Exceeded("memory") from exc
    finally:
        if process.is_alive():
            process.kill()
        process.join(5)
        parent.close()
    if status == "memory":
        raise Exceeded("memory")
    if status == "error":
        raise payload
    return payload
