"""Unicode and orthographic normalization of Arabic text.

Two levels:

- ``clean(text)``: display-safe text. Letters from Persian/Urdu keyboards become the Arabic
  letters they stand for, invisible controls (bidi marks, zero-width characters, soft hyphens)
  are removed, presentation forms are unfolded, odd spaces become plain spaces. Hamza, harakat
  and digits stay as written. Lines (paragraphs) are kept.
- ``fold(text)``: the matching form, used for indexing and comparison. ``clean`` plus: no
  harakat, Quranic marks or tatweel; every alef (أ إ آ ٱ) is ا; ى→ي; ة→ه; ؤ→و; ئ→ي;
  Arabic-Indic and Persian digits become ASCII; Latin is casefolded.

Both are pure, idempotent, and run as a single ``str.translate`` plus a few regex passes
(none for a single word, the analyzer's case).
"""

import re
import unicodedata

# --- Data -------------------------------------------------------------------------------------

# Letters typed on Persian/Urdu keyboards inside Arabic words, mapped to the Arabic letter meant.
# ۀ (heh with yeh above) and ۃ (Urdu teh marbuta goal) appear in Arabic text where a non-Arabic
# keyboard produced the word-final ta marbuta ("الدولۀ"), so both become ة. fold() maps ة to ه
# anyway, so this choice only affects display. Other Persian/Urdu letters (پ چ ژ گ ٹ ڈ ڑ ے …)
# have no Arabic counterpart and are left as written.
PERSIAN_TO_ARABIC: dict[str, str] = {
    "\u06cc": "\u064a",  # ی Farsi yeh -> ي
    "\u06d0": "\u064a",  # ې yeh with two dots below -> ي
    "\u06cd": "\u064a",  # ۍ yeh with tail -> ي
    "\u06a9": "\u0643",  # ک keheh -> ك
    "\u06aa": "\u0643",  # ڪ swash kaf -> ك
    "\u06c1": "\u0647",  # ہ heh goal -> ه
    "\u06d5": "\u0647",  # ە ae -> ه
    "\u06be": "\u0647",  # ھ heh doachashmee -> ه
    "\u06c0": "\u0629",  # ۀ heh with yeh above -> ة (see above)
    "\u06c3": "\u0629",  # ۃ teh marbuta goal -> ة
}

# Invisible format characters: bidi marks, embeddings, overrides, isolates, zero-width
# characters and the soft hyphen. Removed.
INVISIBLE: str = (
    "\u200e\u200f\u061c"  # LRM, RLM, Arabic letter mark
    "\u202a\u202b\u202c\u202d\u202e"  # embeddings and overrides
    "\u2066\u2067\u2068\u2069"  # isolates
    "\u200b\u200c\u200d\u2060\ufeff"  # ZWSP, ZWNJ, ZWJ, word joiner, BOM
    "\u00ad"  # soft hyphen
)

# Spaces of other widths and tabs become a plain space; other line breaks become "\n".
ODD_SPACES: str = (
    "\t\v\f\u00a0" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000"
)
LINE_BREAKS: str = "\r\u0085\u2028\u2029"

# Arabic presentation forms (A and B), unfolded with NFKC, character by character.
PRESENTATION_RANGES: tuple[tuple[int, int], ...] = ((0xFB50, 0xFDFF), (0xFE70, 0xFEFF))

# fold(): marks removed: harakat (with hamza/madda above and below), superscript alef, Quranic
# annotation marks, tatweel, and the small honorific signs and Extended-A marks.
FOLD_REMOVED: tuple[tuple[int, int], ...] = (
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06ED),
    (0x0640, 0x0640),
    (0x0610, 0x061A),
    (0x08D3, 0x08FF),
)

