"""An analyst the editor can be trusted by (issue 12, item 15, and item 1 for the
editor's panel), in Chromium, on the library deployed as the demo does it
(every shipped file in one deployment): the petition opens on petition.bpmn;
one deadline changed and saved leaves every other file byte for byte; the
compare link shows that change; the panel's checkboxes are saved as true and
false; an imported Camunda model is judged at once, with what civicflow ignores."""
from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from engine.authoring import diff as modeldiff, drafts
from engine.cases.actors import Actor
from engine.cases.runtime import Engine
from engine.data.schema import model_draft
from engine.models import meta as modelmeta
from engine.models.xmlsafe import parse_xml

pytestmark = pytest.mark.browser
ROOT = Path(__file__).resolve().parents[2]
ANALYST = Actor("analyst", "DOA", frozenset({"analyst"}))
CAMUNDA = ROOT / "tests" / "engine" / "fixtures" / "models" / "camunda_noise.bpmn"


def deploy_library(db, clock) -> dict[str, str]:
    files = {p.name: p.read_bytes() for p in sorted((ROOT / "bpmn").iterdir())
             if p.suffix in (".bpmn", ".dmn")}
    Engine(db, clock).deploy(files, ANALYST, comment="程式庫")
    return {n: d.decode("utf-8") for n, d in files.items()}


def stored_draft(db, key="petition") -> dict[str, str]:
    with db.connect() as conn:
        return drafts.get(conn, key)["files"]


def select_element(page, element_id):
    page.click(f'#canvases [data-element-id="{element_id}"]')
    page.wait_for_selector(f'#cf-panel .cf-id:text-is("{element_id}")')


def open_editor(page, live_server, key):
    page.goto(f"{live_server}/models/{key}/edit")
    page.wait_for_selector("#canvases .djs-container")
    page.wait_for_selector("#verdict:not(:empty)")


def test_the_analyst_edits_the_petition_and_imports_a_camunda_model(
        login, live_server, db, clock, shot, accessible, tmp_path):
    deployed = deploy_library(db, clock)
    page = login("analyst", width=1500)
    page.click("nav >> text=流程模型")
    page.click('a[href="/models/petition/edit"]')
    page.wait_for_selector('#canvases [data-element-id="register"]')

    # the petition's own file first, the others in tabs
    assert page.get_attribute('#file-tabs button[aria-selected="true"]', "data-file") == "petition.bpmn"
    expect(page.locator('#file-tabs button[data-file="consumer_complaint.bpmn"]')).to_have_count(1)
    page.wait_for_selector("#verdict.deployable")
    assert "可以部署" in page.text_content("#verdict")
    assert page.is_hidden("#ignored-box")
    shot(page, "editor-journey-01-petition-first")
    accessible(page)   # the bpmn-js canvas included: axe finds nothing serious there

    # one deadline changed and saved: only that file, only that attribute
    select_element(page, "register")
    page.fill("#cf-task-due", "working_days(3)")
    page.press("#cf-task-due", "Tab")
    page.wait_for_selector('#file-tabs button.dirty[data-file="petition.bpmn"]')
    page.click('#file-tabs button[data-file="petition_routing.dmn"]')   # opened, not changed
    page.wait_for_selector("#canvases .tjs-table")
    page.click("#btn-save")
    page.wait_for_selector("#editor-status.ok")
    draft = stored_draft(db)
    assert {n for n in draft if draft[n] != deployed[n]} == {"petition.bpmn"}
    change = modeldiff.compare(deployed, draft)
    assert [(c.kind, c.element_id) for c in change.elements] == [("changed", "register")]
    [detail] = change.elements[0].details
    assert (detail.prop, detail.before, detail.after) == ("due", "working_days(1)", "working_days(3)")

    # the compare link, as rendered, shows that change
    page.click("a:text-is('版本比較')")
    page.wait_for_selector("#diagram-new.ready")
    assert "第 2 版至草稿的變更" in page.text_content("h1")
    changed = page.locator("li.change.changed[data-element=register]")
    expect(changed).to_have_count(1)
    assert "working_days(3)" in changed.locator("ins").text_content()
    expect(page.locator("#diagram-new g.cf-changed[data-element-id=register]")).to_have_count(1)
    shot(page, "editor-journey-02-compare")
    accessible(page)

    # item 1: the panel's checkboxes are saved as ticked
    open_editor(page, live_server, "petition")
    select_element(page, "read_back")
    for i in (1, 2):
        page.click(f"#cf-panel details.cf-field >> nth={i} >> summary")
    page.check("#cf-f2-required")      # read_back_corrections: now required
    page.uncheck("#cf-f1-required")    # read_back_confirmed: no longer required
    page.check("#cf-f1-default")       # a yes/no field's default: yes
    assert page.is_checked("#cf-f2-required") and not page.is_checked("#cf-f1-required")
    shot(page, "editor-journey-03-checkboxes")
    page.click("#btn-save")
    page.wait_for_selector("#editor-status.ok")
    fields = _fields(stored_draft(db)["petition.bpmn"], "read_back")
    assert fields["read_back_corrections"].required is True
    assert fields["read_back_confirmed"].required is False
    assert fields["read_back_confirmed"].default == "true"
    assert 'name="read_back_confirmed" type="boolean" required="false"' in stored_draft(db)["petition.bpmn"]
    page.reload()
    page.wait_for_selector("#verdict:not(:empty)")
    select_element(page, "read_back")
    page.click("#cf-panel details.cf-field >> nth=2 >> summary")
    assert page.is_checked("#cf-f2-required")     # read back as saved

    # a Camunda model: judged at once, with what civicflow ignores
    model = tmp_path / "noise.bpmn"
    model.write_bytes(CAMUNDA.read_bytes())
    page.goto(f"{live_server}/models/")
    accessible(page)
    page.set_input_files("#model-files", str(model))
    page.fill("#model-name", "噪音通報")
    page.click("form[action$='/models/upload'] button[type=submit]")
    page.wait_for_url(f"{live_server}/models/noise_report/edit")
    page.wait_for_selector("#verdict.deployable")
    page.wait_for_selector("#ignored-box:not([hidden])")
    assert page.text_content("#ignored-count") == "6"
    ignored = page.text_content("#ignored-list")
    assert "使用者任務「現場查核」" in ignored and "流程「噪音通報」" in ignored
    assert "camunda:formKey" in ignored and "外部表單" in ignored
    assert "JUEL 運算式" in ignored and "監聽器" in ignored
    read = page.text_content("#read-list")   # where the task's role and form come from
    assert 'camunda:candidateGroups="officer"' in read and "作為此工作的角色" in read
    assert "作為此工作的表單欄位" in read
    page.click("#ignored-list button:text-is('使用者任務「現場查核」')")
    page.wait_for_selector('#cf-panel .cf-id:text-is("check_noise")')
    page.locator("#ignored-box").scroll_into_view_if_needed()
    shot(page, "editor-journey-04-camunda")
    accessible(page)   # the bpmn-js canvas included: axe finds nothing serious there
    page.close()


