"""Pages the hubs plugin writes: one per hub, the hub index, and the coverage JSON."""

from __future__ import annotations

import json
from pathlib import Path

from corporate_world import world_of
from corporate_world.editions import EDITIONS_KEY, HUB_EDITIONS_KEY
from pelican.generators import Generator
from press import crew


class HubPagesGenerator(Generator):
    """Writes ``hub/<slug>/``, ``hubs/`` (and ``<lang>/hub/<slug>/``, ``<lang>/hubs/`` for
    the other language editions' hubs) and ``api/v1/hubs/coverage.json``."""

    press_shared = True  # the writer shares the pages; the report is written by its owner

    def generate_output(self, writer) -> None:
        if world_of(self.context) is None:
            return
        settings = self.settings
        relative = settings["RELATIVE_URLS"]
        editions = self.context.get(EDITIONS_KEY) or {}
        # the hubs read from files (per language edition), not others' additions
        for lang, hubs in self.context.get(HUB_EDITIONS_KEY, {}).items():
            edition = editions.get(lang)
            if edition is None or not hubs:
                continue
            for hub in hubs:
                writer.write_file(hub.save_as, self.get_template("hub"), self.context,
                                  relative_urls=relative, url=hub.url, hub=hub, edition=edition,
                                  page_name=hub.url.rstrip("/"))
            url = edition.url(settings["HUBS_URL"])
            writer.write_file(edition.save_as(settings["HUBS_SAVE_AS"]),
                              self.get_template("hubs"), self.context, relative_urls=relative,
                              url=url, hubs=hubs, edition=edition, page_name=url.rstrip("/"))
        report = self.context.get("hub_coverage")
        if report is not None and crew.mine(settings["HUB_COVERAGE_SAVE_AS"]):
            target = Path(self.output_path) / settings["HUB_COVERAGE_SAVE_AS"]
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n",
                              encoding="utf-8")
