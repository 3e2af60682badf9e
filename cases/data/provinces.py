"""The provincial tier before and after the 1 July 2025 restructure (domain primer §2).

Each entry: (short name, "city" or "province"). NEW_PROVINCES maps each of the 34 new provincial
agencies to the old ones it took over (itself first when its name was kept).
"""

from datetime import date

RESTRUCTURE_DATE = date(2025, 7, 1)
OLD_TREE_START = date(2009, 7, 1)

OLD_PROVINCES = [
    ("Hà Nội", "city"), ("Hà Giang", "province"), ("Cao Bằng", "province"), ("Bắc Kạn", "province"),
    ("Tuyên Quang", "province"), ("Lào Cai", "province"), ("Điện Biên", "province"), ("Lai Châu", "province"),
    ("Sơn La", "province"), ("Yên Bái", "province"), ("Hòa Bình", "province"), ("Thái Nguyên", "province"),
    ("Lạng Sơn", "province"), ("Quảng Ninh", "province"), ("Bắc Giang", "province"), ("Phú Thọ", "province"),
    ("Vĩnh Phúc", "province"), ("Bắc Ninh", "province"), ("Hải Dương", "province"), ("Hải Phòng", "city"),
    ("Hưng Yên", "province"), ("Thái Bình", "province"), ("Hà Nam", "province"), ("Nam Định", "province"),
    ("Ninh Bình", "province"), ("Thanh Hóa", "province"), ("Nghệ An", "province"), ("Hà Tĩnh", "province"),
    ("Quảng Bình", "province"), ("Quảng Trị", "province"), ("Huế", "city"), ("Đà Nẵng", "city"),
    ("Quảng Nam", "province"), ("Quảng Ngãi", "province"), ("Bình Định", "province"), ("Phú Yên", "province"),
    ("Khánh Hòa", "province"), ("Ninh Thuận", "province"), ("Bình Thuận", "province"), ("Kon Tum", "province"),
    ("Gia Lai", "province"), ("Đắk Lắk", "province"), ("Đắk Nông", "province"), ("Lâm Đồng", "province"),
    ("Bình Phước", "province"), ("Tây Ninh", "province"), ("Bình Dương", "province"), ("Đồng Nai", "province"),
    ("Bà Rịa - Vũng Tàu", "province"), ("Hồ Chí Minh", "city"), ("Long An", "province"), ("Tiền Giang", "province"),
    ("Bến Tre", "province"), ("Trà Vinh", "province"), ("Vĩnh Long", "province"), ("Đồng Tháp", "province"),
    ("An Giang", "province"), ("Kiên Giang", "province"), ("Cần Thơ", "city"), ("Hậu Giang", "province"),
    ("Sóc Trăng", "province"), ("Bạc Liêu", "province"), ("Cà Mau", "province"),
]

# new short name: (kind, [old short names]); unchanged provinces list only themselves.
NEW_PROVINCES = {
    "Hà Nội": ("city", ["Hà Nội"]),
    "Huế": ("city", ["Huế"]),
    "Lai Châu": ("province", ["Lai Châu"]),
    "Điện Biên": ("province", ["Điện Biên"]),
    "Sơn La": ("province", ["Sơn La"]),
    "Lạng Sơn": ("province", ["Lạng Sơn"]),
    "Quảng Ninh": ("province", ["Quảng Ninh"]),
    "Thanh Hóa": ("province", ["Thanh Hóa"]),
    "Nghệ An": ("province", ["Nghệ An"]),
    "Hà Tĩnh": ("province", ["Hà Tĩnh"]),
    "Cao Bằng": ("province", ["Cao Bằng"]),
    "Tuyên Quang": ("province", ["Tuyên Quang", "Hà Giang"]),
    "Lào Cai": ("province", ["Lào Cai", "Yên Bái"]),
    "Thái Nguyên": ("province", ["Thái Nguyên", "Bắc Kạn"]),
    "Phú Thọ": ("province", ["Phú Thọ", "Vĩnh Phúc", "Hòa Bình"]),
    "Bắc Ninh": ("province", ["Bắc Ninh", "Bắc Giang"]),
    "Hưng Yên": ("province", ["Hưng Yên", "Thái Bình"]),
    "Hải Phòng": ("city", ["Hải Phòng", "Hải Dương"]),
    "Ninh Bình": ("province", ["Ninh Bình", "Hà Nam", "Nam Định"]),
    "Quảng Trị": ("province", ["Quảng Trị", "Quảng Bình"]),
    "Đà Nẵng": ("city", ["Đà Nẵng", "Quảng Nam"]),
    "Quảng Ngãi": ("province", ["Quảng Ngãi", "Kon Tum"]),
    "Gia Lai": ("province", ["Gia Lai", "Bình Định"]),
    "Khánh Hòa": ("province", ["Khánh Hòa", "Ninh Thuận"]),
    "Lâm Đồng": ("province", ["Lâm Đồng", "Đắk Nông", "Bình Thuận"]),
    "Đắk Lắk": ("province", ["Đắk Lắk", "Phú Yên"]),
    "Hồ Chí Minh": ("city", ["Hồ Chí Minh", "Bình Dương", "Bà Rịa - Vũng Tàu"]),
    "Đồng Nai": ("province", ["Đồng Nai", "Bình Phước"]),
    "Tây Ninh": ("province", ["Tây Ninh", "Long An"]),
    "Cần Thơ": ("city", ["Cần Thơ", "Sóc Trăng", "Hậu Giang"]),
    "Vĩnh Long": ("province", ["Vĩnh Long", "Bến Tre", "Trà Vinh"]),
    "Đồng Tháp": ("province", ["Đồng Tháp", "Tiền Giang"]),
    "Cà Mau": ("province", ["Cà Mau", "Bạc Liêu"]),
    "An Giang": ("province", ["An Giang", "Kiên Giang"]),
}


def slug(name: str) -> str:
    """ASCII code fragment of a Vietnamese name: "Bà Rịa - Vũng Tàu" → "BARIAVUNGTAU"."""
    from ..search import fold_accents

    return "".join(c for c in fold_accents(name) if c.isalnum()).upper()


def display_name(short: str, kind: str) -> str:
    return f"thành phố {short}" if kind == "city" else f"tỉnh {short}"
