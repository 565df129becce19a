"""Arabic names for what the data calls by code (categories as feeds label them)."""

from __future__ import annotations

#: category code (as outlets' feeds and the ANT corpus name them) → Arabic label
CATEGORY_LABELS: dict[str, str] = {
    "internationalNews": "دولي",
    "middleEast": "الشرق الأوسط",
    "sport": "رياضة",
    "economy": "اقتصاد",
    "technology": "تكنولوجيا",
    "culture": "ثقافة",
    "politics": "سياسة",
    "health": "صحة",
    "science": "علوم",
    "opinion": "رأي",
    "local": "محليات",
}


def category_label(code: str | None) -> str | None:
    """The Arabic label of a category code; an unknown code is shown as it is."""
    if code is None:
        return None
    return CATEGORY_LABELS.get(code, code)
