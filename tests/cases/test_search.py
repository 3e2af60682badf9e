"""The words a search sees (cases.search)."""

from cases.search import search_text, words


def test_words_are_folded_and_split_on_anything_but_letters_and_digits():
    assert words("46/QĐ-CCTHADS") == ["46", "qd", "ccthads"]
    assert words("  Đặng Văn Một, Ngân hàng TMCP Á Châu ") == ["dang", "van", "mot", "ngan", "hang", "tmcp", "a", "chau"]
    assert words("— / -") == []


def test_the_stored_text_is_the_words_between_single_spaces():
    assert search_text("12/QĐ-THADS", "Lê Thị Hai", "Ngân sách Nhà nước") == " 12 qd thads le thi hai ngan sach nha nuoc "
    assert search_text("", "", "") == "  "
