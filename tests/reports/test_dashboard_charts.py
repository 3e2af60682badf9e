"""The dashboard answers "who is below target": the charts' data carries each bar's target and gap,
the ranking leads with the rate, the gap and the change and opens with the agency's total, its words
follow what its rows are (units or officers), and every drill-down keeps the period with a way back."""

import json
import re
from html.parser import HTMLParser

import pytest
from django.urls import reverse
from django.utils.translation import gettext, override

from cases.models import User
from reports.calendar import Period
from reports.engine import compute
from reports.figures import RANKED_KEYS
from reports.targets import target_set
from tests import factories

PERIOD = Period(2026, 12)
ASKED = {"year": 2026, "months": 12}
# The additive columns of the ranking: every figure but the rate (a ratio, never summed).
ADDITIVE = [key for key in RANKED_KEYS if key != "rate"]


@pytest.fixture
def history(tree, make_user):
    officer = factories.OfficerFactory(agency=tree.unit1, full_name="Chấp hành viên Một")
    factories.outcomes_history(tree, officer=officer)
    setter = make_user(tree.central, User.Role.LEADERSHIP)
    # Unit 1 completes 2 of its 4 able cases (50 %), unit 2 1 of 4 (25 %): one above its target, one below.
    target_set(agency=tree.unit1, year=2026, cases_rate="40", money_rate="20", user=setter)
    target_set(agency=tree.unit2, year=2026, cases_rate="30", money_rate="90", user=setter)
    return officer


@pytest.fixture
def leader(tree, make_user):
    return make_user(tree.province, User.Role.LEADERSHIP)


def chart_data(response) -> dict:
    """The JSON the charts script reads, as the page carries it."""
    found = re.search(r'<script id="dashboard-data" type="application/json">(.*?)</script>', response.content.decode(),
                      re.S)
    return json.loads(found.group(1))


class _Table(HTMLParser):
    """The rows of one ranking panel: each a list of (tag, class, data-value, text) cells."""

    def __init__(self, panel):
        super().__init__()
        self.panel, self.inside, self.depth = panel, False, 0
        self.head, self.total, self.rows, self.section, self.cell = [], [], [], None, None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "div" and attrs.get("data-panel") == self.panel:
            self.inside, self.depth = True, 0
        if not self.inside:
            return
        if tag == "div":
            self.depth += 1
        elif tag in ("thead", "tbody"):
            self.section = "head" if tag == "thead" else attrs.get("class")
        elif tag == "tr":
            {"head": self.head, "total": self.total, "rows": self.rows}[self.section].append([])
        elif tag in ("th", "td"):
            self.cell = [tag, attrs.get("class") or "", attrs.get("data-value"), ""]

    def handle_endtag(self, tag):
        if not self.inside:
            return
        if tag in ("th", "td") and self.cell is not None:
            rows = {"head": self.head, "total": self.total, "rows": self.rows}[self.section]
            rows[-1].append((self.cell[0], self.cell[1], self.cell[2], self.cell[3].strip()))
            self.cell = None
        elif tag == "div":
            self.depth -= 1
            if self.depth == 0:
                self.inside = False

    def handle_data(self, data):
        if self.inside and self.cell is not None:
            self.cell[3] += data


def ranking_table(response, panel="cases") -> _Table:
    table = _Table(panel)
    table.feed(response.content.decode())
    return table


