"""The agency a form asks for (改分權責機關) is chosen as officials look one up:
局處 first, in the city's listing, then the 區公所 in the city's order of its
districts, then the rest, each under its <optgroup>; a transfer never offers
the agency the task belongs to."""
from __future__ import annotations

import re

from engine.models.meta import Field
from webtest_support import ready_task


def _select(page: str, name: str) -> str:
    start = page.index(f'<select id="f-{name}"')
    return page[start:page.index("</select>", start)]


def _groups(select: str) -> list[tuple[str, list[str]]]:
    """[(optgroup label, [option words])] in the page's order."""
    return [(label, re.findall(r">\s*([^<>]+?)\s*</option>", body))
            for label, body in re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)]


def _handle_page(client_for, rt, receipt) -> str:
    task = ready_task(rt, receipt.case_id, "handle")
    pwb = client_for("pwb1")
    pwb.post(f"/tasks/{task.id}/claim")
    return pwb.get(f"/tasks/{task.id}").get_data(as_text=True)


def test_the_transfer_agency_is_chosen_by_group(registered_case, rt, client_for):
    groups = _groups(_select(_handle_page(client_for, rt, registered_case), "competent_agency"))
    assert [label for label, _names in groups] == ["局處", "區公所", "其他"]
    bureaus, districts, others = (names for _label, names in groups)
    assert {"水利局", "環境保護局", "研究發展考核委員會"} <= set(bureaus)
    assert "工務局" not in bureaus   # the officer's own bureau: no transfer to itself
    assert not any(n.endswith("區公所") for n in bureaus + others)
    assert len(districts) == 38 and all(n.endswith("區公所") for n in districts)
    # the city's own order of its districts (the old city first), not the codes' (阿蓮 first)
    assert districts[:4] == ["鹽埕區公所", "鼓山區公所", "左營區公所", "楠梓區公所"]
    assert districts[-1] == "那瑪夏區公所"
    assert {"消費者保護官", "消費爭議調解委員會", "高雄市政府"} <= set(others)
    # the city's listing (bpmn/reference/agencies.json), not the code points of the names
    assert bureaus[:3] == ["行政暨國際處", "研究發展考核委員會", "衛生局"]
    assert bureaus.index("水利局") < bureaus.index("民政局") < bureaus.index("法制局")


def _render(app, field: Field, own: str | None) -> str:
    from webapp import taskform
    with app.test_request_context("/"):
        with app.extensions["civicflow.db"].connect() as conn:
            agencies = taskform.agency_choices(conn)
        macros = app.jinja_env.get_template("macros/fields.html").module
        return str(macros.render_field(field, {}, {}, agencies, own_agency=own))


def test_a_transfer_does_not_offer_the_tasks_own_agency(app):
    transfer = Field("competent_agency", "agency", required=True, when="handling_action=transfer")
    offered = _render(app, transfer, "PWB")
    assert 'value="PWB"' not in offered and 'value="WRB"' in offered
    # an agency asked always (a coordinator's 主辦機關) may stay where it is
    lead = Field("responsible_agency", "agency", required=True)
    assert 'value="PWB"' in _render(app, lead, "PWB")
    assert 'value="PWB"' in _render(app, transfer, None)   # a page that names no task's agency
