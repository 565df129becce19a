"""A synthetic news corpus for the fault suite: topics that make multi-article stories, spread
over days so stories open and expire, written as JSON Lines (deterministic per seed)."""

from __future__ import annotations

import json
import random
from datetime import datetime, timedelta, timezone
from pathlib import Path

PLACES = ["غزة", "بيروت", "دمشق", "بغداد", "القاهرة", "الرباط", "تونس", "عمان", "الدوحة", "صنعاء",
          "الخرطوم", "طرابلس", "الجزائر", "الرياض", "أبوظبي", "مسقط", "الكويت", "المنامة"]
SUBJECTS = ["الانتخابات البلدية", "أسعار النفط", "المنتخب الوطني", "الأمطار الغزيرة",
            "المفاوضات التجارية", "افتتاح المدرسة", "الزلزال", "المعرض الدولي للكتاب",
            "البنك المركزي", "مهرجان السينما", "الموازنة العامة", "حرائق الغابات"]
VERBS = ["أعلن", "أكد", "نفى", "ناقش", "رحب", "حذر", "كشف", "تابع"]
OUTLETS = ["الجزيرة", "العربية", "سكاي نيوز عربية", "فرانس 24", "بي بي سي عربي", "رويترز"]


def write_corpus(path: Path, n: int, *, seed: int = 0) -> Path:
    rng = random.Random(seed)
    start = datetime(2024, 3, 1, tzinfo=timezone.utc)
    lines = []
    letters = "بتثجحخدذرزسشصضطظعغفقكلمنهي"
    events = [(rng.choice(PLACES), rng.choice(SUBJECTS),
               " ".join("".join(rng.choice(letters) for _ in range(6)) for _ in range(3)))
              for _ in range(max(3, n // 8))]
    for i in range(n):
        place, subject, own = rng.choice(events[: 3 + i // 6])  # new events keep appearing
        when = start + timedelta(minutes=i * 7 + rng.randint(0, 30))
        words = [rng.choice(VERBS), "مسؤولون في", place, own, own]
        body = "\n".join(" ".join(rng.sample(words, len(words)) + [subject, own])
                         for _ in range(3))
        lines.append(json.dumps({
            "title": f"{rng.choice(VERBS)} {subject} في {place}", "text": body,
            "url": f"https://news.example/{i}", "source": rng.choice(OUTLETS),
            "time_utc": when.strftime("%Y-%m-%dT%H:%M:%SZ"),
        }, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path
