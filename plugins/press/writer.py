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
        # Pelican's overwrite rules, without touching the file another process writes
        if filename in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" a second '
                                               "time (was previously overwritten)")
        elif filename in self._written_files and not override:
            raise FileOverwriteFailedError(f'Failed to overwrite "{filename}" as Pelican has '
                                           "already written to it previously")
        if override:
            self._overridden_files.add(filename)
        self._written_files.add(filename)
        return io.StringIO()
