"""Taxonomy plugin: file every article in the corporate world, or stop the build."""

from taxonomy.plugin import register

__all__ = ["register"]
