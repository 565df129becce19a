"""Sitemaps: Google News sitemaps (title, publication date, keywords per URL), plain sitemaps
(URL and lastmod) and sitemap indexes (the sitemaps they list).

``read_sitemap`` returns the article stubs (records with a URL and what the sitemap says about
it; the article page gives the rest) and, for an index, the child sitemap URLs. The XML parser
resolves no entities and loads nothing from the network.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml import etree

from khabar.arabic.dates import parse_date
from khabar.errors import IngestError
from khabar.store.records import ArticleRecord

NS_SITEMAP = "http://www.sitemaps.org/schemas/sitemap/0.9"
NS_NEWS = "http://www.google.com/schemas/sitemap-news/0.9"
#: URLs read from one sitemap; news sitemaps hold at most 1,000, plain ones up to 50,000
MAX_URLS = 50_000

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False,
                          recover=False, remove_comments=True)


@dataclass
class Sitemap:
    articles: list[ArticleRecord] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)  # children of a sitemap index
    is_news: bool = False


def looks_like_sitemap(data: bytes) -> bool:
    head = data[:2048]
    return b"<urlset" in head or b"<sitemapindex" in head


def read_sitemap(data: bytes) -> Sitemap:
    """The URLs of a sitemap document; IngestError if it is not one."""
    try:
        root = etree.fromstring(data.lstrip(), parser=_PARSER)
    except etree.XMLSyntaxError as exc:
        raise IngestError(f"not a readable sitemap ({exc})") from exc
    name = etree.QName(root).localname
    result = Sitemap()
    if name == "sitemapindex":
        for loc in root.iter(f"{{{NS_SITEMAP}}}loc", "loc"):
            if loc.text and loc.text.strip():
                result.sitemaps.append(loc.text.strip())
        return result
    if name != "urlset":
        raise IngestError(f"not a sitemap (root element <{name}>)")
    for url in root.iter(f"{{{NS_SITEMAP}}}url", "url"):
        record = _record(url)
        if record is not None:
            result.articles.append(record)
            result.is_news = result.is_news or bool(record.title)
        if len(result.articles) >= MAX_URLS:
            break
    return result


def _record(url: etree._Element) -> ArticleRecord | None:
    loc = _text(url, f"{{{NS_SITEMAP}}}loc") or _text(url, "loc")
    if not loc:
        return None
    news = url.find(f"{{{NS_NEWS}}}news")
    title = ""
    published = None
    keywords: list[str] = []
    language = "ar"
    source = None
    if news is not None:
        title = " ".join((_text(news, f"{{{NS_NEWS}}}title") or "").split())
        published = parse_date(_text(news, f"{{{NS_NEWS}}}publication_date") or "")
        raw_keywords = _text(news, f"{{{NS_NEWS}}}keywords") or ""
        keywords = [k.strip() for k in raw_keywords.replace("،", ",").split(",") if k.strip()]
        publication = news.find(f"{{{NS_NEWS}}}publication")
        if publication is not None:
            source = _text(publication, f"{{{NS_NEWS}}}name")
            language = _text(publication, f"{{{NS_NEWS}}}language") or "ar"
    if published is None:
        published = parse_date(_text(url, f"{{{NS_SITEMAP}}}lastmod") or "")
    return ArticleRecord(title=title, body="", url=loc, guid=loc, published_at=published,
                         keywords=keywords, language=language, source=source)


def _text(parent: etree._Element, tag: str) -> str | None:
    child = parent.find(tag)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None
