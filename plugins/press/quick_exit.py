"""Ending Pelican's command line without freeing the heap object by object.

When a process ends, Python frees every object it holds, one at a time: after a build of
10,000 articles about 3 s, a tenth of an incremental rebuild, spent on memory the operating
system takes back at once anyway. So once a build has succeeded in a process that is
Pelican's command line (``pelican …``, ``python -m pelican …``), the press arranges that the
process ends with ``os._exit(0)`` after every exit handler has run and the output is flushed.

Anything but a clean end is left to Python as always: ``sys.exit()`` with any code, an
uncaught exception (``sys.last_value``), or a build that failed. In-process builds (tests,
the live preview's own process) are never touched. ``PRESS_QUICK_EXIT = False`` turns it off.
"""

from __future__ import annotations

import atexit
import contextlib
import logging
import os
import sys

DEFAULTS = {"PRESS_QUICK_EXIT": True}
_exits: list = []  # codes passed to sys.exit() since the first build of this process
_python_exit = sys.exit


def command_line() -> bool:
    """Whether this process is Pelican's command line."""
    main = sys.modules.get("__main__")
    spec = getattr(main, "__spec__", None)
    if spec is not None and spec.name == "pelican.__main__":
        return True
    return os.path.basename(sys.argv[0] if sys.argv else "") == "pelican"


def _noted_exit(code=0):
    _exits.append(code)
    _python_exit(code)


def arm(pelican) -> None:
    """At ``finalized`` (the build succeeded): end the process quickly when it ends cleanly."""
    if not pelican.settings.get("PRESS_QUICK_EXIT", True) or not command_line():
        return
    sys.exit = _noted_exit
    atexit.unregister(_end)
    atexit.register(_end)  # (handlers run last registered first: this one before the others)


def _end() -> None:
    failed = (_exits or getattr(sys, "last_value", None) is not None
              or getattr(sys, "last_exc", None) is not None)
    if failed:
        return  # Python ends it as always, with its code
    atexit.unregister(_end)
    atexit._run_exitfuncs()  # every other exit handler (logging's flush among them)
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(0)
