"""Vanilla Pelican for the benchmark: Pelican's defaults (theme notmyidea, no plugins, its
default feeds, no pagination), only the time zone set so that dates read like ours.

PATH and OUTPUT_PATH come from the command line (bench/run.py); the content cache is switched
on for the warm runs with ``-e CACHE_CONTENT=true LOAD_CONTENT_CACHE=true``.
"""

TIMEZONE = "Europe/Berlin"
