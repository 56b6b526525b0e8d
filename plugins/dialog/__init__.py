"""Dialog: comments (Isso by default), reader questions on hubs, consent-gated embeds,
tracking-free share links and the site's Content-Security-Policy.

``register`` imports the Pelican side lazily, so that the gate and the local server
(``python -m dialog.gate`` / ``python -m dialog.server``) load without Pelican.
"""


def register() -> None:
    from dialog.plugin import register as connect

    connect()
