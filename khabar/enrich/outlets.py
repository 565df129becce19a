"""The outlet catalogue: which Arabic-language outlet a source is, from its addresses or code.

The data are ``khabar/data/outlets.tsv`` (one outlet a line, tab-separated, a header line):

    domains   space-separated hosts, each optionally with a path prefix ("bbc.com/arabic");
              the first one is the outlet's key, stored on its sources
    name_ar   the Arabic name, as the outlet writes it
    name_en   the English name
    country   ISO 3166 alpha-2 of the outlet's base (a pan-Arab outlet's headquarters)
    kind      one of KINDS: agency (wire agency), public (public broadcaster), state
              (state-owned), private
    scope     one of SCOPES: national, pan-arab, international (an outlet's country stands for
              an article's country only when the outlet is national)
    codes     space-separated short codes other datasets use ("alarabia", "skynews", "واس")
    feeds     space-separated feed addresses known to work when written (may be empty)

``python -m khabar.enrich.outlets`` checks the file (the same checks as the test) and rewrites
it sorted by country and key; ``--check`` only checks. Sources are matched by ``match``: a
code or the outlet's own (unambiguous) name first, then the site's address, then an
article's: a host matches itself and its subdomains ("www." and any other), the longest
domain (then the longest path prefix) wins.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from khabar.enrich.countries import country_name, country_names
from khabar.store.records import OutletRef

PATH = Path(__file__).resolve().parent.parent / "data" / "outlets.tsv"
COLUMNS = ("domains", "name_ar", "name_en", "country", "kind", "scope", "codes", "feeds")

#: kinds of outlet, and how a page names each
KINDS = ("agency", "public", "state", "private")
KIND_LABELS = {
    "agency": "وكالة أنباء",
    "public": "هيئة بث عامة",
    "state": "مملوكة للدولة",
    "private": "خاصة",
}
SCOPES = ("national", "pan-arab", "international")

_DOMAIN = re.compile(r"^(?=.{3,200}$)[a-z0-9-]+(\.[a-z0-9-]+)+(/[^\s/]+)*$")
_ARABIC_LETTER = re.compile("[\u0621-\u064a]")
_LATIN_LETTER = re.compile("[A-Za-z]")
_COUNTRY = re.compile("^[A-Z]{2}$")


@dataclass(frozen=True, slots=True)
class Outlet:
    domains: tuple[str, ...]
    name: str
    name_en: str
    country: str
    kind: str
    scope: str
    codes: tuple[str, ...]
    feeds: tuple[str, ...]

    @property
    def key(self) -> str:
        return self.domains[0]

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]

    def ref(self) -> OutletRef:
        """What a stored source keeps of its outlet."""
        return OutletRef(key=self.key, name=self.name, country=self.country, kind=self.kind,
                         scope=self.scope,
                         label=f"{self.name} ({country_name(self.country) or self.country})")

    def to_json(self) -> dict:
        return {"key": self.key, "domains": list(self.domains), "name": self.name,
                "name_en": self.name_en, "country": self.country, "kind": self.kind,
                "kind_label": self.kind_label, "scope": self.scope, "codes": list(self.codes),
                "feeds": list(self.feeds)}


class CatalogueError(ValueError):
    """The catalogue file breaks a rule (the message names the line)."""


class Catalogue:
    """Outlets indexed by domain, code and name."""

    def __init__(self, outlets: Iterable[Outlet]) -> None:
        self.outlets = list(outlets)
        self._by_key = {o.key: o for o in self.outlets}
        self._by_domain: dict[str, Outlet] = {}
        self._by_code: dict[str, Outlet] = {}
        names: dict[str, list[Outlet]] = {}
        for outlet in self.outlets:
            for domain in outlet.domains:
                self._by_domain[domain] = outlet
            for code in outlet.codes:
                self._by_code[_code(code)] = outlet
            for name in (outlet.name, outlet.name_en):
                names.setdefault(_code(name), []).append(outlet)
        # A name two outlets share ("الوطن") names neither; a code always wins over a name.
        self._by_name = {n: found[0] for n, found in names.items() if len(found) == 1}

    def __len__(self) -> int:
        return len(self.outlets)

    def get(self, key: str | None) -> Outlet | None:
        return self._by_key.get(key or "")

    def for_name(self, name: str | None) -> Outlet | None:
        """The outlet a code ("alarabia", "BBC") or an outlet's own unshared name names."""
        if not name:
            return None
        folded = _code(name)
        return self._by_code.get(folded) or self._by_name.get(folded)

    def for_url(self, url: str | None) -> Outlet | None:
        """The outlet whose domain (with its subdomains, and a path prefix when the entry has
        one) serves ``url``; a bare host ("alarabiya.net") is read as a site."""
        if not url:
            return None
        text = url.strip()
        parts = urlsplit(text if "://" in text else "https://" + text)
        try:
            host = (parts.hostname or "").rstrip(".").lower()
        except ValueError:
            return None
        if not host:
            return None
        segments = [s for s in parts.path.split("/") if s]
        labels = host.split(".")
        for start in range(len(labels) - 1):  # the longest domain first
            domain = ".".join(labels[start:])
            for depth in range(min(len(segments), 3), -1, -1):  # the longest path first
                candidate = "/".join([domain, *segments[:depth]])
                found = self._by_domain.get(candidate)
                if found is not None:
                    return found
        return None

    def match(self, name: str | None, *urls: str | None) -> Outlet | None:
        """The outlet of a source: its name or code, else the first address that matches."""
        found = self.for_name(name)
        if found is not None:
            return found
        for url in urls:
            found = self.for_url(url)
            if found is not None:
                return found
        return None


