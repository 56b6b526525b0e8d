"""The hubs' coverage: articles per buyer-journey stage and format, gaps, staleness, orphans.

One plain dict (written as ``api/v1/hubs/coverage.json``) feeds both the JSON file
and the text table of ``./magazine hubs``, so the two never disagree.

A *gap* is a format left empty in the stage the taxonomy assigns it to (an
interview is expected under consideration); a cell outside that map is not a gap.
An *empty stage* has no piece at all; ``--strict`` fails on those.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from corporate_world import CorporateWorld, Hub
from corporate_world.taxonomy import STAGES

from hubs.membership import HubWarning

VERSION = 1


def content_relative(path: str, content: Path) -> str:
    try:
        return Path(path).resolve().relative_to(content.resolve()).as_posix()
    except ValueError:
        return Path(path).as_posix()


def _warning(warning: HubWarning, content: Path) -> dict:
    return {"file": content_relative(warning.file, content), "field": warning.field,
            "value": warning.value, "message": warning.message}


def hub_coverage(hub: Hub, world: CorporateWorld, content: Path, public_url: str,
                 today: date, stale_days: int, warnings: list[HubWarning]) -> dict:
    formats = world.taxonomy["format"].terms
    counts = {stage: dict.fromkeys(formats, 0) for stage in STAGES}
    for article in hub.articles:
        profile = world.profile(article)
        if profile.stage in counts and profile.format is not None:
            counts[profile.stage][profile.format.slug] += 1
    gaps = [{"stage": term.stage, "format": slug} for slug, term in formats.items()
            if term.stage in counts and counts[term.stage][slug] == 0]
    newest = hub.newest.date() if hub.newest else None
    age = (today - newest).days if newest else None
    return {
        "slug": hub.slug,
        "title": hub.title,
        "url": f"{public_url}/{hub.url}",
        "source": content_relative(hub.source, content),
        "articles": len(hub.articles),
        "pinned": len(hub.pinned),
        "stages": {stage: {"total": sum(counts[stage].values()), "formats": counts[stage]}
                   for stage in STAGES},
        "gaps": gaps,
        "empty_stages": [stage for stage in STAGES if not sum(counts[stage].values())],
        "newest": newest.isoformat() if newest else None,
        "age_days": age,
        "stale": age is None or age > stale_days,
        "warnings": [_warning(w, content) for w in warnings if w.file == hub.source],
    }


def coverage_report(world: CorporateWorld, content: Path, public_url: str, today: date,
                    stale_days: int, warnings: list[HubWarning]) -> dict:
    """The whole report: every hub, and the published articles that belong to no hub."""
    in_a_hub = {a.source_path for hub in world.hubs.values() for a in hub.articles}
    orphans = []
    for article in world.articles:
        if article.source_path in in_a_hub:
            continue
        profile = world.profile(article)
        orphans.append({
            "slug": article.slug, "title": article.title, "lang": article.lang,
            "url": f"{public_url}/{article.url}",
            "source": content_relative(article.source_path, content),
            "date": article.date.date().isoformat(), "stage": profile.stage,
            "format": profile.format.slug if profile.format else None,
            "topics": [t.slug for t in profile.topics],
        })
    return {
        "version": VERSION,
        "reference_date": today.isoformat(),
        "stale_days": stale_days,
        "stages": list(STAGES),
        "formats": list(world.taxonomy["format"].terms),
        "hubs": [hub_coverage(hub, world, content, public_url, today, stale_days, warnings)
                 for hub in world.hubs.values()],
        "orphans": orphans,
        "warnings": [_warning(w, content) for w in warnings],
    }


def empty_stages(report: dict) -> list[tuple[str, str]]:
    """(hub slug, stage) for every stage without a single piece."""
    return [(hub["slug"], stage) for hub in report["hubs"] for stage in hub["empty_stages"]]


def render_text(report: dict) -> str:
    """The report as a terminal table: a count per cell, 0 for a gap, · where none is expected.

    Staleness is relative to the report's reference date (the day it was built).
    """
    formats = report["formats"]
    first = max(len(s) for s in ["stage", *report["stages"]]) + 2
    width = max([5, *(len(f) for f in formats)]) + 2
    lines = [f"Hub coverage on {report['reference_date']} "
             f"(stale after {report['stale_days']} days without a new piece)", ""]
    for hub in report["hubs"]:
        gap_cells = {(g["stage"], g["format"]) for g in hub["gaps"]}
        newest = (f"newest {hub['newest']} ({hub['age_days']} days ago)" if hub["newest"]
                  else "no articles yet")
        lines.append(f"{hub['title']}  [{hub['slug']}]  {hub['source']}")
        lines.append(f"  {hub['articles']} articles ({hub['pinned']} pinned), {newest}")
        lines.append("  " + "stage".ljust(first) + "".join(f.rjust(width) for f in formats)
                     + "total".rjust(8))
        for stage in report["stages"]:
            cells = []
            for fmt in formats:
                count = hub["stages"][stage]["formats"][fmt]
                cells.append(str(count) if count or (stage, fmt) in gap_cells else "·")
            lines.append("  " + stage.ljust(first) + "".join(c.rjust(width) for c in cells)
                         + str(hub["stages"][stage]["total"]).rjust(8))
        if hub["gaps"]:
            lines.append("  gaps: " + ", ".join(f"{g['stage']} × {g['format']}"
                                                for g in hub["gaps"]))
        for stage in hub["empty_stages"]:
            lines.append(f"  EMPTY STAGE: {stage}")
        if hub["stale"]:
            lines.append(f"  STALE: no new piece for more than {report['stale_days']} days")
        for warning in hub["warnings"]:
            lines.append(f"  warning: {warning['field']}: {warning['value']}: "
                         f"{warning['message']}")
        lines.append("")
    orphans = report["orphans"]
    lines.append(f"Articles in no hub ({len(orphans)}):")
    lines += [f"  {o['source']}  {o['title']}" for o in orphans] or ["  none"]
    return "\n".join(lines) + "\n"