def test_chart_data_carries_each_bars_target_and_gap(client, tree, history, leader):
    client.force_login(leader)
    response = client.get(reverse("home"), ASKED)
    data = chart_data(response)
    bars = {bar["label"]: bar for bar in data["units"]}
    unit1, unit2 = bars[tree.unit1.short_name], bars[tree.unit2.short_name]
    assert unit1["cases"] == {"rate": 50.0, "target": 40.0, "gap": 10.0, "status": "good"}
    assert unit2["cases"] == {"rate": 25.0, "target": 30.0, "gap": -5.0, "status": "bad"}
    report = compute(tree.unit2, PERIOD)
    assert unit2["money"]["rate"] == report["money"]["rate"]
    assert unit2["money"]["gap"] == pytest.approx(report["money"]["rate"] - 90.0) and unit2["money"]["status"] == "bad"
    # The sentence under each chart names who is below.
    assert data["below_target"]["cases"] == {"names": [tree.unit2.short_name], "of": 2}
    assert tree.unit2.short_name in data["below_target"]["money"]["names"]
    # A legend that reads as words, and points written the Vietnamese way by the script.
    with override("vi"):
        assert data["labels"]["cases_target"] == gettext("Target by cases") == "Chỉ tiêu về việc"
    assert "(" not in data["labels"]["cases_target"] and "(" not in data["labels"]["money_target"]
    assert data["labels"]["points"] == "{points} điểm %"  # the catalogue's "%%" already one sign
    # A unit's bar opens that unit's dashboard for the same period.
    assert unit1["url"] == f"/?agency={tree.unit1.pk}&year=2026&months=12"


def test_ranking_leads_with_rate_gap_and_change(client, tree, history, leader):
    client.force_login(leader)
    response = client.get(reverse("home"), ASKED)
    for panel in ("cases", "money"):
        table = ranking_table(response, panel)
        classes = [cell[1] for cell in table.head[0]]
        assert classes[1:5] == ["num key-rate", "num key-gap", "num key-change", "num key-target"], panel
        row = next(r for r in table.rows if r[0][2] == tree.unit2.short_name)
        rate, gap, change = row[1], row[2], row[3]
        assert "key-rate" in rate[1] and "key-gap" in gap[1] and "key-change" in change[1]
    table = ranking_table(response, "cases")
    row = next(r for r in table.rows if r[0][2] == tree.unit2.short_name)
    assert [cell[3] for cell in row[1:5]] == ["25,00\xa0%", "\u22125,00", row[3][3], "30,00\xa0%"]
    assert "bad" in row[1][1] and "bad" in row[2][1]
    above = next(r for r in table.rows if r[0][2] == tree.unit1.short_name)
    assert above[2][3] == "+10,00" and "good" in above[2][1]
    # Every column heading is a sort button, so the keyboard sorts too.
    assert all(cell[0] == "th" for cell in table.head[0]) and len(table.head[0]) == 5 + len(ADDITIVE)
    assert response.content.decode().count('<button type="button" class="sort">') == 2 * (5 + len(ADDITIVE))


@pytest.mark.parametrize("level", ["province", "unit1"])
def test_total_row_is_the_agencys_own_figures_and_the_sum_of_the_rows(client, tree, history, leader, level):
    client.force_login(leader)
    agency = getattr(tree, level)
    response = client.get(reverse("home"), {**ASKED, "agency": agency.pk})
    ranking = response.context["ranking"]
    report = compute(agency, PERIOD)
    total = ranking["total"]
    assert ranking["by_officer"] == (level == "unit1")
    for unit in ("cases", "money"):
        assert total[unit] == report[unit], unit
        for key in ADDITIVE:
            assert total[unit][key] == sum(row[unit][key] for row in ranking["rows"]), (unit, key)
        # A rate is the agency's own (Σ completed ÷ Σ able), never an average of the rows'.
        able = sum(row[unit]["with_conditions"] for row in ranking["rows"])
        completed = sum(row[unit]["completed"] for row in ranking["rows"])
        assert total[unit]["rate"] == pytest.approx(round(completed * 100 / able, 2))
        assert total["change"][unit]["rate"] == report["change"][unit]["rate"]
    assert total["target"] == (report["target"] or {})
    # The printed total row: the same numbers, above the sorted rows, its rate and gap first.
    table = ranking_table(response, "cases")
    (printed,) = table.total
    assert printed[0][0] == "th" and printed[0][3] == gettext("Total")
    values = {cell[1].split()[1] if " " in cell[1] else cell[1]: cell for cell in printed[1:5]}
    assert values["key-rate"][2] == str(report["cases"]["rate"])
    figures = printed[5:]
    assert [int(cell[2]) for cell in figures] == [report["cases"][key] for key in ADDITIVE]
    money = ranking_table(response, "money").total[0][5:]
    assert [int(cell[2]) for cell in money] == [report["money"][key] for key in ADDITIVE]