def _code(text: str) -> str:
    return " ".join(text.split()).casefold()


# --- reading and checking ------------------------------------------------------------------------

def parse(text: str) -> list[Outlet]:
    """The outlets of a catalogue file; ``CatalogueError`` at the first broken rule."""
    lines = text.splitlines()
    if not lines or tuple(lines[0].split("\t")) != COLUMNS:
        raise CatalogueError(f"line 1: the header must be {' '.join(COLUMNS)}")
    outlets: list[Outlet] = []
    seen_domains: dict[str, int] = {}
    seen_codes: dict[str, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        fields = line.split("\t")
        if len(fields) != len(COLUMNS):
            raise CatalogueError(f"line {number}: {len(fields)} fields, not {len(COLUMNS)}")
        domains, name, name_en, country, kind, scope, codes, feeds = (f.strip() for f in fields)
        outlet = Outlet(tuple(domains.split()), name, name_en, country, kind, scope,
                        tuple(codes.split()), tuple(feeds.split()))
        for problem in _problems(outlet):
            raise CatalogueError(f"line {number}: {problem}")
        for domain in outlet.domains:
            if domain in seen_domains:
                raise CatalogueError(f"line {number}: domain {domain} already on line "
                                     f"{seen_domains[domain]}")
            seen_domains[domain] = number
        for code in outlet.codes:
            if _code(code) in seen_codes:
                raise CatalogueError(f"line {number}: code {code} already on line "
                                     f"{seen_codes[_code(code)]}")
            seen_codes[_code(code)] = number
        outlets.append(outlet)
    return outlets


def _problems(outlet: Outlet) -> list[str]:
    problems = []
    if not outlet.domains:
        problems.append("no domain")
    problems += [f"bad domain {d!r} (lower case, no scheme, no www.)" for d in outlet.domains
                 if not _DOMAIN.match(d) or d.startswith("www.")]
    arabic = len(_ARABIC_LETTER.findall(outlet.name))
    if not arabic or arabic < len(_LATIN_LETTER.findall(outlet.name)):
        problems.append(f"the Arabic name {outlet.name!r} is not in Arabic script")
    if not outlet.name_en:
        problems.append("no English name")
    if not _COUNTRY.match(outlet.country) or outlet.country not in _iso_countries():
        problems.append(f"country {outlet.country!r} is not an ISO 3166 alpha-2 code")
    if outlet.kind not in KINDS:
        problems.append(f"kind {outlet.kind!r} is not one of {', '.join(KINDS)}")
    if outlet.scope not in SCOPES:
        problems.append(f"scope {outlet.scope!r} is not one of {', '.join(SCOPES)}")
    problems += [f"feed {f!r} is not an http(s) address" for f in outlet.feeds
                 if urlsplit(f).scheme not in ("http", "https") or not urlsplit(f).hostname]
    return problems


def _iso_countries() -> frozenset[str]:
    return frozenset(country_names())


def write(outlets: Iterable[Outlet]) -> str:
    """The catalogue file of ``outlets``, sorted by country then key."""
    rows = ["\t".join(COLUMNS)]
    for o in sorted(outlets, key=lambda o: (o.country, o.key)):
        rows.append("\t".join((" ".join(o.domains), o.name, o.name_en, o.country, o.kind,
                               o.scope, " ".join(o.codes), " ".join(o.feeds))))
    return "\n".join(rows) + "\n"


@lru_cache(maxsize=1)
def catalogue() -> Catalogue:
    """The shipped catalogue (read once)."""
    return Catalogue(parse(PATH.read_text(encoding="utf-8")))


def lookup_ref(name: str | None, *urls: str | None) -> OutletRef | None:
    """The catalogued outlet of a source (``Catalogue.match``), as the store keeps it."""
    found = catalogue().match(name, *urls)
    return found.ref() if found is not None else None


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    try:
        outlets = parse(PATH.read_text(encoding="utf-8"))
    except CatalogueError as exc:
        print(f"{PATH}: {exc}", file=sys.stderr)
        return 1
    if "--check" not in args:
        PATH.write_text(write(outlets), encoding="utf-8")
    print(f"{PATH}: {len(outlets)} outlets")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
