"""Search by words: the folded words of a case's decision number and parties.

A case's `search_text` is its words, lower-case ASCII, each between single spaces
(" 46 qd ccthads nguyen van a "); a search asks for the words typed, whole, in their order and
next to each other. The words are what an index can serve at national scale (PostgreSQL: a GIN
index of the words, cases migration 0013); the phrase has the same meaning on every database.
"""

import re
import unicodedata

WORD = re.compile(r"[a-z0-9]+")


def fold_accents(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text, so 'Đặng' and 'dang' match."""
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = unicodedata.normalize("NFD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()


def words(text: str) -> list[str]:
    """The words of `text` as a search sees them: '46/QĐ-CCTHADS' → ['46', 'qd', 'ccthads']."""
    return WORD.findall(fold_accents(text))


def search_text(*parts: str) -> str:
    """The text stored for a case's search: its words between single spaces, padded."""
    return f" {' '.join(words(' '.join(parts)))} "
