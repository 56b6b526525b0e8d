"""live_preview — the editor's local preview server: rebuilds on every save and reloads the
open page (not a Pelican plugin; ``./magazine livereload`` runs it, see README.md)."""

from live_preview.app import BuildState, PreviewApp
from live_preview.loop import LivePreview, Rebuilder

__all__ = ["BuildState", "LivePreview", "PreviewApp", "Rebuilder"]
