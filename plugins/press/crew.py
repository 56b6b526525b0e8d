"""The press crew: one build's output shared by forked processes, one per CPU core.

Pelican writes every page in one process. Once the context is complete (every
article read, every link known) nothing changes any more, so the ``press`` plugin
forks helpers there, and each process writes only the files that fall to it
(:func:`mine`, by a hash of the output path). Every process still walks the same
generators in the same order, so Pelican's bookkeeping and signals stay intact.

A plugin that writes files itself asks ``mine(relative_path)`` first; one that
reads files other processes write waits at a :func:`checkpoint` first. With one
process (the default when the plugin is off) ``mine`` is always true and the
checkpoint returns at once.

Before the output phase, :func:`spread` runs a pure function over many items on
every core (forked too, so the items are not copied; only results travel back).
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import traceback
import zlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, Pipe
from typing import TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")
SPREAD_MINIMUM = 200  # items per process below which forking costs more than it saves


class PressError(RuntimeError):
    """A helper process ended without reporting: the output is incomplete."""


@dataclass
class Crew:
    """This process's place in the crew: index 0 is the lead (the process Pelican started)."""

    size: int = 1
    index: int = 0
    helpers: dict[int, Connection] = field(default_factory=dict)  # lead: pid -> channel
    channel: Connection | None = None  # helper: the line back to the lead
    planned: int = 1  # processes the press plugin may use in this run (PRESS_WORKERS)


_crew = Crew()


def plan(workers: int) -> None:
    """How many processes this run may use (the press plugin sets it; 1 without it)."""
    _crew.planned = max(1, int(workers))


def spread(work: Callable[[Item], Result], items: Sequence[Item]) -> list[Result]:
    """``[work(item) for item in items]``, the items dealt round-robin to forked helpers.

    For costly pure functions of objects read earlier (a helper's changes to them are
    lost); a helper's exception is raised here.
    """
    workers = min(_crew.planned, len(items) // SPREAD_MINIMUM)
    if workers < 2 or _crew.helpers or _crew.channel is not None:
        return [work(item) for item in items]
    helpers: list[tuple[int, Connection]] = []
    for index in range(1, workers):
        pid, receiver, sender = _fork_with_line()
        if pid == 0:
            code = 0
            try:
                sender.send(("done", [work(item) for item in items[index::workers]]))
            except BaseException as error:
                sender.send(("failed", _travelling(error)))
                code = 1
            finally:
                os._exit(code)
        helpers.append((pid, receiver))
    results: list = [None] * len(items)
    failure: BaseException | None = None
    try:
        results[0::workers] = [work(item) for item in items[0::workers]]
    except BaseException as error:
        failure = error
    for index, (pid, receiver) in enumerate(helpers, start=1):
        try:
            kind, value = receiver.recv()
        except EOFError:
            kind, value = "failed", pickle.dumps(PressError(f"spread helper {pid} died"))
        receiver.close()
        os.waitpid(pid, 0)
        if kind == "failed":
            failure = failure or pickle.loads(value)
        else:
            results[index::workers] = value
    if failure is not None:
        raise failure
    return results


def owner(relative: str, size: int) -> int:
    """The index of the process that writes the output file at ``relative``, of ``size``."""
    key = os.path.normpath(relative).replace(os.sep, "/").lstrip("/")
    return zlib.crc32(key.encode("utf-8")) % size


def mine(relative: str) -> bool:
    """Whether this process writes the output file at ``relative`` (to the output folder)."""
    return _crew.size == 1 or owner(relative, _crew.size) == _crew.index


def is_lead() -> bool:
    return _crew.index == 0


def size() -> int:
    return _crew.size


def fork(workers: int) -> int:
    """Start ``workers - 1`` helpers; returns this process's index (0 in the lead)."""
    reset()
    for index in range(1, workers):
        pid, receiver, sender = _fork_with_line()
        if pid == 0:
            for other in _crew.helpers.values():
                other.close()
            _crew.helpers.clear()
            _crew.size, _crew.index, _crew.channel = workers, index, sender
            return index
        _crew.helpers[pid] = receiver
    _crew.size = workers
    return 0


def _fork_with_line() -> tuple[int, Connection, Connection]:
    """Fork; the child keeps the sending end of a new line, the parent the receiving end."""
    receiver, sender = Pipe(duplex=False)
    sys.stdout.flush()
    sys.stderr.flush()
    pid = os.fork()
    (receiver if pid == 0 else sender).close()
    return pid, receiver, sender


def checkpoint(name: str) -> None:
    """Meet every process here: a helper reports it arrived, the lead waits for all of them."""
    if _crew.channel is not None:
        _crew.channel.send(("checkpoint", name))
        return
    for pid, channel in _crew.helpers.items():
        _await(pid, channel, ("checkpoint", name))


def done(report=None) -> None:
    """A helper's last word when its share is written, with ``report`` for the lead."""
    if _crew.channel is not None:
        _crew.channel.send(("done", report))


def failed(error: BaseException) -> None:
    """A helper's last word when its share failed: the lead raises ``error`` in its place."""
    if _crew.channel is not None:
        _crew.channel.send(("failed", _travelling(error)))


def _travelling(error: BaseException) -> bytes:
    """``error`` pickled; one that cannot travel becomes a PressError with its traceback."""
    try:
        payload = pickle.dumps(error)
        pickle.loads(payload)
    except Exception:
        payload = pickle.dumps(PressError("".join(traceback.format_exception(error))))
    return payload


def finish() -> list:
    """The lead waits for every helper, then stands the crew down; a helper's failure is raised.

    Returns the helpers' reports (what each passed to :func:`done`).
    """
    failure: BaseException | None = None
    reports = []
    try:
        for pid, channel in list(_crew.helpers.items()):
            try:
                reports.append(_await(pid, channel, ("done", None)))
            except BaseException as error:  # keep waiting for the others, raise the first
                failure = failure or error
            _, status = os.waitpid(pid, 0)
            del _crew.helpers[pid]
            channel.close()
            if failure is None and os.waitstatus_to_exitcode(status) != 0:
                failure = PressError(f"press helper {pid} exited with status "
                                     f"{os.waitstatus_to_exitcode(status)}")
    finally:
        reset()
    if failure is not None:
        raise failure
    return reports


def reset() -> None:
    """Back to a crew of one (every run starts so; autoreload reuses the process).

    Helpers still listed belong to a build that failed before :func:`finish`: stop them.
    """
    for pid, channel in _crew.helpers.items():
        channel.close()
        try:
            os.kill(pid, signal.SIGTERM)
            os.waitpid(pid, 0)
        except (ChildProcessError, ProcessLookupError):
            pass
    _crew.helpers.clear()
    _crew.size, _crew.index, _crew.channel = 1, 0, None


def _await(pid: int, channel: Connection, expected: tuple):
    """Wait for ``expected`` (a checkpoint's name must match; ``done`` carries a report)."""
    while True:
        try:
            message = channel.recv()
        except EOFError:
            raise PressError(f"press helper {pid} ended before {expected[0]} {expected[1] or ''}"
                             .rstrip()) from None
        if message == expected or (expected[0] == "done" and message[0] == "done"):
            return message[1]
        if message[0] == "failed":
            raise pickle.loads(message[1])
