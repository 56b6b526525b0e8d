"""Fingerprints: a short digest of everything one page was rendered from.

While a page renders, :class:`RecordingContext` (installed as the Jinja environment's context
class) notes every name the templates and template functions look up: ``article``,
``SITENAME``, ``world``… The page's fingerprint digests the values of exactly those names.
A later build that finds the same names with the same digests would render the same bytes
(rendering is deterministic: ``tests/test_press.py`` compares builds byte for byte), so it
may reuse the earlier file. A name that was missing is digested as missing, so a value that
appears later changes the fingerprint too.

:class:`Digests` digests any value the context holds, once per object and build:

- Pelican's content objects by their state as rendered: every attribute except the shared
  context and the settings (both digested name by name), plus the final HTML (``content``,
  links resolved, sanitized). Other content objects they refer to (related articles,
  translations) count with their own state, one level deep (their text only when it is
  their summary), and beyond that by identity: a page shows its related articles' titles
  and summaries, never their related articles.
- objects that hold articles only as an index of membership (class attribute
  ``indexes_articles = True``: the corporate world, its terms and authors, the feed catalog;
  a facet, whose terms' members pages read through the world)
  count those articles by identity (and not at all when met through an article: its topic
  chips show a term's name, not its members), and so does Pelican's paginator (each page of
  a listing holds its own slice): a page that shows articles gets them from its own lists
  (Pelican's paginated ``articles_page``, a hub's own lists, the front page's sections).
- attributes a ``functools.cached_property`` filled, and dataclass fields declared
  ``field(metadata={"cache": True})``, are left out: they derive from the
  object's state, and whether they are there yet depends on which pages rendered first.
- an object's digest depends on the level and budget it is met with only where the walk
  turned on them (a content object, an index, a cycle cut by the budget); everywhere else
  it is computed once and shared (``Digests._computed``): a hub's member list is met once
  directly and once through every hub naming it as related.
- containers element by element, dates by ISO form, functions and classes by name (their code
  is in the build's recipe), other objects by their attributes. A value whose only
  description is its memory address gets a digest no later build repeats: it never blocks a
  render, it only costs one.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import hashlib
import operator
import os
import types
from collections.abc import Iterable

from jinja2.runtime import Context
from pelican.contents import Content
from pelican.paginator import Paginator
from pelican.urlwrappers import URLWrapper

SKIPPED_ATTRIBUTES = frozenset({"_context", "settings"})  # digested name by name / in the recipe
FULL, SHALLOW, IDENTITY = 0, 1, 2  # how deep a content object counts (see module docstring)
TEXT = frozenset({"_content"})  # a content object's raw text (see _content)
URLWRAPPER_NAMING = frozenset({"_name", "name", "_slug", "slug", "_slug_from_name"})
LONG_TEXT = 512  # strings at least this long are digested once per object and build
BUDGET = 6  # objects a walk may enter below the value digested (see Digests)
MISSING = b"\x00missing"
ANY_LEVEL, ON_FULL, ON_LEVEL = 0, 1, 2  # at which levels a digest holds (Digests._computed)
EXACT = 1 << 30  # the budget a digest needs when it holds at one budget only
_recorded: list[set[str]] = []  # the names of the page being rendered (a stack: pages nest never)


KEY = "\x1f"  # "name<KEY>key": one entry of the dictionary the context holds under name
NONEMPTY = "\x00nonempty"  # the entry a truth test reads (``entries or {}``)
WHOLE_DICT_AT = 8  # smaller dictionaries count as a whole (settings, labels)
_ENTRIES: dict[str, tuple[bytes, str, str]] = {}  # entry -> (its bytes, name, key): names()


class RecordingContext(Context):
    """Jinja's context, noting each name looked up while a page renders (includes, imported
    macros with context and ``pass_context`` functions all look names up through it).

    A large dictionary (say, every article's social card by source path) is handed out as a
    :class:`RecordedEntries` view, so a page depends on the entries it read, not on all.
    """

    def resolve_or_missing(self, key: str):
        value = super().resolve_or_missing(key)
        if _recorded:
            if type(value) is dict and len(value) >= WHOLE_DICT_AT:
                return RecordedEntries(key, value, _recorded[-1])
            _recorded[-1].add(key)
        return value

    def __contains__(self, name: str) -> bool:
        if _recorded:
            _recorded[-1].add(name)
        return super().__contains__(name)


class RecordedEntries:
    """A read-only view of a context dictionary noting which entries a page reads; anything
    that sees the dictionary whole (iterating, its length) notes the whole name."""

    def __init__(self, name: str, entries: dict, names: set[str]):
        self._name, self._entries, self._names = name, entries, names

    def _entry(self, key) -> None:
        self._names.add(f"{self._name}{KEY}{key}" if isinstance(key, str) else self._name)

    def _whole(self) -> dict:
        self._names.add(self._name)
        return self._entries

    def get(self, key, default=None):
        self._entry(key)
        return self._entries.get(key, default)

    def __getitem__(self, key):
        self._entry(key)
        return self._entries[key]

    def __contains__(self, key) -> bool:
        self._entry(key)
        return key in self._entries

    def __bool__(self) -> bool:
        self._names.add(f"{self._name}{KEY}{NONEMPTY}")
        return bool(self._entries)

    def __len__(self) -> int:
        return len(self._whole())

    def __iter__(self):
        return iter(self._whole())

    def keys(self):
        return self._whole().keys()

    def values(self):
        return self._whole().values()

    def items(self):
        return self._whole().items()


class recording:
    """``with recording() as names:`` — the names looked up by renders inside the block."""

    def __enter__(self) -> set[str]:
        _recorded.append(set())
        return _recorded[-1]

    def __exit__(self, *exc) -> None:
        _recorded.pop()


def _hash(*parts: bytes) -> bytes:
    h = hashlib.blake2b(digest_size=16)
    for part in parts:
        h.update(len(part).to_bytes(8, "little"))
        h.update(part)
    return h.digest()


def _scalar(_digests, value) -> bytes:
    return _hash(type(value).__name__.encode(), repr(value).encode())


def _text(digests, value: str) -> bytes:
    """Markup and str render differently: the type counts. A long text (an article's) is
    met on many pages: digested once per build."""
    name = type(value).__name__.encode()
    if len(value) < LONG_TEXT:
        return _hash(name, value.encode("utf-8", "surrogatepass"))
    found = digests._memo.get((id(value), 0, 0))
    if found is None:
        found = digests._memo[(id(value), 0, 0)] = (
            value, _hash(name, value.encode("utf-8", "surrogatepass")), 0, ON_LEVEL)
    return found[1]


def _bytes(_digests, value: bytes) -> bytes:
    return _hash(b"bytes", value)


def _path(_digests, value) -> bytes:
    return _hash(b"path", os.fspath(value).encode("utf-8", "surrogateescape"))


def _moment(_digests, value) -> bytes:
    return _hash(type(value).__name__.encode(), str(value).encode(),
                 str(getattr(value, "tzinfo", "")).encode())


OBJECT, CONTENT = "object", "content"  # digested by Digests._compute, memoized
_SORTS: dict[type, object] = {}  # type -> how its values are digested (see _sort_of)


def _sort_of(kind: type):
    """How values of ``kind`` are digested: a function for plain values, else OBJECT or
    CONTENT (decided once per type: the walk meets millions of values)."""
    if kind is type(None) or kind in (bool, int, float, complex):
        return _scalar
    if issubclass(kind, str):
        return _text
    if issubclass(kind, bytes):
        return _bytes
    if issubclass(kind, os.PathLike):
        return _path
    if issubclass(kind, (datetime.date, datetime.time, datetime.timedelta)):
        return _moment
    return CONTENT if issubclass(kind, Content) else OBJECT


class Digests:
    """Digests of values, memoized per object for one build (objects stay put meanwhile).

    Object graphs have cycles (a topic's parent lists the topic among its children), and a
    digest must not depend on where the walk entered a cycle. So the walk has a budget:
    every object (not container) it enters costs one; an object met with none left counts
    by its own plain fields only (strings, numbers and containers of them). A digest is
    thereby a function of the object and the budget alone.
    """

    def __init__(self) -> None:
        # (id, level, budget) -> (value, digest, need, depends), and by id: each digest with
        # the level and budget it was computed at, to share where it holds (see _computed)
        self._memo: dict[tuple, tuple[object, bytes, int, int]] = {}
        self._elsewhere: dict[int, list[tuple[int, int, tuple]]] = {}
        self._frames: list[list[int]] = []  # objects being digested: [need, depends, cost]
        self._top: dict[int, tuple[object, bytes]] = {}  # id -> (value, digest) for names()

    def names(self, names: Iterable[str], *scopes: dict) -> str:
        """The fingerprint of ``names`` as found in the first scope that has them (an entry
        ``name<KEY>key`` digests one entry of the dictionary under ``name``).

        Every page's fingerprint is taken (14,500 pages of about a hundred names each at
        10,000 articles): each value's digest is looked up by identity first."""
        parts = []
        top = self._top
        for entry in sorted(names):
            found = _ENTRIES.get(entry)
            if found is None:
                name, _, key = entry.partition(KEY)
                found = _ENTRIES[entry] = (entry.encode() + b"=", name, key)
            prefix, name, key = found
            for scope in scopes:
                if name in scope:
                    value = scope[name]
                    break
            else:
                value = MISSING
            if key == NONEMPTY and value is not MISSING:
                value = bool(value)
            elif key and value is not MISSING:
                value = value.get(key, MISSING) if isinstance(value, dict) else MISSING
            if value is MISSING:
                digest = MISSING
            else:
                known = top.get(id(value))
                if known is not None and known[0] is value:
                    digest = known[1]
                else:
                    digest = self.of(value)
                    top[id(value)] = (value, digest)  # (the value held: its id stays its own)
            parts += ((len(prefix) + len(digest)).to_bytes(4, "little"), prefix, digest)
        return hashlib.blake2b(b"".join(parts), digest_size=16).hexdigest()

    def of(self, value, level: int = FULL, budget: int = BUDGET) -> bytes:
        kind = type(value)
        sort = _SORTS.get(kind) or _SORTS.setdefault(kind, _sort_of(kind))
        if sort is not OBJECT and sort is not CONTENT:
            return sort(self, value)  # a plain value: digested where met
        content = sort is CONTENT
        if content:  # a content object counts the same on every path:
            budget = BUDGET  # its levels end the walk (FULL, SHALLOW, then identity only)
        key = (id(value), level, budget)
        found = self._memo.get(key) or self._shared(id(value), level, budget)
        if found is None:
            found = self._memo[key] = self._computed(value, level, budget)
            self._elsewhere.setdefault(id(value), []).append((level, budget, found))
        if self._frames:  # the object being digested depends on what this one depends on
            frame = self._frames[-1]
            if not content:  # (whatever budget it is met with, a content object has its own)
                frame[0] = max(frame[0], found[2])
            frame[1] = max(frame[1], found[3])
        return found[1]

    def _shared(self, ident: int, level: int, budget: int):
        """A digest computed at another level or budget that holds at these."""
        for at_level, at_budget, found in self._elsewhere.get(ident, ()):
            _, _, need, depends = found
            if (depends == ANY_LEVEL or level == at_level or (
                    depends == ON_FULL and (level == FULL) == (at_level == FULL))) and (
                    budget == at_budget or need <= budget):
                return found
        return None

    def _computed(self, value, level: int, budget: int) -> tuple[object, bytes, int, int]:
        """(value, digest, need, depends).

        ``need`` is the least budget that gives the same digest, or ``EXACT``: the walk ran
        out of budget (in a cycle: a topic and its parent), so the digest holds at this
        budget only. ``depends`` says at which levels it holds: ``ANY_LEVEL``, ``ON_FULL``
        (the same at SHALLOW and IDENTITY: an index of membership counts its members only
        at FULL) or ``ON_LEVEL`` (a content object differs at each). Most objects an
        article holds (headings, images, callouts, its profile) are met at two or three
        levels and budgets, and a hub's member list once directly and once through each
        hub that names it as related: each is digested once."""
        frame = [0, ANY_LEVEL, 0]  # need, depends, cost (1: the budget it passes on is one less)
        self._frames.append(frame)
        try:
            digest = self._compute(value, level, budget)
        finally:
            self._frames.pop()
        return value, digest, frame[0] + frame[2] if frame[0] < EXACT else EXACT, frame[1]

    def _depends(self, on: int) -> None:
        """The object being digested differs by level (``ON_FULL``, ``ON_LEVEL``)."""
        self._frames[-1][1] = max(self._frames[-1][1], on)

    def _costs(self) -> None:
        """The object being digested takes one off the budget of what it holds."""
        self._frames[-1][2] = 1

    def _exhausted(self) -> None:
        """The object being digested ran out of budget: its digest holds at this one only."""
        self._frames[-1][0] = EXACT

    def _compute(self, value, level: int, budget: int) -> bytes:
        kind = type(value)
        name = f"{kind.__module__}.{kind.__qualname__}".encode()
        if type(value) in (list, tuple) and _flat(value):  # one repr says it all
            return _hash(name, b"flat", repr(value).encode("utf-8", "surrogatepass"))
        if isinstance(value, (list, tuple)):
            return _hash(name, *(self.of(item, level, budget) for item in value))
        if isinstance(value, dict):
            return _hash(name, self._pairs(value.items(), level, budget))
        if isinstance(value, (set, frozenset)):
            return _hash(name, *sorted(self.of(item, level, budget) for item in value))
        if isinstance(value, (types.FunctionType, types.BuiltinFunctionType, types.MethodType,
                              type, types.ModuleType)):
            target = getattr(value, "__func__", value)
            label = f"{getattr(target, '__module__', '')}.{getattr(target, '__qualname__', '')}"
            bound = getattr(value, "__self__", None)
            extra = (self.of(bound, level, budget),) if isinstance(value, types.MethodType) \
                else ()
            return _hash(b"callable", label.encode(), *extra)
        if isinstance(value, Content):
            self._depends(ON_LEVEL)
            return self._content(value, level, budget)
        if isinstance(value, URLWrapper):  # its slug is computed (and kept) on first use
            self._costs()
            return _hash(name, value.name.encode(), value.slug.encode(),
                         self._attributes(value, level, budget - 1, skip=URLWRAPPER_NAMING))
        if hasattr(value, "__dict__"):
            if budget <= 0:
                self._exhausted()
                return _hash(name, b"plain", self._attributes(value, level, 0, plain=True))
            self._costs()
            # an object whose article lists are an index of membership counts the articles
            # it holds by identity only; any other object passes its level on (an article's
            # department navigation shows its neighbours' titles)
            index = getattr(value, "indexes_articles", False) or isinstance(value, Paginator)
            if index:
                self._depends(ON_FULL)
            if index and level != FULL:  # met through an article (its topics, its authors):
                members = {key for key, item in vars(value).items()  # which articles they
                           if type(item) is list and _all_content(item)}  # hold is not shown
                return _hash(name, self._attributes(value, IDENTITY, budget - 1, skip=members))
            return _hash(name, self._attributes(value, IDENTITY if index else level,
                                                budget - 1))
        slots = [s for cls in kind.__mro__ for s in getattr(cls, "__slots__", ())]
        if slots:
            return _hash(name, *(s.encode() + self.of(getattr(value, s, None), level, budget)
                                 for s in slots if s != "__weakref__"))
        text = repr(value)
        if " at 0x" in text:  # only an address describes it: never equal to another build's
            return _hash(b"unique", os.urandom(16))
        return _hash(name, text.encode())

    def _attributes(self, value, level: int, budget: int, plain: bool = False,
                    skip: frozenset[str] | set[str] = frozenset()) -> bytes:
        derived = _cached_properties(type(value)) | skip
        return self._pairs(((key, item) for key, item in vars(value).items()
                            if key not in SKIPPED_ATTRIBUTES and key not in derived
                            and (not plain or _plain(item))), level, budget)

    def _pairs(self, pairs, level: int, budget: int) -> bytes:
        """Key-value pairs in any order: the plain ones in one repr, the others one by one
        (a long text among them: digested once, wherever it is met again)."""
        flat, deep = [], []
        for key, item in pairs:
            kind = type(key)
            if kind in FLAT_TYPES and type(item) in FLAT_TYPES and not (
                    type(item) is str and len(item) >= LONG_TEXT):
                flat.append((kind.__name__, str(key), item))  # (keys are unique: the order)
            else:
                named = key.encode("utf-8", "surrogatepass") if kind is str else \
                    self.of(key, level, budget)
                deep.append(len(named).to_bytes(4, "little") + named
                            + self.of(item, level, budget))
        flat.sort(key=_first_two)
        return _hash(repr(flat).encode("utf-8", "surrogatepass"), *sorted(deep))

    def _content(self, item: Content, level: int, budget: int) -> bytes:
        kind = type(item).__qualname__.encode()
        identity = _hash(kind, str(item.source_path).encode(),
                         str(getattr(item, "save_as", "")).encode())
        if level >= IDENTITY or budget <= 0:
            return identity
        final = b""
        # its final HTML (links resolved, sanitized): for the page that shows it; a page that
        # lists it shows its summary, which is the text's beginning only when none was given
        shown_whole = level == FULL or not item.metadata.get("summary")
        if shown_whole and isinstance(getattr(item, "_content", None), str):
            final = self.of(item.content)
        return _hash(identity, final, self._attributes(
            item, level + 1, budget - 1, skip=frozenset() if shown_whole else TEXT))


@functools.cache
def _cached_properties(kind: type) -> frozenset[str]:
    """Attributes a ``functools.cached_property`` fills on first use, and dataclass fields
    declared as caches: derived from the object's own state, and filled or not depending on
    what rendered before."""
    cached = {name for cls in kind.__mro__ for name, member in vars(cls).items()
              if isinstance(member, functools.cached_property)}
    if dataclasses.is_dataclass(kind):  # fields declared as caches: metadata={"cache": True}
        cached |= {f.name for f in dataclasses.fields(kind) if f.metadata.get("cache")}
    return frozenset(cached)


def _all_content(items: list) -> bool:
    return bool(items) and all(isinstance(item, Content) for item in items)


FLAT_TYPES = frozenset({str, int, float, bool, type(None)})
_first_two = operator.itemgetter(0, 1)


def _flat(items) -> bool:
    """A list or tuple of plain strings and numbers only (its repr is exact); dictionaries
    and attributes split into plain and other pairs in ``Digests._pairs``."""
    return all(type(item) in FLAT_TYPES for item in items)


def _plain(value) -> bool:
    """Strings, numbers, dates and containers of them only."""
    if value is None or isinstance(value, (str, bytes, bool, int, float, datetime.date,
                                           datetime.time)):
        return True
    if isinstance(value, (list, tuple, set, frozenset)):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(_plain(k) and _plain(v) for k, v in value.items())
    return False
