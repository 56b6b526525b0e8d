"""The writer of a press crew: Pelican's bookkeeping for every page, rendering for a share."""

from __future__ import annotations

import io

from pelican.writers import FileOverwriteFailedError, Writer

from press import crew


class ShareOfTemplate:
    """Renders a page only when it falls to this process; tells the writer which it was."""

    def __init__(self, template, writer: PressWriter):
        self.template, self.writer = template, writer

    def render(self, localcontext: dict) -> str:
        self.writer.rendering = crew.mine(localcontext["output_file"])
        return self.template.render(localcontext) if self.writer.rendering else ""


class PressWriter(Writer):
    """Pelican's writer, rendering this process's share (everything while ``alone``)."""

    alone = False
    rendering = True

    def write_file(self, name, template, context, *args, **kwargs):
        if not self.alone and crew.size() > 1:
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
