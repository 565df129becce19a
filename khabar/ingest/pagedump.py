"""Plain-text page dumps: the text of a rendered Arabic news page, copied as it reads.

Layout, top to bottom: an optional "URL: …" line; the headline; a date line ("تاريخ النشر: …",
"نشر في …", "آخر تحديث: …" or a bare date); the body paragraphs, with promo and share-bar
lines mixed in; "المصدر: <outlet>"; "كلمات دلالية: …"; then possibly a further-reading marker
("إقرأ أيضاً") followed by teaser articles, each a short headline, often a dateline
("بيروت (رويترز) -"), and paragraphs. Every article in the dump becomes one ArticleRecord,
the main one first. Promo lines are dropped everywhere; a dateline written on a line of its
own is moved to ``dateline``, one opening a paragraph is read into ``dateline`` and the
paragraph is kept as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from khabar.arabic import fold
from khabar.arabic.dateline import Dateline, parse_dateline, split_dateline
from khabar.arabic.dates import parse_date
from khabar.errors import IngestError
from khabar.store.records import ArticleRecord

# --- data (natural spelling; compared folded) -------------------------------------------------

PROMO_PREFIXES = (
    "تابع أحدث الأخبار", "تابع آخر الأخبار", "تابعوا أحدث", "تابعوا آخر", "تابعونا", "تابعنا على",
    "حمّل تطبيق", "حمل التطبيق", "نزّل تطبيق", "اشترك في النشرة", "اشترك في نشرتنا",
    "اشترك الآن", "اشترك في قناة", "للاشتراك في", "انضم إلى قناة", "انضموا إلى", "لمتابعة آخر",
    "لمتابعة أحدث", "اضغط هنا", "انقر هنا", "إعلان", "advertisement", "جميع الحقوق محفوظة", "©",
    "شارك هذا", "شارك المقال", "شارك الخبر", "اقرأ الخبر من المصدر", "تم نسخ الرابط",
)
# Words of share bars and toolbars; a line made only of these is dropped.
SHARE_WORDS = (
    "شارك", "مشاركة", "طباعة", "حفظ", "فيسبوك", "فيس", "بوك", "تويتر", "إكس", "واتساب", "واتس",
    "اب", "تيليجرام", "تلغرام", "تليجرام", "لينكدإن", "لينكد", "إن", "انستغرام", "يوتيوب",
    "ماسنجر", "البريد", "الإلكتروني", "إيميل", "نسخ", "الرابط", "أرسل", "لصديق", "تكبير",
    "تصغير", "الخط", "facebook", "twitter", "x", "whatsapp", "telegram", "linkedin", "email",
    "print", "share", "messenger", "a+", "a-", "a",
)
FURTHER_READING = (
    "إقرأ أيضاً", "اقرأ أيضا", "اقرأ أيضاً", "اقرأ المزيد", "مواضيع ذات صلة", "موضوعات ذات صلة",
    "أخبار ذات صلة", "مقالات ذات صلة", "قد يهمك أيضا", "قد يهمك", "قد يعجبك أيضا",
    "المزيد من الأخبار", "شاهد أيضا",
)
DATE_LABELS = ("تاريخ النشر", "نشر في", "نشر بتاريخ", "تم النشر", "التاريخ", "بتاريخ")
UPDATE_LABELS = ("آخر تحديث", "تاريخ التحديث", "تم التحديث", "تحديث")
AUTHOR_LABELS = ("بقلم", "كتب", "كتبت", "إعداد", "الكاتب", "المحرر", "تحرير")
ATTRIBUTION_LABELS = ("المصدر", "المصادر", "مصدر الخبر", "نقلا عن", "source")
KEYWORD_LABELS = ("كلمات دلالية", "الكلمات الدالة", "الكلمات الدلالية", "كلمات مفتاحية",
                  "الكلمات المفتاحية", "وسوم", "الوسوم", "tags")
URL_LABELS = ("url", "link", "الرابط", "رابط الخبر")

MAX_TITLE_WORDS = 30        # a longer first line is a paragraph, not a headline
MAX_HEADLINE_WORDS = 15     # a teaser headline
MAX_DATE_LINE_WORDS = 8     # an unlabelled date line ("الجمعة 20 سبتمبر 2024 - 10:30 ص")
MAX_PROMO_WORDS = 25
MAX_KEYWORD_WORDS = 4       # keywords listed one per line under their label
URL_WINDOW = 5              # a URL line is looked for among the first lines


def _keys(words: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(w).lower() for w in words)


_PROMO = _keys(PROMO_PREFIXES)
_SHARE = frozenset(_keys(SHARE_WORDS))
_FURTHER = _keys(FURTHER_READING)
_DATE, _UPDATE, _AUTHOR = _keys(DATE_LABELS), _keys(UPDATE_LABELS), _keys(AUTHOR_LABELS)
_ATTRIBUTION, _KEYWORDS = _keys(ATTRIBUTION_LABELS), _keys(KEYWORD_LABELS)
_URL_LABELS = _keys(URL_LABELS)

_EDGE_PUNCT = " \t:：.-–—…|»«•·"
_LABEL = re.compile(r"^([^:：]{1,30}?)\s*[:：]\s*(.*)$")
_URL = re.compile(r"https?://\S+", re.I)
_KEYWORD_SPLIT = re.compile(r"\s*[،,|/؛;#]\s*|\s+[-–—]\s+")
_SHARE_SPLIT = re.compile(r"[\s|•·/:،,]+")
_SENTENCE_END = (".", "…", ":", "،", ",")


@dataclass
class _Draft:
    title: str
    teaser: bool = False
    paragraphs: list[str] = field(default_factory=list)
    published_at: datetime | None = None
    updated_at: datetime | None = None
    author: str | None = None
    attributed_to: str | None = None
    keywords: list[str] = field(default_factory=list)
    dateline: Dateline | None = None


# --- public -----------------------------------------------------------------------------------

def read_pagedump(text: str, *, origin: str) -> list[ArticleRecord]:
    """The articles of a page dump, main article first; IngestError if it has no body text.

    ``origin`` names the dump (a path); problems are raised without it, the caller reports
    them against it.
    """
    lines = [line for line in (_tidy(raw) for raw in text.splitlines()) if line]
    url, lines = _take_url(lines)
    lines = [line for line in lines if not _is_clutter(line)]
    main, rest = _start(lines)
    drafts = [main]
    further = awaiting_headline = listing_keywords = False
    for line in rest:
        current, key = drafts[-1], _key(line)
        if listing_keywords:
            if len(line.split()) <= MAX_KEYWORD_WORDS and not _is_marker(key):
                current.keywords.extend(_split_keywords(line))
                continue
            listing_keywords = False
        if _is_marker(key):
            further = awaiting_headline = True
            continue
        if _inline_marker(key):
            continue  # "اقرأ أيضا: <headline>" inside a body is a link, not text
        label, value = _label(line)
        if label in _ATTRIBUTION and value:
            current.attributed_to = value
            continue
        if label in _KEYWORDS:
            current.keywords.extend(_split_keywords(value))
            listing_keywords = not value
            continue
        if not current.paragraphs and _meta(current, line, label, value):
            continue
        if further and (awaiting_headline or (current.paragraphs and _is_headline(line))):
            drafts.append(_Draft(title=line, teaser=True))
            awaiting_headline = False
            continue
        if current.teaser and not current.paragraphs and current.dateline is None:
            current.dateline, _ = split_dateline(line)
        current.paragraphs.append(line)
    if not main.paragraphs:
        raise IngestError("no article text in the page dump (a headline alone is not an article)")
    source = _host(url)
    return [_record(d, url if d is main else None, source) for d in drafts if d.paragraphs]


# --- steps ------------------------------------------------------------------------------------

def _start(lines: list[str]) -> tuple[_Draft, list[str]]:
    """The main article's draft (headline and any date lines before it) and the lines after."""
    leading: list[str] = []
    while lines and _date_of(lines[0]) is not None and len(lines) > 1:
        leading.append(lines.pop(0))
    if not lines:
        raise IngestError("the page dump is empty")
    head, *rest = lines
    main = _Draft(title=head) if len(head.split()) <= MAX_TITLE_WORDS else _Draft(title="")
    if not main.title:
        rest = [head, *rest]
    for line in leading:
        _meta(main, line, *_label(line))
    return main, rest


