"""The words a search sees (cases.search)."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cases.search import WORD, fold_accents, search_text, words
from tests import factories


def test_words_are_folded_and_split_on_anything_but_letters_and_digits():
    assert words("46/QĐ-CCTHADS") == ["46", "qd", "ccthads"]
    assert words("  Đặng Văn Một, Ngân hàng TMCP Á Châu ") == ["dang", "van", "mot", "ngan", "hang", "tmcp", "a", "chau"]
    assert words("— / -") == []


@given(st.text(alphabet=st.sampled_from("aĐđặẫ Ệ\u0301\u0323\t\n/-.0123 ΣΟΔ") | st.characters(), max_size=40))
def test_words_are_found_token_by_token_as_in_the_whole_text(text):
    """Words are folded one whitespace-separated token at a time (and remembered): the same words
    as folding the whole text at once."""
    assert words(text) == WORD.findall(fold_accents(text))


def test_the_stored_text_is_the_words_between_single_spaces():
    assert search_text("12/QĐ-THADS", "Lê Thị Hai", "Ngân sách Nhà nước") == " 12 qd thads le thi hai ngan sach nha nuoc "
    assert search_text("", "", "") == "  "


def test_a_phrase_is_common_by_the_statistics_of_the_index_of_words(db, tree):
    """On PostgreSQL, after ANALYZE, a phrase's share of the cases is its words' frequencies taken
    together; a word too rare to be listed counts next to nothing; elsewhere nothing is common."""
    from django.db import connection

    from cases import search

    for i in range(60):
        factories.case(tree.unit1, debtor_name=f"Nguyễn Văn {i}",
                       creditor_name="Ngân hàng TMCP Á Châu" if i % 2 else "Ngân sách Nhà nước")
    factories.case(tree.unit1, debtor_name="Khổng Minh Hiếm")
    try:
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE cases_case")
        search.forget_frequencies()
        if connection.vendor != "postgresql":
            assert search.share_of_cases(["nguyen"]) == 0 and not search.is_common(["nguyen", "van"])
            # No statistics: the index is asked for every word, and no word is known to be rare.
            assert search.index_words(["van", "nguyen", "van"]) == ["nguyen", "van"]
            assert not search.has_rare_word(["tu", "nhien"])
            return
        assert search.share_of_cases(["nguyen"]) == pytest.approx(60 / 61, abs=0.02)
        assert search.share_of_cases(["ngan", "hang"]) == pytest.approx((60 / 61) * (30 / 61), abs=0.03)
        assert search.is_common(["ngan", "hang"]) and search.is_common(["van", "nguyen"])
        assert search.share_of_cases(["khong", "minh", "hiem"]) < search.COMMON_SHARE
        assert not search.is_common(["tu", "nhien"])  # in no case: not listed
        # The index is asked for the words that narrow: not those in nearly every case...
        assert search.index_words(["nguyen", "van", "tu"]) == ["tu"]
        assert search.index_words(["nguyen", "ngan", "hiem"]) == ["hiem"]
        # ... unless every word is: then the rarest alone.
        asked = search.index_words(["ngan", "nguyen"])
        assert len(asked) == 1 and set(asked) < {"ngan", "nguyen"}
        # A word the statistics do not list is rare; listed words are not.
        assert search.has_rare_word(["nguyen", "nhien"]) and not search.has_rare_word(["nguyen", "van"])
    finally:
        search.forget_frequencies()  # the next test's statistics are its own
