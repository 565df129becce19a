"""Wire provenance: who put a story out first, who republished it, who rewrote it, who added
their own reporting.

Each article's *credit* is the agency it names for its text: its dateline's agency
("دبي - رويترز", khabar.arabic.dateline), the page's "المصدر:" credit (``attributed_to``), or a
cue in its first or last paragraph ("نقلاً عن وكالة …", "(أ ف ب)", "وكالة الأنباء …", "بحسب
وكالة …"); an outlet crediting itself ("سكاي نيوز عربية" at Sky News) is no credit.

Each article is then compared with the articles published before it, through the story's facts
(``story_facts``): a stored near copy (``duplicate_of``) or one whose sentences nearly all
(``VERBATIM_SHARE``) repeat an earlier article's sentence is a *verbatim* republication; one
whose sentences are mostly (``ORIGINAL_SHARE``) not even rewordings of earlier facts added
*original* reporting; the rest *rewrote* what was out. The first
article is the *first* report. Copies of the same text seen under other URLs (sightings) are
verbatim republications too.

The first publisher is the wire agency credited by the first report, else by the earliest
verbatim copy of it (copies often keep the credit the first outlet dropped; a rewrite's credit
says only that the rewriter used that agency), else the first report's outlet; its time is the
first report's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from khabar.arabic import canonical_agency, count_noun, fold, plural_category
from khabar.enrich.story_facts import NEW_FACT, SAME_FACT, StoryFacts, article_time
from khabar.store.records import Article, Sighting, iso_utc

#: share of an article's sentences that are earlier facts at or above which it is a copy
VERBATIM_SHARE = 0.8
#: share of an article's sentences that are new facts above which it adds reporting
ORIGINAL_SHARE = 0.5

#: agencies that put copy on the wire (not outlets that credit themselves, nor "وكالات")
WIRE_AGENCIES: frozenset[str] = frozenset((
    "رويترز", "فرانس برس", "أسوشيتد برس", "د ب أ", "الأناضول", "واس", "وام", "قنا", "كونا",
    "سانا", "بنا", "سبأ", "ومع", "واج", "وات", "بترا", "أ ش أ", "إرنا", "شينخوا", "سبوتنيك",
))

# "نقلاً عن وكالة رويترز", "بحسب وكالة الأنباء السعودية", "حسب ما أوردت فرانس برس",
# "(أ ف ب)", "المصدر: واس"; only a phrase that names a known agency counts
_CUES = (
    re.compile(r"(?:نقلا|نقلاً|نقلًا)\s+عن\s+((?:وكالة\s+)?[^\s،,.:()]+(?:\s+[^\s،,.:()]+){0,3})"),
    re.compile(r"(?:بحسب|وفق|وفقا ل|وفقاً ل|حسب|ذكرت|أفادت|قالت|أوردت|نقلت|أوردته|ذكرته)"
               r"(?:\s+ما)?(?:\s+(?:أوردت|ذكرت|أفادت|نقلت|أعلنت))?\s*"
               r"((?:وكالة\s+)?[^\s،,.:()]+(?:\s+[^\s،,.:()]+){0,3})"),
    re.compile(r"\(([^()]{1,25})\)"),
    re.compile(r"المصدر\s*:\s*([^\n،,.]{1,30})"),
)


def _agency_in(phrase: str) -> str | None:
    """The canonical agency a phrase names, trying it and its shorter heads."""
    words = phrase.split()
    for end in range(len(words), 0, -1):
        found = canonical_agency(" ".join(words[:end]))
        if found:
            return found
        if words[0] == "وكالة" and end > 1:
            found = canonical_agency(" ".join(words[1:end]))
            if found:
                return found
    return None


def _own(agency: str, source: str) -> bool:
    """Is ``agency`` the outlet itself ("سكاي نيوز عربية" at Sky News, "العربية" at Al Arabiya)?"""
    a, s = fold(agency).replace(" ", ""), fold(source).replace(" ", "")
    return bool(a) and (a in s or s in a)


def credit(article: Article) -> str | None:
    """The agency an article credits for its text, or None."""
    candidates: list[str] = []
    if article.dateline and article.dateline.agency:
        candidates.append(article.dateline.agency)
    if article.attributed_to:
        candidates.append(article.attributed_to)
    paragraphs = [p for p in article.body.split("\n") if p.strip()]
    ends = " \n ".join(paragraphs[:2] + paragraphs[-1:])
    for cue in _CUES:
        candidates.extend(m.group(1).strip() for m in cue.finditer(ends))
    if article.author:
        candidates.append(article.author.split("-")[-1].strip())
    for phrase in candidates:
        found = _agency_in(phrase)
        if found and found != "وكالات" and not _own(found, article.source):
            return found
    return None


@dataclass(frozen=True, slots=True)
class Role:
    article_id: int
    source: str
    published_at: datetime
    role: str  # first | verbatim | rewrite | original
    credit: str | None
    new_share: float  # share of its sentences that were new facts

    def to_json(self) -> dict:
        return {"article_id": self.article_id, "source": self.source,
                "published_at": iso_utc(self.published_at), "role": self.role,
                "credit": self.credit, "new_share": round(self.new_share, 3)}


@dataclass(frozen=True, slots=True)
class Provenance:
    first_publisher: str
    #: "agency" when a wire agency is credited, else "outlet"
    first_kind: str
    first_at: datetime
    first_article_id: int
    #: the outlet whose article first carried it (the agency's text came through it)
    via: str
    roles: tuple[Role, ...]
    #: outlets by what they did (each outlet once, by its first article), first excluded
    republished: tuple[str, ...]
    rewrote: tuple[str, ...]
    original: tuple[str, ...]

    def to_json(self) -> dict:
        return {"first_publisher": self.first_publisher, "first_kind": self.first_kind,
                "first_at": iso_utc(self.first_at), "first_article_id": self.first_article_id,
                "via": self.via, "republished": list(self.republished),
                "rewrote": list(self.rewrote), "original": list(self.original),
                "articles": [r.to_json() for r in self.roles]}


def _roles(facts: StoryFacts) -> list[Role]:
    roles: list[Role] = []
    for number, article in enumerate(facts.articles):
        mine = facts.of_article(article.id)
        share = sum(s.nearest < NEW_FACT for s in mine) / len(mine) if mine else 0.0
        copied = sum(s.nearest >= SAME_FACT for s in mine) / len(mine) if mine else 0.0
        if number == 0:
            role = "first"
        elif article.duplicate_of is not None or (mine and copied >= VERBATIM_SHARE):
            role = "verbatim"
        elif share > ORIGINAL_SHARE:
            role = "original"
        else:
            role = "rewrite"
        roles.append(Role(article.id, article.source, article_time(article), role,
                          credit(article), share))
    return roles


def _by_outlet(roles: Iterable[Role], first_source: str) -> dict[str, str]:
    kept: dict[str, str] = {}
    for r in roles:
        if r.source != first_source and r.source not in kept:
            kept[r.source] = r.role
    return kept


def provenance(facts: StoryFacts, sightings: Sequence[Sighting] = ()) -> Provenance | None:
    """The story's provenance, or None for a story without articles."""
    roles = _roles(facts)
    if not roles:
        return None
    first = roles[0]
    agency = first.credit if first.credit in WIRE_AGENCIES else None
    if agency is None:
        chain = [r for r in roles[1:] if r.role == "verbatim"]
        agency = next((r.credit for r in chain if r.credit in WIRE_AGENCIES), None)
    outlets = _by_outlet(roles, first.source)
    for seen in sightings:
        if seen.source != first.source:
            outlets.setdefault(seen.source, "verbatim")
    if agency is not None:  # the credited agency's own copy is no republication
        outlets = {o: r for o, r in outlets.items() if not _own(agency, o)}
    return Provenance(
        first_publisher=agency or first.source, first_kind="agency" if agency else "outlet",
        first_at=first.published_at, first_article_id=first.article_id, via=first.source,
        roles=tuple(roles),
        republished=tuple(o for o, r in outlets.items() if r == "verbatim"),
        rewrote=tuple(o for o, r in outlets.items() if r == "rewrite"),
        original=tuple(o for o, r in outlets.items() if r == "original"),
    )