def _meta(draft: _Draft, line: str, label: str | None, value: str) -> bool:
    """Read a line between a headline and its first paragraph: date, author or dateline."""
    if label in _UPDATE:
        draft.updated_at = draft.updated_at or parse_date(value or line)
        return draft.updated_at is not None
    when = _date_of(line, label)
    if when is not None:
        draft.published_at = draft.published_at or when
        return True
    if label in _AUTHOR and value and len(value.split()) <= 6:
        draft.author = value
        return True
    words = line.split()
    if words and _key(words[0]) == fold("بقلم") and 1 < len(words) <= 5:
        draft.author = " ".join(words[1:])
        return True
    if draft.dateline is None and (dateline := parse_dateline(line)) is not None:
        draft.dateline = dateline
        return True
    return False


def _date_of(line: str, label: str | None = None) -> datetime | None:
    if label is None:
        label, _ = _label(line)
    if label in _DATE or (len(line.split()) <= MAX_DATE_LINE_WORDS and not line.endswith(".")):
        return parse_date(line)
    return None


def _record(draft: _Draft, url: str | None, source: str | None) -> ArticleRecord:
    return ArticleRecord(
        title=draft.title,
        body="\n".join(draft.paragraphs),
        url=url,
        author=draft.author,
        published_at=draft.published_at or draft.updated_at,
        source=source,
        attributed_to=draft.attributed_to,
        keywords=list(dict.fromkeys(draft.keywords)),
        dateline=draft.dateline,
    )


