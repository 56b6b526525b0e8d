"""Headless content API: the magazine as versioned, schema-checked JSON under /api/v1/.

``register`` imports the Pelican side lazily, so that ``api.digest`` (a consumer of
the built files) can be imported without Pelican.
"""


def register() -> None:
    from api.plugin import connect

    connect()
