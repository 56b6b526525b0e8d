"""Series plugin: articles published in parts get part navigation and a page per series."""

from series.plugin import register

__all__ = ["register"]
