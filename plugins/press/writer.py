"""The press's writer: Pelican's bookkeeping for every page, rendering only what is needed.

A page is rendered when it falls to this process (the crew shares the pages out) and the
previous build cannot lend it unchanged (:mod:`press.incremental`).
"""

from __future__ import annotations

import io

from pelican.writers import FileOverwriteFailedError, Writer

from press import crew, incremental


class ShareOfTemplate:
    """Renders a page only when this process must; tells the writer whether it did."""

    def __init__(self, template, writer: PressWriter):
        self.template, self.writer = template, writer

    def render(self, localcontext: dict) -> str:
        path = localcontext["output_file"]
        if not (self.writer.alone or crew.mine(path)) or incremental.reuse(
                path, self.template, localcontext):
            self.writer.rendering = False
            return ""
        self.writer.rendering = True
        return incremental.render(path, self.template, localcontext)


class PressWriter(Writer):
    """Pelican's writer, rendering this process's share (everything while ``alone``) of what
    changed since the previous build (everything without one)."""

    alone = False
    rendering = True

    def write_file(self, name, template, context, *args, **kwargs):
        if not self.alone or incremental.enabled():
            template = ShareOfTemplate(template, self)
        try:
            return super().write_file(name, template, context, *args, **kwargs)
        finally:
            self.rendering = True

    def _open_w(self, filename, encoding, override=False):
        if self.rendering:
            return super()._open_w(filename, encoding, override)
        claim(self, filename, override)  # without touching the file another process writes
        return io.StringIO()


def claim(writer: Writer, filename: str, override: bool = False) -> bool:
    """Pelican's overwrite rules (``Writer._open_w``) for ``filename``, without opening it:
    raises where Pelican raises; False where Pelican skips the write (a file overridden
    before keeps its first version)."""
    if filename in writer._overridden_files:
        if override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second '
                                           "time (was previously overwritten)")
        return False
    if filename in writer._written_files and not override:
        raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as Pelican has '
                                       "already written to it previously")
    if override:
        writer._overridden_files.add(filename)
    writer._written_files.add(filename)
    return True