def test_total_row_links_open_the_agencys_cases(client, tree, history, leader):
    client.force_login(leader)
    ranking = client.get(reverse("home"), ASKED).context["ranking"]
    total = ranking["total"]
    for key in ("to_enforce", "completed", "carried_forward"):
        assert client.get(total["links"][key]).context["page"].count == total["cases"][key], key


def test_the_level_is_named_by_what_the_rows_are(client, tree, history, leader):
    client.force_login(leader)
    with override("vi"):
        province = client.get(reverse("home"), ASKED).content.decode()
        unit = client.get(reverse("home"), {**ASKED, "agency": tree.unit1.pk}).content.decode()
        officers_hint = gettext("One row per enforcement officer of %(agency)s, each held to the unit's target, under "
                                "the unit's total. Click a heading to sort; the highest and lowest rates are marked.")
        units_hint = gettext("One row per unit under %(agency)s, under the agency's total. Click a heading to sort; "
                             "the highest and lowest rates are marked.")
    assert "Xếp hạng đơn vị" in province and "Tỷ lệ theo đơn vị" in province
    assert units_hint % {"agency": tree.province.name} in province
    assert "Xếp hạng chấp hành viên" in unit and "Tỷ lệ theo chấp hành viên" in unit
    assert "Xếp hạng đơn vị" not in unit and "Tỷ lệ theo đơn vị" not in unit
    assert officers_hint % {"agency": tree.unit1.name} in unit
    assert units_hint % {"agency": tree.unit1.name} not in unit
    # The name column says officer, and the target column says whose target it is.
    head = ranking_table(client.get(reverse("home"), {**ASKED, "agency": tree.unit1.pk})).head[0]
    assert head[0][3] == "Chấp hành viên"


def test_officer_bars_are_held_to_the_units_target_and_open_their_cases_for_the_period(client, tree, history, leader):
    client.force_login(leader)
    response = client.get(reverse("home"), {**ASKED, "agency": tree.unit1.pk})
    data = chart_data(response)
    (bar,) = [b for b in data["units"] if b["label"] == history.full_name]
    assert bar["cases"] == {"rate": 50.0, "target": 40.0, "gap": 10.0, "status": "good"}
    url = bar["url"]
    assert url.startswith(reverse("case_list") + "?")
    for part in ("figure=with_conditions", "year=2026", "months=12", f"agency={tree.unit1.pk}",
                 f"officer={history.pk}"):
        assert part in url, part
    (row,) = [r for r in response.context["ranking"]["rows"] if r["label"] == history.full_name]
    assert row["url"] == url and row["links"]["rate"] == url
    listed = client.get(url)
    assert listed.context["page"].count == row["cases"]["with_conditions"] == 4  # the cases the rate is over
    page = listed.content.decode()
    # The list says which figure and period it is behind, and leads back to that dashboard and period.
    assert "figure-banner" in page
    back = re.search(r'<a href="([^"]+)" id="dashboard-back">', page).group(1).replace("&amp;", "&")
    assert back == f"/?agency={tree.unit1.pk}&year=2026&months=12"


def test_a_unit_reached_from_above_leads_back_to_the_same_period(client, tree, history, leader):
    client.force_login(leader)
    page = client.get(reverse("home"), {**ASKED, "agency": tree.unit1.pk}).content.decode()
    back = re.search(r'id="dashboard-back" href="([^"]+)"', page).group(1).replace("&amp;", "&")
    assert back == f"?agency={tree.province.pk}&year=2026&months=12"
    # The leader's own agency has nothing above to go back to.
    assert 'id="dashboard-back"' not in client.get(reverse("home"), ASKED).content.decode()


def test_a_row_without_an_officer_links_to_no_one(client, tree, make_user):
    factories.outcomes_history(tree)  # no officer: unit 1's cases are all unassigned
    client.force_login(make_user(tree.province, User.Role.LEADERSHIP))
    ranking = client.get(reverse("home"), {**ASKED, "agency": tree.unit1.pk}).context["ranking"]
    (row,) = ranking["rows"]
    assert row["url"] is None and row["links"] == {}
