from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from cases.models import User
from reports.models import Target
from reports.targets import import_targets_csv, parse_rate, target_set

HEADER = "Mã cơ quan;Năm;Chỉ tiêu về việc (%);Chỉ tiêu về tiền (%)\n"


@pytest.fixture
def leader(tree, make_user):
    return make_user(tree.province, User.Role.LEADERSHIP)


def test_leadership_sets_targets_for_its_agency_and_below(tree, leader, make_user):
    target_set(agency=tree.province, year=2025, cases_rate=Decimal("83.90"), money_rate=Decimal("51.90"), user=leader)
    target_set(agency=tree.unit1, year=2025, cases_rate=Decimal("85"), money_rate=Decimal("50"), user=leader)
    target_set(agency=tree.unit1, year=2025, cases_rate=Decimal("86"), money_rate=Decimal("50"), user=leader)
    assert Target.objects.get(agency=tree.unit1, year=2025).cases_rate == Decimal("86.00")
    with pytest.raises(PermissionDenied):
        target_set(agency=tree.other_province, year=2025, cases_rate=80, money_rate=40, user=leader)
    with pytest.raises(PermissionDenied):
        target_set(agency=tree.province, year=2025, cases_rate=80, money_rate=40,
                   user=make_user(tree.province, User.Role.OFFICIAL))
    with pytest.raises(PermissionDenied):  # a unit's leadership does not set its province's target
        target_set(agency=tree.province, year=2025, cases_rate=80, money_rate=40,
                   user=make_user(tree.unit1, User.Role.LEADERSHIP))


@pytest.mark.parametrize("text, value", [("83,25", "83.25"), ("83.25 %", "83.25"), ("100", "100")])
def test_rates_as_people_type_them(text, value):
    assert parse_rate(text) == Decimal(value)


@pytest.mark.parametrize("text", ["abc", "101", "-1", "83,255"])
def test_bad_rates(text, vietnamese):
    with pytest.raises(ValidationError):
        parse_rate(text)


def test_csv_import_is_all_or_nothing(tree, leader, vietnamese):
    good = HEADER + "P1;2025;83,90;51,90\nP1-L1;2025;85;50\n"
    bad = HEADER + "P1;2025;83,90;51,90\nP2;2025;80;40\nP1-L2;năm;80;40\nP1-L1;2025;120;40\nXX;2025;1;1\n"
    saved, errors = import_targets_csv(bad.encode(), user=leader)
    assert saved == 0 and not Target.objects.exists()
    assert [(row, column) for row, column, _reason in errors] == [
        (3, "Mã cơ quan"), (4, "Năm"), (5, "Chỉ tiêu về việc (%)"), (6, "Mã cơ quan")]
    assert "không thể đặt chỉ tiêu" in errors[0][2] and "“XX”" in errors[3][2]
    saved, errors = import_targets_csv(good.encode(), user=leader)
    assert (saved, errors) == (2, [])
    assert Target.objects.get(agency=tree.province, year=2025).money_rate == Decimal("51.90")


def test_csv_with_wrong_headers(leader, vietnamese):
    saved, errors = import_targets_csv(b"a,b,c,d\nP1,2025,1,1\n", user=leader)
    assert saved == 0 and errors[0][0] == 1


def test_import_command(tree, leader, tmp_path):
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "chitieu.csv"
    path.write_text("\ufeff" + HEADER + "P1;2025;83,90;51,90\n", encoding="utf-8")
    out = StringIO()
    call_command("import_targets", str(path), "--user", leader.username, stdout=out)
    assert "1 target" in out.getvalue()
    assert Target.objects.filter(year=2025).count() == 1


def test_targets_through_the_admin(client, tree, make_user):
    from django.urls import reverse

    admin = make_user(tree.province, User.Role.ADMINISTRATOR, is_staff=True, is_superuser=True)
    client.force_login(admin)
    url = reverse("admin:reports_target_add")
    response = client.post(url, {"agency": tree.unit1.pk, "year": 2025, "cases_rate": "84.5", "money_rate": "50"})
    assert response.status_code == 302
    target = Target.objects.get(agency=tree.unit1, year=2025)
    assert target.set_by == admin and target.cases_rate == Decimal("84.50")
    # The admin offers only agencies in the user's scope.
    refused = client.post(url, {"agency": tree.other_unit.pk, "year": 2025, "cases_rate": "80", "money_rate": "40"})
    assert refused.status_code == 200 and not Target.objects.filter(agency=tree.other_unit).exists()


@pytest.mark.parametrize("typed", ["NaN", "nan", "sNaN", "Infinity", "-inf"])
def test_not_a_number_is_not_a_percentage(typed):
    """Found by the fuzzing: Decimal reads "NaN", and comparing it raised (a server error)."""
    with pytest.raises(ValidationError, match="không phải là tỷ lệ phần trăm|is not a percentage"):
        parse_rate(typed)


def test_a_nul_in_a_target_file_is_refused_at_its_row(tree, make_user):
    admin = make_user(tree.province, User.Role.ADMINISTRATOR)
    content = "Mã cơ quan;Năm;Chỉ tiêu về việc (%);Chỉ tiêu về tiền (%)\r\nP1\x00;2026;80;50\r\n"
    saved, errors = import_targets_csv(content.encode(), user=admin)
    assert saved == 0 and errors[0][0] == 2 and "NUL" in str(errors[0][2])
    assert not Target.objects.exists()