# fold(): letters mapped. ؤ and ئ are handled consistently: the hamza seat stays (و, ي) and the
# hamza goes, exactly as for أ/إ/آ → ا. Standalone ء is kept.
FOLD_LETTERS: dict[str, str] = {
    "\u0623": "\u0627",  # أ -> ا
    "\u0625": "\u0627",  # إ -> ا
    "\u0622": "\u0627",  # آ -> ا
    "\u0671": "\u0627",  # ٱ -> ا
    "\u0672": "\u0627",  # ٲ (wavy hamza above) -> ا
    "\u0673": "\u0627",  # ٳ (wavy hamza below) -> ا
    "\u0649": "\u064a",  # ى -> ي
    "\u0629": "\u0647",  # ة -> ه
    "\u0624": "\u0648",  # ؤ -> و
    "\u0626": "\u064a",  # ئ -> ي
}

# fold(): Arabic-Indic (U+0660..) and Persian (U+06F0..) digits -> ASCII.
DIGIT_BLOCKS: tuple[int, ...] = (0x0660, 0x06F0)

# --- Tables -----------------------------------------------------------------------------------


def _unfold_presentation(ch: str) -> str:
    """NFKC of one presentation form; an isolated mark form loses the space NFKC puts before it."""
    value = unicodedata.normalize("NFKC", ch)
    marks = value[1:]
    if value.startswith(" ") and marks and all(unicodedata.combining(c) for c in marks):
        return marks
    return value


def _build_clean_table() -> dict[int, str | None]:
    base: dict[int, str | None] = {ord(k): v for k, v in PERSIAN_TO_ARABIC.items()}
    base.update({ord(c): " " for c in ODD_SPACES})
    base.update({ord(c): "\n" for c in LINE_BREAKS})
    table = dict(base)
    for lo, hi in PRESENTATION_RANGES:
        for cp in range(lo, hi + 1):
            value = _unfold_presentation(chr(cp))
            if value != chr(cp):
                # NFKC can yield Persian letters (ﮎ -> ک, ﯼ -> ی): map those too.
                table[cp] = value.translate(base)
    table.update({ord(c): None for c in INVISIBLE})
    return table


def _build_fold_table(clean_table: dict[int, str | None]) -> dict[int, str | None]:
    fold_only: dict[int, str | None] = {ord(k): v for k, v in FOLD_LETTERS.items()}
    for lo, hi in FOLD_REMOVED:
        fold_only.update({cp: None for cp in range(lo, hi + 1)})
    for block in DIGIT_BLOCKS:
        fold_only.update({block + d: str(d) for d in range(10)})
    # Compose: clean first, then fold, in one translate call.
    table: dict[int, str | None] = {
        cp: (value.translate(fold_only) if value else value) for cp, value in clean_table.items()
    }
    for cp, value in fold_only.items():
        table.setdefault(cp, value)
    return table


CLEAN_TABLE: dict[int, str | None] = _build_clean_table()
FOLD_TABLE: dict[int, str | None] = _build_fold_table(CLEAN_TABLE)

_SPACE_RUNS = re.compile(r" {2,}")
_LINE_EDGES = re.compile(r" ?\n ?")
_BLANK_LINES = re.compile(r"\n{3,}")


def _tidy(text: str) -> str:
    """Collapse space runs, strip every line, keep at most one blank line between paragraphs."""
    text = _SPACE_RUNS.sub(" ", text)
    text = _LINE_EDGES.sub("\n", text)
    text = _BLANK_LINES.sub("\n\n", text)
    return text.strip(" \n")


# --- Public functions -------------------------------------------------------------------------


def clean(text: str) -> str:
    """Display-safe text: Arabic letters for Persian ones, no invisible controls, no
    presentation forms, plain spaces, stripped lines. Hamza, harakat and digits as written."""
    # "\r\n" must become one "\n" before the table maps a lone "\r" to "\n".
    cleaned = text.replace("\r\n", "\n").translate(CLEAN_TABLE)
    if " " not in cleaned and "\n" not in cleaned:
        return cleaned  # one word: nothing for _tidy to do
    return _tidy(cleaned)


def fold(text: str) -> str:
    """The matching form: ``clean`` plus no marks or tatweel, one alef, ى→ي, ة→ه, ؤ→و, ئ→ي,
    ASCII digits and casefolded Latin."""
    folded = text.replace("\r\n", "\n").translate(FOLD_TABLE).casefold()
    if " " not in folded and "\n" not in folded:
        return folded  # one word (most calls): nothing for _tidy to do
    return _tidy(folded)
