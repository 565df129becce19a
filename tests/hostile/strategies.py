"""Hostile inputs for the readers: markup fragments, JSON records, deep nesting, odd bytes."""

from __future__ import annotations

import json

from hypothesis import strategies as st

ARABIC = "ابتثجحخدذرزسشصضطظعغفقكلمنهويءآأإؤئىةًٌٍَُِّْـ٠١٢٣٤٥٦٧٨٩ "
#: characters that trip parsers: controls, NUL, bidi marks, surrogates' neighbours, quotes
ODD = "\x00\x01\x07\x0b\x0c\x1b\x7f\u200f\u202e\u2066\ufeff\ufffe\uffff\U0001f600\"'<>&\\/%#?;"
texts = st.text(alphabet=st.sampled_from(ARABIC + ODD + "abcXYZ019:-.,"), max_size=80)
arabic_words = st.text(alphabet=st.sampled_from(ARABIC.replace(" ", "")), min_size=1, max_size=12)

MARKUP = [
    '<?xml version="1.0"?>', '<?xml version="1.0" encoding="windows-1256"?>', "<rss version=\"2.0\">",
    "</rss>", "<channel>", "</channel>", "<item>", "</item>", "<title>", "</title>", "<link>",
    "</link>", "<guid isPermaLink=\"true\">", "</guid>", "<description>", "</description>",
    "<pubDate>", "</pubDate>", "Mon, 01 Jan 0001 00:00:00 GMT", "Thu, 01 Mar 2018 00:30:44 GMT",
    '<feed xmlns="http://www.w3.org/2005/Atom">', "</feed>", "<entry>", "</entry>",
    '<link href="javascript:alert(1)"/>', '<link href="https://x.com/a"/>', "<published>",
    "</published>", "0001-01-01T00:00:00Z", "<![CDATA[", "]]>", "&amp;", "&nbsp;", "&#0;",
    "&#x110000;", "&e;", '<!DOCTYPE rss [<!ENTITY e "eeeeeeeeee">]>', "<!--", "-->",
    '<opml version="2.0">', "</opml>", "<body>", "</body>", '<outline text="x" xmlUrl="',
    '<outline xmlUrl="http://[64:ff9b::7f00:1]/f"/>', '"/>', "</outline>", "<html>", "<p>",
    "</p>", "<script>alert(1)</script>", "<div>", "</div>", '<meta property="og:title" content="',
    '<a href="//evil.example/x">', "</a>", "\x00", "\u202e", "<", ">", "\n",
]
markup = st.lists(st.one_of(st.sampled_from(MARKUP), texts), max_size=40).map("".join)


def _nested(depth: int, inner: str = '"x"') -> str:
    return "[" * depth + inner + "]" * depth


good_records = st.fixed_dictionaries({
    "title": arabic_words, "text": st.lists(arabic_words, min_size=1, max_size=8).map(" ".join),
}, optional={
    "url": st.one_of(st.just("https://x.com/a"), st.just("javascript:alert(1)"), texts),
    "time_utc": st.one_of(texts, st.integers(), st.floats(allow_nan=True),
                          st.sampled_from(["0001-01-01T00:00:00Z", "+275760-09-13T00:00:00Z"])),
    "author": st.one_of(texts, st.lists(texts, max_size=3), st.dictionaries(texts, texts, max_size=2)),
    "keywords": st.one_of(texts, st.lists(texts, max_size=4)),
    "source": texts,
})


def _json_line(value: object) -> str:
    return json.dumps(value, ensure_ascii=False)


hostile_lines = st.one_of(
    st.binary(max_size=60).map(lambda b: b.replace(b"\n", b" ")),
    texts.map(lambda t: t.replace("\n", " ").encode("utf-8", "surrogatepass")),
    st.integers(min_value=1, max_value=3000).map(lambda d: _nested(d).encode()),
    st.integers(min_value=1, max_value=1500).map(
        lambda d: ('{"title": ' + _nested(d) + ', "text": "ن"}').encode()),
    st.recursive(st.one_of(st.none(), st.booleans(), st.integers(), texts),
                 lambda kids: st.one_of(st.lists(kids, max_size=3),
                                        st.dictionaries(texts, kids, max_size=3)),
                 max_leaves=10).map(lambda v: _json_line(v).encode()),
)
