"""Search by words: the folded words of a case's decision number and parties.

A case's `search_text` is its words, lower-case ASCII, each between single spaces
(" 46 qd ccthads nguyen van a "); a search asks for the words typed, whole, in their order and
next to each other. The words are what an index can serve at national scale (PostgreSQL: a GIN
index of the words, cases migration 0013); the phrase has the same meaning on every database.
"""

import math
import re
import time
import unicodedata
from functools import lru_cache

from django.db import connection

WORD = re.compile(r"[a-z0-9]+")

# A phrase whose words are together in this share of the cases or more is common: its matches are
# read from the cases in scope, which find a page of them at once, rather than from the index of
# words, which marks every case with the words before reading any (0,3 µs each: 60 ms for a word
# in 5 % of the country's cases, whatever the scope).
COMMON_SHARE = 0.02
EVERYWHERE_SHARE = 0.3  # a word in this share of the cases or more: see index_words
FREQUENCIES_KEPT_FOR = 3600  # seconds: the words' frequencies move slowly, with ANALYZE
_frequencies = {"read_at": -math.inf, "by_word": {}, "floor": 0.0}


def fold_accents(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text, so 'Đặng' and 'dang' match."""
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = unicodedata.normalize("NFD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The words of `text` as a search sees them: '46/QĐ-CCTHADS' → ['46', 'qd', 'ccthads']."""
    return [word for token in text.split() for word in _token_words(token)]


@lru_cache(maxsize=1 << 16)
def _token_words(token: str) -> tuple[str, ...]:
    # Names repeat (a national load folds millions of them): each whitespace-separated token is
    # folded once. Folding never joins or splits across whitespace, so the words are the same.
    return tuple(WORD.findall(fold_accents(token)))


def search_text(*parts: str) -> str:
    """The text stored for a case's search: its words between single spaces, padded."""
    return f" {' '.join(words(' '.join(parts)))} "


def share_of_cases(typed: list[str]) -> float:
    """About which share of the cases holds all the words `typed`: PostgreSQL's statistics of the
    index of words (each common word's frequency, the words taken as independent); 0 for words too
    rare to be listed there, and where there are no statistics (SQLite, or never analysed)."""
    by_word, floor = _word_frequencies()
    if not by_word:
        return 0.0
    return math.prod(by_word.get(word, floor) for word in set(typed))


def is_common(typed: list[str]) -> bool:
    return share_of_cases(typed) >= COMMON_SHARE


def index_words(typed: list[str]) -> list[str]:
    """The words of `typed` to ask the index of words for (the phrase is checked whole beside it):
    each in fewer than EVERYWHERE_SHARE of the cases, else the rarest. A word nearly every case
    holds narrows nothing and costs the index its whole list: "qd", in every decision number, made
    "1234/QĐ" cost 3 to 11 ms of the index instead of 0,3."""
    by_word, floor = _word_frequencies()
    unique = sorted(set(typed))
    kept = [word for word in unique if by_word.get(word, floor) < EVERYWHERE_SHARE]
    return kept or [min(unique, key=lambda word: by_word.get(word, floor))]


def has_rare_word(typed: list[str]) -> bool:
    """Whether a word of `typed` is too rare for the statistics of the index to list it (under about
    a thousandth of the cases): the index then finds its few cases at once, whatever the scope."""
    by_word, _floor = _word_frequencies()
    return bool(by_word) and any(word not in by_word for word in typed)


def forget_frequencies():
    """Read the statistics again at the next search (after ANALYZE, in tests)."""
    _frequencies["read_at"] = -math.inf


def _word_frequencies() -> tuple[dict, float]:
    if time.monotonic() - _frequencies["read_at"] > FREQUENCIES_KEPT_FOR:
        by_word = {}
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # The index's expression has statistics of its own, listed under the index's name.
                cursor.execute("SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                               "WHERE schemaname = current_schema() AND tablename = 'case_search_words'")
                row = cursor.fetchone()
            if row and row[0]:
                words_, shares = row
                # The frequencies end with three summary values (their least, greatest, nulls).
                by_word = dict(zip(words_, shares[: len(words_)], strict=True))
        _frequencies.update(read_at=time.monotonic(), by_word=by_word,
                            floor=0.0 if not by_word else min(by_word.values()) / 2)
    return _frequencies["by_word"], _frequencies["floor"]
