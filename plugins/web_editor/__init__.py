"""Web editor: Decap CMS at /admin/, configured from the taxonomy, authors and hubs.

See README.md. ``register`` imports the Pelican side lazily.
"""


def register() -> None:
    from web_editor.plugin import register as connect

    connect()
