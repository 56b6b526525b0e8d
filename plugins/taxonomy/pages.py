"""Pages the taxonomy owns: one per facet, one per term, one per author, an author index,
in every language edition (the default one at its paths, the others under ``<lang>/``)."""

from __future__ import annotations

from corporate_world import world_of
from corporate_world.editions import EDITIONS_KEY
from corporate_world.world import term_key
from pelican.generators import Generator


class FacetPagesGenerator(Generator):
    """Writes term and author pages from the corporate world, paginated as /page/N/."""

    press_shared = True  # writes through the writer only

    def generate_output(self, writer, terms: set[str] | None = None) -> None:
        """Every page; with ``terms`` (``term_key``s) only the facet pages and those terms'
        pages, in every edition (the live preview after a refile)."""
        world = world_of(self.context)
        if world is None:
            return
        relative = self.settings["RELATIVE_URLS"]
        for edition in self.context.get(EDITIONS_KEY, {}).values():
            lang = edition.lang
            common = {"relative_urls": relative, "edition": edition}
            for facet in world.taxonomy.facets.values():
                writer.write_file(edition.save_as(facet.save_as), self.get_template("facet"),
                                  self.context, url=edition.url(facet.url), facet=facet,
                                  articles=world.listing(lang),
                                  page_name=edition.url(facet.path), **common)
                for term in facet.terms.values():
                    if terms is not None and term_key(term) not in terms:
                        continue
                    listing = world.term_listing(term, lang)
                    url = edition.url(term.url)
                    writer.write_file(edition.save_as(term.save_as), self.get_template("term"),
                                      self.context, paginated={"articles": listing},
                                      template_name="term", url=url, facet=facet, term=term,
                                      articles=listing, page_name=url.rstrip("/"), **common)
            if terms is not None:
                continue
            for author in world.authors.values():
                listing = world.author_listing(author, lang)
                url = edition.url(author.url)
                writer.write_file(edition.save_as(author.save_as), self.get_template("author"),
                                  self.context, paginated={"articles": listing},
                                  template_name="author", url=url, author=author,
                                  articles=listing, page_name=url.rstrip("/"), **common)
            writer.write_file(edition.save_as(self.settings["PROFILES_SAVE_AS"]),
                              self.get_template("authors"), self.context,
                              url=edition.url(self.settings["PROFILES_URL"]),
                              authors=sorted(world.authors.values(), key=lambda a: a.name),
                              articles=world.listing(lang),
                              page_name=edition.url("autoren"), **common)
