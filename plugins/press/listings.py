"""Pelican's own category, tag and author listings, with a membership test that does not scan.

For every category, tag and author, Pelican's articles generator filters the whole archive
by ``article in articles`` (``generate_categories`` and its siblings), whether or not the
page is written: a scan of the term's list for each of the archive's articles, so the
square of the archive for every build and every process of the press (about 2 s at 10,000
articles with 40 authors). :func:`index_listings` gives each of those lists a set of its
members' identities, which is what ``in`` compares for articles (Pelican's content classes
define no equality), so the same filter costs one lookup per article. Order, contents and
type (a ``list``) stay as Pelican made them.
"""

from __future__ import annotations

LISTINGS = ("categories", "tags", "authors")  # the generator's (term, articles) lists


class MemberList(list):
    """A term's articles; ``in`` is a set lookup by identity (rebuilt if the list changed)."""

    __slots__ = ("_members", "_size")

    def __contains__(self, item) -> bool:
        if getattr(self, "_size", -1) != len(self):
            self._members = frozenset(map(id, self))
            self._size = len(self)
        return id(item) in self._members


def index_listings(generator) -> None:
    """Replace the article lists of ``generator``'s listings, in place: the context holds the
    same outer lists (``tags`` stays a dict on the generator, the context has its items)."""
    for name in LISTINGS:
        listing = getattr(generator, name, None)
        if isinstance(listing, dict):
            for term, articles in listing.items():
                listing[term] = MemberList(articles)
            shown = generator.context.get(name)
            if isinstance(shown, list):
                shown[:] = list(listing.items())
        elif isinstance(listing, list):
            listing[:] = [(term, MemberList(articles)) for term, articles in listing]