def _fields(xml: str, element_id: str) -> dict:
    metas = modelmeta.extract(parse_xml(xml.encode("utf-8"), "petition.bpmn"))
    return {f.name: f for f in metas["petition"].tasks[element_id].fields}


def test_a_file_added_in_the_editor_is_judged_before_saving(login, live_server, db, shot, accessible, tmp_path):
    page = login("analyst", width=1500)
    open_editor(page, live_server, "petition")
    page.wait_for_selector("#verdict.deployable")
    broken = (ROOT / "bpmn" / "petition.bpmn").read_text(encoding="utf-8").replace(
        'due="working_days(1)"', 'due="${dueDate}"', 1)
    added = tmp_path / "petition.bpmn"
    added.write_text(broken, encoding="utf-8")
    page.once("dialog", lambda d: d.accept())          # replace petition.bpmn?
    page.set_input_files("#add-file", str(added))
    page.wait_for_selector("#verdict.refused")
    assert "1 個問題" in page.text_content("#verdict")
    assert "JUEL" in page.text_content("#problem-list")
    expect(page.locator('#file-tabs button.dirty[data-file="petition.bpmn"]')).to_have_count(1)
    with db.connect() as conn:
        assert conn.execute(select(model_draft.c.id)).first() is None   # judged, not stored
    shot(page, "editor-journey-05-added-file")
    accessible(page)
    page.close()


def test_a_changed_decision_table_is_saved_and_the_untouched_diagram_kept(login, live_server, db):
    page = login("analyst", width=1500)
    open_editor(page, live_server, "petition")
    page.click('#file-tabs button[data-file="petition_routing.dmn"]')
    page.wait_for_selector("#canvases .tjs-table")
    cell = page.locator("#canvases .tjs-table tbody td.annotation >> nth=0")
    cell.click()
    page.keyboard.type("路燈")
    page.click("#canvases .tjs-table thead th >> nth=0")    # leave the cell: dmn-js commits
    page.wait_for_selector('#file-tabs button.dirty[data-file="petition_routing.dmn"]')
    page.click("#btn-save")
    page.wait_for_selector("#editor-status.ok")
    draft = stored_draft(db)
    assert draft["petition.bpmn"] == (ROOT / "bpmn" / "petition.bpmn").read_text(encoding="utf-8")
    assert "路燈" in draft["petition_routing.dmn"]
    assert draft["petition_routing.dmn"] != (ROOT / "bpmn" / "petition_routing.dmn").read_text(encoding="utf-8")
    page.close()
