"""The text of an alert, in Arabic: headline, outlets, time and link of each story.

One message goes to one channel for one saved search: the new stories it announces (one for
an instant alert, several after quiet hours or in a digest) and "update" lines for stories it
announced before that other outlets have since published — never a new alert for them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from khabar.arabic import format_date
from khabar.arabic.wording import STORY, counted, isolate
from khabar.notify.schedule import zone
from khabar.store import Article


@dataclass(frozen=True, slots=True)
class StoryLines:
    """One story of a message: the articles the saved search matched in it (arrival order)
    and, for an update, how many of them are new since it was announced."""

    articles: list[Article]
    new_since_sent: int = 0


@dataclass(frozen=True, slots=True)
class Message:
    title: str
    body: str
    #: the page a click on the notification opens (Web Push): the first story's article on
    #: this khabar (a path when ``alerts_base_url`` is unset), else ""
    link: str = ""


def article_link(article: Article, base_url: str) -> str:
    """The article's page on this khabar when its address is known, else the outlet's URL."""
    if base_url:
        return f"{base_url.rstrip('/')}/articles/{article.id}"
    return article.url or ""


def local_time(when: datetime | None, tz: str) -> str:
    """"الأربعاء 2 ديسمبر 2026، 14:05" in the saved search's time zone."""
    if when is None:
        return ""
    local = when.astimezone(zone(tz))
    return f"{format_date(local)}، {local:%H:%M}"


def outlets(items: list[Article]) -> list[str]:
    return list(dict.fromkeys(isolate(a.source) for a in items if a.source))


def compose(name: str, mode: str, new: list[StoryLines], updates: list[StoryLines], *,
            tz: str, base_url: str) -> Message:
    """The message announcing ``new`` stories with ``updates`` lines, for the saved search
    called ``name`` in ``mode`` (instant, hourly or daily)."""
    blocks = [_story_block(s, tz, base_url) for s in new]
    if updates:
        blocks.append("تحديثات لأخبار سبق التنبيه إليها:\n" + "\n".join(
            _update_line(s, base_url) for s in updates))
    label = isolate(name)
    if mode == "instant":
        title = (f"تنبيه «{label}»: {new[0].articles[0].title}" if len(new) == 1 else
                 f"تنبيه «{label}»: {counted(len(new), STORY)}" if new else
                 f"تحديثات «{label}»")
    else:
        period = "الساعة" if mode == "hourly" else "اليوم"
        title = (f"ملخص {period} لـ«{label}»: {counted(len(new), STORY)}" if new else
                 f"ملخص {period} لـ«{label}»: تحديثات")
    first = (new or updates)[0].articles[0] if (new or updates) else None
    link = "" if first is None else (
        f"{base_url.rstrip('/')}/articles/{first.id}" if base_url else f"/articles/{first.id}")
    return Message(title=title, body="\n\n".join(blocks), link=link)


def _story_block(story: StoryLines, tz: str, base_url: str) -> str:
    first = story.articles[0]
    lines = [first.title, "المصادر: " + "، ".join(outlets(story.articles))]
    when = local_time(first.published_at or first.fetched_at, tz)
    if when:
        lines.append(when)
    link = article_link(first, base_url)
    if link:
        lines.append(link)
    return "\n".join(lines)


def _update_line(story: StoryLines, base_url: str) -> str:
    first = story.articles[0]
    later = story.articles[-story.new_since_sent:] if story.new_since_sent else []
    also = "، ".join(outlets(later)) or "، ".join(outlets(story.articles))
    link = article_link(first, base_url)
    return f"• «{first.title}» نشرته أيضاً: {also}" + (f"\n  {link}" if link else "")
