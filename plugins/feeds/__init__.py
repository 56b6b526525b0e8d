"""Feeds plugin: Atom, RSS and JSON Feed for the magazine, its languages, terms, authors, hubs.

Settings and paths are documented in README.md next to this file.
"""

from feeds.plugin import register

__all__ = ["register"]
