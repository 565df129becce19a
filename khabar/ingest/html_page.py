"""One article page (HTML) to one ArticleRecord, with trafilatura doing the extraction."""

from __future__ import annotations

import re
from urllib.parse import urljoin, urlsplit

import trafilatura

from khabar.arabic.dates import parse_date
from khabar.errors import IngestError
from khabar.ingest.htmltext import html_to_text, paragraphs
from khabar.ingest.media import page_image
from khabar.store.records import ArticleRecord

# trafilatura options, chosen on the three pages of ../shared/data/html-extraction-ar
# (favor_precision / favor_recall / include_tables change nothing there; recall adds the footer).
EXTRACTION = {
    "with_metadata": True,
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
}
# trafilatura's ``fast`` mode skips its fallback extractors (readability, jusText): the same
# record on the three pages of html-extraction-ar in 0.7× the time (docs/benchmarks.md). A page
# where it finds less text than this is extracted again with them, as trafilatura's default does.
FAST_ENOUGH_CHARS = 800
# htmldate: keep the time of day when the page gives one; no "extensive" guessing, which reads
# copyright years and "today" widgets as publication dates (CNN 2013 became 1 January).
DATE_PARAMS = {"original_date": True, "extensive_search": False,
               "outputformat": "%Y-%m-%dT%H:%M:%S%z"}

# Less text than this is a navigation bar or an error page, not an article.
MIN_TEXT_CHARS = 25

_KEYWORD_SPLIT = re.compile(r"\s*[,،;؛|]\s*")


def read_html(html: str, *, url: str | None) -> ArticleRecord:
    """The article in ``html``; ``url`` is where it came from (the page's canonical link wins).

    Raises IngestError when no article text can be extracted.
    """
    try:
        tree = trafilatura.load_html(html)
    except (ValueError, TypeError):
        tree = None
    if tree is None:
        raise IngestError("not an HTML page that can be parsed")
    page_url = _canonical_link(tree, url)
    doc = _extract(tree, url, fast=True)
    text = paragraphs(doc.text or "") if doc is not None else ""
    if len(text) < FAST_ENOUGH_CHARS:
        doc = _extract(tree, url, fast=False)
        text = paragraphs(doc.text or "") if doc is not None else ""
    if len(text) < MIN_TEXT_CHARS:
        raise IngestError(f"no article text found in the page ({len(text)} characters extracted)")
    title = paragraphs(doc.title or "").replace("\n", " ")
    final_url = page_url or doc.url or url
    return ArticleRecord(
        title=title,
        body=_without_title(text, title),
        url=final_url,
        summary=html_to_text(doc.description or "") or None,
        author=paragraphs(doc.author or "") or None,
        published_at=parse_date(doc.date) if doc.date else None,
        source=(doc.sitename or "").strip() or _host(final_url),
        category=(doc.categories or [None])[0] or None,
        keywords=_keywords(doc.tags or [], title),
        image=page_image(tree, page_url or url),
    )


def _extract(tree: object, url: str | None, *, fast: bool):  # noqa: ANN202 - a trafilatura Document
    try:
        return trafilatura.bare_extraction(tree, url=url, date_extraction_params=DATE_PARAMS,
                                           fast=fast, **EXTRACTION)
    except Exception as exc:  # trafilatura raises many kinds on odd markup  # noqa: BLE001
        raise IngestError(f"article extraction failed ({type(exc).__name__}: {exc})") from exc


def _canonical_link(tree: object, base: str | None) -> str | None:
    """``<link rel="canonical">`` of the page (read before og:url, which sites often get wrong)."""
    for link in tree.iterfind(".//link[@href]"):  # type: ignore[attr-defined]
        rel = (link.get("rel") or "").lower().split()
        if "canonical" in rel:
            href = urljoin(base or "", link.get("href").strip())
            if urlsplit(href).scheme in ("http", "https"):
                return href
    return None


def _without_title(text: str, title: str) -> str:
    """The body without a first line that only repeats the headline."""
    first, _, rest = text.partition("\n")
    if title and rest and " ".join(first.split()) == " ".join(title.split()):
        return rest
    return text


def _keywords(tags: list[str], title: str) -> list[str]:
    found: dict[str, None] = {}
    for tag in tags:
        for word in _KEYWORD_SPLIT.split(tag or ""):
            word = " ".join(word.split())
            if word and word != " ".join(title.split()):
                found.setdefault(word, None)
    return list(found)


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None