def _did(n: int, masculine: str, feminine: str) -> str:
    """"أعاد نشره موقع واحد" / "موقعان", "أعادت نشره 6 مواقع" / "11 موقعاً"."""
    verb = masculine if plural_category(n) in ("one", "two") else feminine
    return f"{verb} {count_noun(n, 'site')}"


def provenance_parts(prov: Provenance) -> list[str]:
    """What the other outlets did, in Arabic: "أعادت نشره 6 مواقع", "أعاد صياغته موقعان" …"""
    parts = []
    if prov.republished:
        parts.append(_did(len(prov.republished), "أعاد نشره", "أعادت نشره"))
    if prov.rewrote:
        parts.append(_did(len(prov.rewrote), "أعاد صياغته", "أعادت صياغته"))
    if prov.original:
        n = len(prov.original)
        verb = "أضاف" if plural_category(n) in ("one", "two") else "أضافت"
        parts.append(f"{verb} {count_noun(n, 'site')} معلومات خاصة")
    return parts


def provenance_line(prov: Provenance, time_text: str) -> str:
    """«المصدر الأول: واس، 09:14 — أعادت نشره 6 مواقع، وأعاد صياغته موقعان» (plain text)."""
    line = f"المصدر الأول: {prov.first_publisher}، {time_text}"
    parts = provenance_parts(prov)
    if parts:
        line += " — " + "، و".join(parts)
    return line
