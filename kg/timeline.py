"""Posts across documents and time: first and last seen, current and former holders, changes, as of a date.

Pure functions over `Sighting`s, one per post fact of one document (`sightings(docs)` makes them from
extracted Documents; a caller holding a graph can make them from query rows or view edges: the keys
are whatever strings it uses, names or IRIs).  The rules, which the canned SPARQL queries
(`ontology/queries/current-leaders.rq`, `leaders-as-of.rq`, `leadership-changes.rq`) follow too:

- the same (person, role, org) seen in articles of different dates is one `Tenure`, first seen at the
  earliest date it is known by (the sentence's own date, else the article's), last seen at the latest
  date of an article (or sentence) that states it; a planned post (拟任 …) is not held;
- a tenure has ended when a later article writes it as former (原院长 …), or, for a single-seat post
  (院长, 党委书记, 主任 …; not 副…, …委员, …成员), when another person is first seen in it after its last
  sighting (the successor);
- the current holders of a post are those not ended and seen in the latest article that names a holder
  of that post there ("the later one is the current one");
- "as of" a date is the same computation over the sightings known by that date.

Dates are ISO strings of any precision; a coarser date counts as on or before every day it contains.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from kg.model import Document


@dataclass(frozen=True)
class Sighting:
    """One statement of a post: `as_of` is the stating article's date, `date` the one its sentence gives."""

    person: str
    role: str
    org: str
    as_of: str | None = None
    date: str | None = None
    status: str | None = None
    doc: str = ""

    @property
    def known(self) -> str | None:
        """The date from which the post is known to be held: the sentence's, else the article's."""
        return self.date or self.as_of


@dataclass
class Tenure:
    """One person in one post at one organization, across all the articles that state it."""

    person: str
    role: str
    org: str
    first_seen: str | None = None
    last_seen: str | None = None
    former: bool = False  # known to have ended (written as former, or succeeded)
    ended: str | None = None  # ended on or before this date (the successor's first sighting, or the article's)
    successor: str | None = None
    successor_since: str | None = None  # the successor's first sighting in the post
    current: bool = False
    docs: list[str] = field(default_factory=list)

    def key(self) -> tuple[str, str, str]:
        return self.person, self.role, self.org


@dataclass(frozen=True)
class Change:
    """`after` follows `before` in a single-seat post; `date` is when `after` is first seen in it."""

    org: str
    role: str
    before: str
    after: str
    date: str | None


def on_or_before(a: str, b: str) -> bool:
    """`a` <= `b` for ISO dates of any precision, comparing only the precision both have."""
    n = min(len(a), len(b))
    return a[:n] <= b[:n]


def single_seat(role: str) -> bool:
    """Whether one person at a time holds `role` at an organization (院长 yes, 副院长 / 委员 no)."""
    return not (role.startswith("副") or role.endswith(("委员", "成员", "助理", "干事")) or "委员" in role)


def sightings(docs: Iterable[Document]) -> list[Sighting]:
    """The post facts of extracted `docs`, dated by each document's publication date."""
    return [
        Sighting(p.person, p.role, p.org, doc.published, p.date, p.status, doc.name)
        for doc in docs
        for p in doc.posts
    ]


def _latest(dates: Iterable[str | None]) -> str | None:
    known = [d for d in dates if d]
    return max(known) if known else None


def _earliest(dates: Iterable[str | None]) -> str | None:
    known = [d for d in dates if d]
    return min(known) if known else None


def _succeed(t: Tenure, holders: list[Tenure]) -> None:
    """End `t` when another holder of its single-seat post is first seen after `t` was last seen."""
    if not t.last_seen:
        return
    # a holder known only from 原… mentions has no known start: it succeeds no one
    later = [u for u in holders if u is not t and u.last_seen and u.first_seen and u.first_seen > t.last_seen]
    if later:
        nxt = min(later, key=lambda u: (u.first_seen or "", u.person))
        t.successor, t.successor_since = nxt.person, nxt.first_seen
        t.ended = min(t.ended, nxt.first_seen) if t.ended and nxt.first_seen else t.ended or nxt.first_seen
        t.former = True


def tenures(seen: Iterable[Sighting], as_of: str | None = None) -> list[Tenure]:
    """Tenures of every post in `seen` (only the sightings known by `as_of`, if given), sorted by post."""
    groups: dict[tuple[str, str, str], list[Sighting]] = defaultdict(list)
    for s in seen:
        if as_of is None or (s.known is not None and on_or_before(s.known, as_of)):
            groups[(s.person, s.role, s.org)].append(s)
    out: dict[tuple[str, str, str], Tenure] = {}
    for (person, role, org), group in groups.items():
        held = [s for s in group if s.status is None]  # planned posts (拟任 …) are not held yet
        former = [s for s in group if s.status == "former"]
        t = Tenure(person, role, org, docs=sorted({s.doc for s in group if s.doc}))
        t.first_seen = _earliest(s.known for s in held) or _earliest(s.date for s in former)
        t.last_seen = _latest(_latest((s.as_of, s.date)) for s in held)
        said_ended = [s.as_of for s in former if s.as_of and (t.last_seen is None or s.as_of > t.last_seen)]
        if said_ended or (former and not held):
            t.former = True
            t.ended = _earliest(said_ended) or _earliest(s.as_of for s in former)
        out[t.key()] = t
    posts: dict[tuple[str, str], list[Tenure]] = defaultdict(list)
    for t in out.values():
        posts[(t.role, t.org)].append(t)
    for (role, _org), holders in posts.items():
        if single_seat(role):
            for t in holders:
                _succeed(t, holders)
        latest = _latest(t.last_seen for t in holders)
        for t in holders:
            t.current = not t.former and (latest is None or t.last_seen == latest)
    return sorted(out.values(), key=lambda t: (t.org, t.role, t.first_seen or "", t.person))


def current_holders(seen: Iterable[Sighting], as_of: str | None = None, org: str | None = None) -> list[Tenure]:
    """The holders of every post (at `org`, if given) as of `as_of` (default: now, all sightings)."""
    return [t for t in tenures(seen, as_of) if t.current and (org is None or t.org == org)]


def changes(seen: Iterable[Sighting]) -> list[Change]:
    """Every succession in a single-seat post, in date order."""
    out = [Change(t.org, t.role, t.person, t.successor, t.successor_since) for t in tenures(seen) if t.successor]
    return sorted(out, key=lambda c: (c.date or "", c.org, c.role, c.after))


def ended_by(seen: Iterable[Sighting], date: str) -> set[tuple[str, str, str]]:
    """Keys (person, role, org) of posts that had ended by `date` (for a view of the graph as it stood)."""
    return {t.key() for t in tenures(seen, date) if t.former}


def per_year(dates: Iterable[str | None]) -> dict[str, int]:
    """How many of `dates` fall in each year (undated ones under ``"?"``), years in order."""
    counts: dict[str, int] = defaultdict(int)
    for d in dates:
        counts[d[:4] if d else "?"] += 1
    return dict(sorted(counts.items()))


__all__ = [
    "Change",
    "Sighting",
    "Tenure",
    "changes",
    "current_holders",
    "ended_by",
    "on_or_before",
    "per_year",
    "sightings",
    "single_seat",
    "tenures",
]
