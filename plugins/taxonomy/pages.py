"""Pages the taxonomy owns: one per facet, one per term, one per author, an author index."""

from __future__ import annotations

from corporate_world import world_of
from pelican.generators import Generator


class FacetPagesGenerator(Generator):
    """Writes term and author pages from the corporate world, paginated as /page/N/."""

    press_shared = True  # writes through the writer only

    def generate_output(self, writer) -> None:
        world = world_of(self.context)
        if world is None:
            return
        relative = self.settings["RELATIVE_URLS"]
        for facet in world.taxonomy.facets.values():
            writer.write_file(facet.save_as, self.get_template("facet"), self.context,
                              relative_urls=relative, url=facet.url, facet=facet,
                              page_name=facet.path)
            for term in facet.terms.values():
                listing = world.term_listing(term)
                writer.write_file(term.save_as, self.get_template("term"), self.context,
                                  relative_urls=relative, paginated={"articles": listing},
                                  template_name="term", url=term.url, facet=facet, term=term,
                                  articles=listing, page_name=term.url.rstrip("/"))
        for author in world.authors.values():
            writer.write_file(author.save_as, self.get_template("author"), self.context,
                              relative_urls=relative, paginated={"articles": author.articles},
                              template_name="author", url=author.url, author=author,
                              articles=author.articles, page_name=author.url.rstrip("/"))
        writer.write_file(self.settings["PROFILES_SAVE_AS"], self.get_template("authors"),
                          self.context, relative_urls=relative,
                          url=self.settings["PROFILES_URL"],
                          authors=sorted(world.authors.values(), key=lambda a: a.name),
                          page_name="autoren")
