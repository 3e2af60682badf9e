import unicodedata


def fold_accents(text: str) -> str:
    """Lower-case ASCII form of Vietnamese text, so 'Đặng' and 'dang' match."""
    text = text.replace("Đ", "D").replace("đ", "d")
    plain = unicodedata.normalize("NFD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).lower()
