"""Hubs plugin: topic hubs, pillar pages gathering everything the company knows about a topic."""

from hubs.plugin import register

__all__ = ["register"]
