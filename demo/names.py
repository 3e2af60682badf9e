"""The demo province: Tuyên Quang, which took over Hà Giang on 1/7/2025.

Before: two Cục with their Chi cục (real district names). After: THADS tỉnh Tuyên Quang with ten
regional offices; each old Chi cục maps to one of them.
"""

OLD_LOCAL_UNITS = {
    "Tuyên Quang": [
        ("thành phố", "Tuyên Quang"), ("huyện", "Yên Sơn"), ("huyện", "Sơn Dương"), ("huyện", "Hàm Yên"),
        ("huyện", "Chiêm Hóa"), ("huyện", "Na Hang"), ("huyện", "Lâm Bình"),
    ],
    "Hà Giang": [
        ("thành phố", "Hà Giang"), ("huyện", "Vị Xuyên"), ("huyện", "Bắc Quang"), ("huyện", "Quang Bình"),
        ("huyện", "Hoàng Su Phì"), ("huyện", "Xín Mần"), ("huyện", "Bắc Mê"), ("huyện", "Quản Bạ"),
        ("huyện", "Yên Minh"), ("huyện", "Đồng Văn"), ("huyện", "Mèo Vạc"),
    ],
}

# Regional office number → the old Chi cục it took over.
REGIONAL_OFFICES = {
    1: ["Tuyên Quang", "Yên Sơn"],
    2: ["Sơn Dương"],
    3: ["Hàm Yên"],
    4: ["Chiêm Hóa"],
    5: ["Na Hang", "Lâm Bình"],
    6: ["Hà Giang", "Vị Xuyên"],
    7: ["Bắc Quang", "Quang Bình"],
    8: ["Hoàng Su Phì", "Xín Mần"],
    9: ["Bắc Mê", "Quản Bạ", "Yên Minh"],
    10: ["Đồng Văn", "Mèo Vạc"],
}

FAMILY_NAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý", "Ma", "Hà",
                "Nông", "Triệu", "Lò", "Giàng", "Sùng", "Vương"]
MIDDLE_NAMES = ["Văn", "Thị", "Đức", "Minh", "Thanh", "Hữu", "Ngọc", "Quang", "Xuân", "Thu", "Mạnh", "Kim"]
GIVEN_NAMES = ["An", "Bình", "Cường", "Dũng", "Hà", "Hải", "Hạnh", "Hoa", "Hùng", "Hương", "Lan", "Linh", "Long",
               "Mai", "Nam", "Nga", "Phong", "Phương", "Quân", "Sơn", "Tâm", "Thảo", "Thắng", "Trang", "Tuấn",
               "Việt", "Yến", "Chiến", "Dung", "Khánh", "Lợi", "Mùa", "Pao", "Sính", "Tráng"]
COMPANIES = ["Công ty TNHH Xây dựng Hoàng Long", "Công ty CP Khoáng sản Bắc Mê", "Công ty TNHH Thương mại Phú Cường",
             "Công ty CP Chè Hà Giang", "Hợp tác xã Nông nghiệp Tân Trào", "Công ty TNHH Vận tải Minh Quang",
             "Doanh nghiệp tư nhân Thanh Bình", "Công ty CP Thủy điện Sông Lô"]
BANKS = ["Ngân hàng Nông nghiệp và Phát triển nông thôn Việt Nam - Chi nhánh tỉnh Tuyên Quang",
         "Ngân hàng Nông nghiệp và Phát triển nông thôn Việt Nam - Chi nhánh tỉnh Hà Giang",
         "Ngân hàng TMCP Công Thương Việt Nam - Chi nhánh Tuyên Quang",
         "Ngân hàng TMCP Đầu tư và Phát triển Việt Nam - Chi nhánh Hà Giang",
         "Ngân hàng Chính sách xã hội - Chi nhánh tỉnh Tuyên Quang",
         "Ngân hàng TMCP Ngoại thương Việt Nam - Chi nhánh Tuyên Quang"]
STATE_BUDGET = "Ngân sách Nhà nước"
