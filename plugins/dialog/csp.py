"""The Content-Security-Policy, derived from the settings and the embeds found in content.

One policy for the site, in every page's <meta> tag and in the header snippets; pages
with additions (DIALOG_CSP_PAGES, e.g. the search page's ``'wasm-unsafe-eval'``) get
theirs from the header snippets only. Scripts never get ``'unsafe-inline'``.
"""

from __future__ import annotations

from dialog.threads import REMARK42_DEFAULTS, isso_endpoint, origin_of

Policy = dict[str, list[str]]

# Directives a <meta> element cannot carry (browsers ignore them there and complain).
HEADER_ONLY = ("frame-ancestors", "report-uri", "report-to", "sandbox")


def _add(policy: Policy, directive: str, *sources: str) -> None:
    values = policy.setdefault(directive, [])
    for source in sources:
        if source and source not in values:
            values.append(source)


def site_policy(settings: dict, frame_origins: set[str]) -> Policy:
    """The policy every page gets: 'self' plus exactly what the enabled providers need."""
    policy: Policy = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "frame-src": sorted(frame_origins),
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
    }
    provider = settings.get("DIALOG_PROVIDER") or "isso"
    if provider == "isso":
        endpoint, absolute = isso_endpoint(settings)
        if absolute:
            origin = origin_of(endpoint)
            for directive in ("script-src", "style-src", "img-src", "connect-src"):
                _add(policy, directive, origin)
    elif provider == "giscus":
        origin = str((settings.get("DIALOG_GISCUS") or {}).get("origin") or "https://giscus.app")
        origin = origin_of(origin)
        for directive in ("script-src", "style-src", "frame-src"):
            _add(policy, directive, origin)
    elif provider == "remark42":
        host = str({**REMARK42_DEFAULTS, **(settings.get("DIALOG_REMARK42") or {})}["host"])
        if host:
            origin = origin_of(host)
            for directive in ("script-src", "style-src", "img-src", "connect-src", "frame-src"):
                _add(policy, directive, origin)
        # Remark42's embed script writes style attributes into the page; styles only.
        _add(policy, "style-src", "'unsafe-inline'")
    for directive, sources in (settings.get("DIALOG_CSP_EXTRA") or {}).items():
        _add(policy, directive, *sources)
    if not policy["frame-src"]:
        policy["frame-src"] = ["'none'"]
    return policy


def page_additions(settings: dict, output_file: str) -> list[dict[str, list[str]]]:
    """What DIALOG_CSP_PAGES adds for the page written to ``output_file``."""
    pages = settings.get("DIALOG_CSP_PAGES") or {}
    return [additions for prefix, additions in pages.items()
            if output_file.startswith(prefix.lstrip("/"))]


def for_page(site: Policy, settings: dict, output_file: str) -> Policy:
    """The site policy plus the additions DIALOG_CSP_PAGES names for this page's folder."""
    policy = {k: list(v) for k, v in site.items()}
    for additions in page_additions(settings, output_file):
        for directive, sources in additions.items():
            _add(policy, directive, *sources)
    return policy


def render(policy: Policy, meta: bool = False) -> str:
    return "; ".join(f"{directive} {' '.join(sources)}" for directive, sources in policy.items()
                     if not (meta and directive in HEADER_ONLY))


def header_policy(site: Policy) -> Policy:
    """What a server sends as a header: the meta policy plus frame-ancestors."""
    policy = {k: list(v) for k, v in site.items()}
    policy["frame-ancestors"] = ["'self'"]
    return policy


def headers_file(site: Policy, settings: dict) -> str:
    """A ``_headers`` file (Netlify, Cloudflare Pages and similar static hosts)."""
    lines = ["# Written by the dialog plugin: the same policy as each page's <meta> tag.", "/*",
             f"  Content-Security-Policy: {render(header_policy(site))}",
             "  Referrer-Policy: strict-origin-when-cross-origin",
             "  X-Content-Type-Options: nosniff", ""]
    for prefix in settings.get("DIALOG_CSP_PAGES") or {}:
        path = "/" + prefix.strip("/") + "/*"
        lines += [path, "  ! Content-Security-Policy",
                  f"  Content-Security-Policy: "
                  f"{render(header_policy(for_page(site, settings, prefix.lstrip('/'))))}", ""]
    return "\n".join(lines)


def nginx_snippet(site: Policy, settings: dict) -> str:
    """An nginx include: ``include /srv/magazin/dialog/csp.conf;`` inside the server block."""
    lines = ["# Written by the dialog plugin. Include inside the magazine's server { } block.",
             f'add_header Content-Security-Policy "{render(header_policy(site))}" always;',
             'add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
             'add_header X-Content-Type-Options "nosniff" always;']
    for prefix in settings.get("DIALOG_CSP_PAGES") or {}:
        page = render(header_policy(for_page(site, settings, prefix.lstrip("/"))))
        lines += [f"location /{prefix.strip('/')}/ {{",
                  f'    add_header Content-Security-Policy "{page}" always;',
                  '    add_header Referrer-Policy "strict-origin-when-cross-origin" always;',
                  '    add_header X-Content-Type-Options "nosniff" always;', "}"]
    return "\n".join(lines) + "\n"
