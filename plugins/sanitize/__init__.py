"""Sanitize: make article, page and hub-intro bodies safe before anything publishes them.

Python-Markdown passes raw HTML and any link target through, so a body can carry
``<script>``, event handlers and ``javascript:`` links. The site's Content-Security-Policy
stops inline script on our pages, but feeds, the JSON API's ``html`` and other clients carry
the body elsewhere, and a same-origin ``<script src>`` passes the policy. So bodies are
cleaned at the source; each removal is a build warning naming the file (README.md).
"""

from sanitize.plugin import register

__all__ = ["register"]
