"""Near-duplicate copies: the same wire text with small edits (another headline, a dateline
added, a paragraph trimmed).

Texts are compared as sets of word 3-shingles of the *folded* words (``khabar.arabic.fold`` then
``tokens``), so a word carrying harakat, tatweel or an attached Arabic comma still counts as the
same word. MinHash signatures go into a datasketch LSH index tuned to ``NEAR_COPY_JACCARD``;
a hit is confirmed on the estimated Jaccard. Only copies that arrived within ``WINDOW`` of each
other are compared, and older entries leave the index, so a look-up costs the same however
large the archive grows.
"""

from __future__ import annotations

import heapq
import zlib
from datetime import datetime, timedelta

import numpy as np
from datasketch import MinHash, MinHashLSH

from khabar.arabic import fold, tokens
from khabar.enrich.reading import read

#: words per shingle
SHINGLE_WORDS = 3
#: MinHash permutations (estimate error ≈ 1/sqrt(128) ≈ 0.09)
NUM_PERM = 128
#: estimated Jaccard of shingle sets at or above which two texts are copies of one text
NEAR_COPY_JACCARD = 0.5
#: texts with fewer shingles are too short to tell a copy from a shared formula
MIN_SHINGLES = 12
#: copies are looked for among articles that arrived this close in time
WINDOW = timedelta(days=4)


def shingles(text: str) -> set[bytes]:
    """Word 3-shingles of the folded text."""
    return shingles_of([w for w, _, _ in tokens(fold(text))])


def shingles_of(words: list[str]) -> set[bytes]:
    """Word 3-shingles of a text's folded words."""
    # the runs of SHINGLE_WORDS words, joined and encoded in C (no Python step per word)
    return set(map(str.encode, map(" ".join, zip(*(words[i:] for i in range(SHINGLE_WORDS))))))


def jaccard(a: set[bytes], b: set[bytes]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


#: a shingle's hash (zlib's own function: no Python call per shingle)
_crc32 = zlib.crc32


#: the random permutations, drawn once (datasketch draws them again for every MinHash)
_TEMPLATE = MinHash(num_perm=NUM_PERM)
_PERMUTATIONS, _SCHEME = _TEMPLATE.permutations, _TEMPLATE.scheme


def signature(shingle_set: set[bytes]) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, hashfunc=_crc32, permutations=_PERMUTATIONS,
                 scheme=_SCHEME)
    mh.update_batch(list(shingle_set))
    return mh


def text_signature(text: str) -> MinHash | None:
    """The signature of ``text``, or None when it is too short to compare."""
    return shingles_signature(shingles(text))


def copy_signature(title: str, body: str) -> MinHash | None:
    """``text_signature(copy_text(title, body))``, from the words the other steps read
    (``reading``)."""
    reading = read(title, body)
    words = reading.body_folded if copy_text(title, body) is body else reading.folded_words()
    return shingles_signature(shingles_of(words))


def shingles_signature(shingle_set: set[bytes]) -> MinHash | None:
    """The signature of a text's shingles, or None when they are too few to compare."""
    if len(shingle_set) < MIN_SHINGLES:
        return None
    return signature(shingle_set)


def hash_values(mh: MinHash | None) -> bytes | None:
    """A signature as the bytes of its hash values (small to send to another process)."""
    return None if mh is None else mh.hashvalues.tobytes()


def from_hash_values(data: bytes | None) -> MinHash | None:
    """The signature ``hash_values`` gave, sharing the permutations drawn once."""
    if data is None:
        return None
    values = np.frombuffer(data, dtype=_TEMPLATE.hashvalues.dtype).copy()
    return MinHash(num_perm=NUM_PERM, hashfunc=_crc32, permutations=_PERMUTATIONS,
                   scheme=_SCHEME, hashvalues=values)


def copy_text(title: str, body: str) -> str:
    """The text compared for copies: the body (headlines differ between copies), or title and
    body when the body alone is too short."""
    return body if len(body.split()) >= MIN_SHINGLES + SHINGLE_WORDS else f"{title}\n{body}"


class NearCopies:
    """An index of recent texts that finds the earlier copy of a new one."""

    def __init__(self, *, threshold: float = NEAR_COPY_JACCARD, window: timedelta = WINDOW) -> None:
        self.threshold = threshold
        self.window = window
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._signatures: dict[int, MinHash] = {}
        self._times: dict[int, datetime] = {}
        self._expiry: list[tuple[datetime, int]] = []
        self._clock: datetime | None = None

    def __len__(self) -> int:
        return len(self._signatures)

    def find(self, text: str, when: datetime) -> tuple[int | None, MinHash | None]:
        """The key of the most similar earlier copy of ``text`` (or None), and the text's
        signature to ``add`` afterwards (None when the text is too short to compare)."""
        return self.match(text_signature(text), when)

    def match(self, mh: MinHash | None, when: datetime) -> tuple[int | None, MinHash | None]:
        """``find`` for a signature computed beforehand (``text_signature``, in another
        process: ``hash_values`` and ``from_hash_values`` carry it)."""
        if mh is None:
            return None, None
        best, best_score = None, self.threshold
        for key in self._lsh.query(mh):
            if abs(self._times[key] - when) > self.window:
                continue
            score = mh.jaccard(self._signatures[key])
            if score >= best_score:
                best, best_score = key, score
        return best, mh

    def add(self, key: int, mh: MinHash | None, when: datetime) -> None:
        if mh is None or key in self._signatures:
            return
        self._lsh.insert(key, mh)
        self._signatures[key] = mh
        self._times[key] = when
        heapq.heappush(self._expiry, (when, key))
        self._clock = when if self._clock is None else max(self._clock, when)
        self._expire(self._clock - self.window)

    def _expire(self, horizon: datetime) -> None:
        while self._expiry and self._expiry[0][0] < horizon:
            _, key = heapq.heappop(self._expiry)
            if key in self._signatures:
                self._lsh.remove(key)
                del self._signatures[key], self._times[key]
