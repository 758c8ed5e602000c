"""Every agency list reads like the officer's transfer list (test_agency_select):
局處 in the city's listing (bpmn/reference/agencies.json, not by the code
points of their names), the 38 區公所 in the city's order, then 其他, each
under its <optgroup> (webapp/agency_groups.py): the bulk transfer on the
board and the inbox, the board's filter, a start form, the intake's lead
agency, the team view's choice and the administrator's forms; in English
under English labels."""
import json
import re

import pytest

from engine.data import agency_order
from webtest_support import deploy_library, held_by, login

CITY_ORDER = ["鹽埕區公所", "鼓山區公所", "左營區公所", "楠梓區公所"]
LISTING = json.loads(agency_order.REFERENCE.read_text(encoding="utf-8"))
BUREAUS_ZH = [a["name_zh"] for a in LISTING if a["kind"] in ("bureau", "commission")]
BUREAUS_EN = [a["name_en"] for a in LISTING if a["kind"] in ("bureau", "commission")]


def in_city_listing(names: list[str], listing=BUREAUS_ZH) -> bool:
    """The names in the listing's order (a form may leave some out)."""
    return names == [n for n in listing if n in names] and names != sorted(names)


def select_of(page: str, select_id: str) -> str:
    start = re.search(rf'<select[^>]*\bid="{select_id}"', page).start()
    return page[start:page.index("</select>", start)]


def groups(select: str) -> list[tuple[str, list[str]]]:
    """[(optgroup label, [option words])] in the page's order."""
    return [(label, re.findall(r">\s*([^<>]+?)\s*</option>", body))
            for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)]


def assert_read_as_officials_look_up(page: str, select_id: str) -> list[str]:
    """The select's three groups in their order; the bureaus' names."""
    found = groups(select_of(page, select_id))
    assert [label for label, _names in found] == ["局處", "區公所", "其他"], select_id
    bureaus, districts, others = (names for _label, names in found)
    assert "交通局" in bureaus and in_city_listing(bureaus)
    assert bureaus[:3] == ["行政暨國際處", "研究發展考核委員會", "衛生局"]
    assert len(districts) == 38 and districts[:4] == CITY_ORDER and districts[-1] == "那瑪夏區公所"
    assert "高雄市政府" in others and not any(n.endswith("區公所") for n in bureaus + others)
    return bureaus


def test_the_bulk_transfer_on_the_board_and_the_inbox(app, rt, client_for):
    held_by(app, rt, 1)
    boss = client_for("pwbboss")
    assert_read_as_officials_look_up(
        boss.get("/board/list?figure=open&agency=PWB").get_data(as_text=True), "bulk-agency")
    assert_read_as_officials_look_up(boss.get("/inbox?view=team").get_data(as_text=True), "bulk-agency")


def test_the_boards_agency_filter(client_for):
    page = client_for("admin").get("/board/").get_data(as_text=True)
    assert_read_as_officials_look_up(page, "board-agency")
    assert '<option value="">我督導的全部機關</option>' in select_of(page, "board-agency")


def test_the_intake_clerks_lead_agency(client_for):   # 改由此機關主辦
    assert_read_as_officials_look_up(client_for("clerk").get("/intake/new").get_data(as_text=True),
                                     "f-routed_agency")


def test_the_team_views_agency_choice(client_for):
    page = client_for("admin").get("/inbox?view=team").get_data(as_text=True)
    assert_read_as_officials_look_up(page, "workload-agency")


@pytest.mark.parametrize("url, select_id", [("/admin/users/new", "agency"),
                                            ("/admin/agencies/WRB", "parent_code"),
                                            ("/admin/connections", "default_agency")])
def test_the_administrators_agency_fields(client_for, url, select_id):
    page = client_for("admin").get(url).get_data(as_text=True)
    bureaus = assert_read_as_officials_look_up(page, select_id)
    if select_id == "parent_code":   # 水利局 (WRB) edited: never its own parent
        assert "水利局" not in bureaus and 'value="WRB"' not in select_of(page, select_id)


def test_an_administrators_choice_is_still_checked(client_for):
    admin = client_for("admin")
    resp = admin.post("/admin/users/new", data={"username": "x1", "agency": "NOPE", "roles": ["officer"],
                                                "password": "a-long-password-1"})
    assert resp.status_code == 422 and "請從清單中選擇機關" in resp.get_data(as_text=True)


@pytest.fixture
def library(app, rt, db):
    deploy_library(rt, db, [("doa1", "DOA", ["officer"])])
    return app


def test_a_start_forms_agency_lists(library):
    doa = login(library.test_client(), "doa1")
    council = doa.get("/cases/new/council_resolution").get_data(as_text=True)
    assert_read_as_officials_look_up(council, "f-responsible_agency__1")
    audit = groups(select_of(doa.get("/cases/new/records_audit").get_data(as_text=True), "f-audit_offices"))
    [(label, districts)] = audit   # the model offers district offices only
    assert label == "區公所" and districts[:4] == CITY_ORDER


def test_english_group_labels(client_for):
    admin = client_for("admin")
    admin.post("/lang/en", data={"next": "/board/"})
    found = groups(select_of(admin.get("/board/").get_data(as_text=True), "board-agency"))
    assert [label for label, _names in found] == ["Bureaus and departments", "District offices",
                                                 "Other agencies"]
    bureaus = found[0][1]
    assert in_city_listing(bureaus, BUREAUS_EN) and all(n.isascii() for n in bureaus)