# --- line tests -------------------------------------------------------------------------------

def _tidy(line: str) -> str:
    return " ".join(line.replace("\u00a0", " ").split())


def _key(line: str) -> str:
    return fold(line).lower().strip(_EDGE_PUNCT)


def _label(line: str) -> tuple[str | None, str]:
    """("label", "value") of "label: value", label folded; (None, "") for other lines."""
    m = _LABEL.match(line)
    return (_key(m.group(1)), m.group(2).strip()) if m else (None, "")


def _take_url(lines: list[str]) -> tuple[str | None, list[str]]:
    for index, line in enumerate(lines[:URL_WINDOW]):
        found = _URL.search(line)
        if found and (found.start() == 0 or _key(line[: found.start()]) in _URL_LABELS):
            return found.group(0).rstrip(").,،"), lines[:index] + lines[index + 1:]
    return None, lines


def _is_clutter(line: str) -> bool:
    key = _key(line)
    if not key:
        return True
    if len(line.split()) <= MAX_PROMO_WORDS and key.startswith(_PROMO):
        return True
    if key.startswith(fold("الرئيسية")) and re.search(r"[>»/]", line):
        return True  # breadcrumbs
    return all(word in _SHARE for word in _SHARE_SPLIT.split(key) if word)


def _is_marker(key: str) -> bool:
    return key in _FURTHER


def _inline_marker(key: str) -> bool:
    return any(key.startswith(marker) and key[len(marker):].lstrip()[:1] in (":", "：")
               for marker in _FURTHER)


def _is_headline(line: str) -> bool:
    return (len(line.split()) <= MAX_HEADLINE_WORDS and not line.endswith(_SENTENCE_END)
            and parse_dateline(line) is None)


def _split_keywords(value: str) -> list[str]:
    return [word.strip(_EDGE_PUNCT) for word in _KEYWORD_SPLIT.split(value)
            if word.strip(_EDGE_PUNCT)]


def _host(url: str | None) -> str | None:
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None
