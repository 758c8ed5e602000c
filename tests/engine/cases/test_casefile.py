"""The case file beside a task's form: a confidential phone petition about
building safety (PWB leads, FIRE and UDB co-handle) driven through the
shipped petition model, read by the responsible officer and by a co-handling
agency's officer."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from lxml import etree
from sqlalchemy import insert, select

from engine.cases import casefile, queries
from engine.cases.actors import Actor
from engine.data.schema import attachment, audit, case, task
from engine.demo.reference import load_reference
from engine.models import case_parts, meta

BPMN = Path(__file__).resolve().parents[3] / "bpmn"
CLERK = Actor("clerk", "DOA", frozenset({"intake"}))
PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))
FIRE1 = Actor("fire1", "FIRE", frozenset({"officer"}))
UDB1 = Actor("udb1", "UDB", frozenset({"officer"}))
REGISTRATION = dict(channel="phone", subject="大樓逃生梯堆放雜物", category="building_safety",
                    content="三民區某大樓逃生梯堆滿雜物，\n住戶多次反映無改善。", district="D-SANMIN",
                    language="zh_TW", confidential=True, art173_ground="none",
                    petitioner_name="林秘密", petitioner_contact="0900000000")


def viewer(actor: Actor) -> queries.Viewer:
    return queries.Viewer(actor.username, actor.agency, actor.roles)


@pytest.fixture
def lib(engine, db):
    load_reference(db, with_demo_users=False)
    engine.deploy({n: (BPMN / n).read_bytes() for n in ("petition.bpmn", "petition_routing.dmn")})
    return engine


def ready(db, case_id, element_id):
    with db.connect() as conn:
        return conn.execute(select(task).where(task.c.case_id == case_id, task.c.state == "ready",
                                               task.c.element_id == element_id)
                            .order_by(task.c.candidate_agency)).all()


def work(engine, db, case_id, element_id, actor, form):
    row = next(r for r in ready(db, case_id, element_id) if r.candidate_agency == actor.agency)
    engine.claim(row.id, actor)
    engine.complete(row.id, actor, form)
    return row


@pytest.fixture
def petition(lib, db):
    """At 'consolidate' (PWB): read back, FIRE agreed, UDB did not; a photo attached."""
    started = lib.start_case("petition", {"title": REGISTRATION["subject"]}, actor=CLERK,
                             petitioner_info={"name": "林秘密", "phone": "0900000000"})
    cid = started["id"]
    work(lib, db, cid, "register", CLERK, REGISTRATION)
    work(lib, db, cid, "read_back", CLERK, {"read_back_text": "陳情人口述：逃生梯堆放雜物。",
                                             "read_back_confirmed": True})
    work(lib, db, cid, "co_opinion_task", FIRE1, {"co_opinion_text": "將派員檢查", "co_agrees": True})
    with db.begin() as conn:
        conn.execute(insert(attachment).values(
            case_id=cid, filename="逃生梯.jpg", content_type="image/jpeg", size=2048, sha256="0" * 64,
            storage_key="x", uploaded_by="clerk", at=lib.clock.now()))
    return cid


def load(db, actor, case_id, shows=None):
    with db.connect() as conn:
        row = queries.visible_case(conn, viewer(actor), case_id=case_id)
        assert row is not None, f"{actor.username} may not see the case"
        return casefile.read(conn, viewer(actor), row, shows)[0]


def test_the_file_holds_the_petitioners_words_read_back_files_and_opinions(lib, db, petition):
    work(lib, db, petition, "co_opinion_task", UDB1, {"co_opinion_text": "非屬本局權責", "co_agrees": False})
    pwb_task = ready(db, petition, "consolidate")[0]
    lib.claim(pwb_task.id, PWB1)
    cf = load(db, PWB1, petition)
    assert cf.subject == "大樓逃生梯堆放雜物"
    assert cf.content.startswith("三民區某大樓逃生梯堆滿雜物，\n")
    assert cf.read_back == {"text": "陳情人口述：逃生梯堆放雜物。", "confirmed": True, "corrections": ""}
    assert [(o.agency, o.opinion, o.agrees) for o in cf.opinions] == [
        ("FIRE", "將派員檢查", True), ("UDB", "非屬本局權責", False)]
    assert [f.filename for f in cf.attachments] == ["逃生梯.jpg"]
    actions = [e.action for e in cf.timeline]
    assert actions[0] == "start" and "complete" in actions and actions[-1] == "claim"


def test_an_agency_still_asked_for_its_opinion_is_listed_as_awaited(db, petition):
    cf = load(db, FIRE1, petition)
    assert [(o.agency, o.pending) for o in cf.opinions] == [("FIRE", False), ("UDB", True)]


def test_confidential_identity_is_hidden_from_a_co_handling_agencys_officer(db, petition):
    cf = load(db, FIRE1, petition)
    assert cf.petitioner is None and cf.identity_hidden
    shown = repr(cf)   # nothing in the file carries the name or phone, form data included
    assert "林秘密" not in shown and "0900000000" not in shown


def test_the_responsible_officer_sees_the_identity_once_working_on_it(lib, db, petition):
    work(lib, db, petition, "co_opinion_task", UDB1, {"co_opinion_text": "同意", "co_agrees": True})
    assert load(db, PWB1, petition).identity_hidden   # PWB's queue: not yet theirs
    lib.claim(ready(db, petition, "consolidate")[0].id, PWB1)
    cf = load(db, PWB1, petition)
    assert (cf.petitioner.name, cf.petitioner.phone) == ("林秘密", "0900000000")
    assert not cf.identity_hidden


def test_a_task_shows_only_the_parts_its_model_declares(db, petition):
    cf = load(db, CLERK, petition, shows=["content", "read_back"])
    assert cf.content and cf.read_back
    assert cf.petitioner is None and not cf.identity_hidden
    assert cf.timeline == [] and cf.attachments == [] and cf.opinions == [] and cf.comments == []
    assert cf.shows("content") and not cf.shows("timeline")


def test_a_repeat_petition_links_the_earlier_case_only_for_those_who_may_see_it(lib, db, petition):
    with db.connect() as conn:
        earlier = conn.execute(select(case.c.number).where(case.c.id == petition)).scalar()
    later = lib.start_case("petition", {"title": "再次陳情", "linked_case": earlier, "link_kind": "repeat"},
                           actor=CLERK)["id"]
    cf = load(db, CLERK, later)
    assert [(r["number"], r["kind"]) for r in cf.linked] == [(earlier, "repeat")]
    epb = Actor("epb1", "EPB", frozenset({"officer"}))
    with db.connect() as conn:   # EPB never held the earlier case: no link to it
        assert casefile.linked(conn, viewer(epb), conn.execute(
            select(case).where(case.c.id == later)).one(), {}) == []


def test_location_from_the_forms_or_open311():
    assert casefile.location_of({"address": "中山路1號", "lat": "22.6", "long": "120.3"}) == {
        "address": "中山路1號", "lat": 22.6, "long": 120.3}
    assert casefile.location_of({"location": {"lat": 22.6, "lng": 120.3}})["long"] == 120.3
    assert casefile.location_of({"lat": 22.6}) is None
    assert casefile.location_of({"location_address": "鼓山一路", "location_lat": 22.62,
                                 "location_lon": 120.27}) == {"address": "鼓山一路", "lat": 22.62, "long": 120.27}
    assert casefile.location_of({}) is None


def test_models_declare_the_parts_a_task_shows():
    xml = b"""<definitions xmlns="http://www.omg.org/spec/BPMN/20100524/MODEL"
      xmlns:civicflow="urn:civicflow:bpmn:1"><process id="p" isExecutable="true">
      <userTask id="a"><extensionElements><civicflow:task shows="content, read_back co_opinions"/>
      </extensionElements></userTask><userTask id="b"/>
      <userTask id="c"><extensionElements><civicflow:task shows="content minutes"/></extensionElements>
      </userTask></process></definitions>"""
    proc = meta.extract(etree.fromstring(xml))["p"]
    assert proc.tasks["a"].shows == ["content", "read_back", "co_opinions"]
    assert proc.tasks["b"].shows is None
    assert case_parts.shown(None) == frozenset(case_parts.CASE_PARTS)
    found = meta.problems(proc, None)
    assert [(eid, "minutes" in en, "minutes" in zh) for eid, en, zh in found] == [("c", True, True)]
    # a stored declaration survives the round trip through the definition's JSON
    assert meta.ProcessMeta.from_dict(proc.to_dict()).tasks["a"].shows == proc.tasks["a"].shows


def test_read_hands_back_the_data_the_file_was_made_from_beside_it(db, petition):
    with db.connect() as conn:
        row = queries.visible_case(conn, viewer(FIRE1), case_id=petition)
        cf, data = casefile.read(conn, viewer(FIRE1), row)
        everything = casefile.case_data(conn, row)   # what a second read would have given
    assert data == {k: v for k, v in everything.items() if not k.startswith("petitioner")}
    assert data["read_back_text"] == "陳情人口述：逃生梯堆放雜物。"
    assert [(o.agency, o.opinion) for o in cf.opinions if not o.pending] == [("FIRE", "將派員檢查")]
    # Art. 170: FIRE may not see the petitioner: neither the file nor the data
    # it hands back holds a petitioner field (a step's recalled answers read it).
    assert "林秘密" not in repr(cf) and "林秘密" not in repr(data)
    assert not [k for k in data if k.startswith("petitioner")]


def test_the_intake_office_gets_the_petitioners_fields_in_the_data(db, petition):
    with db.connect() as conn:
        row = queries.visible_case(conn, viewer(CLERK), case_id=petition)
        data = casefile.read(conn, viewer(CLERK), row, shows=["content"])[1]
    assert (data["petitioner_name"], data["petitioner_contact"]) == ("林秘密", "0900000000")


def test_a_completion_whose_task_row_is_gone_is_no_opinion(lib, db, petition):
    with db.begin() as conn:   # an opinion on record whose task row no longer exists
        conn.execute(insert(audit).values(
            case_id=petition, task_id="gone", actor="fire2", action="complete", at=lib.clock.now(),
            detail=json.dumps({"form": {"co_opinion_text": "無主的意見", "co_agrees": True}})))
    assert [(o.agency, o.opinion, o.pending) for o in load(db, CLERK, petition).opinions] == [
        ("FIRE", "將派員檢查", False), ("UDB", "", True)]


def test_the_reply_is_the_last_completed_form_that_wrote_one(lib, db, petition):
    work(lib, db, petition, "co_opinion_task", UDB1, {"co_opinion_text": "同意", "co_agrees": True})
    consolidate = ready(db, petition, "consolidate")[0]
    assert load(db, CLERK, petition).reply == {}
    lib.claim(consolidate.id, PWB1)
    form = {"reply_text": "已派員清除逃生梯雜物。", "legal_basis": "建築法第77條", "remedy": "none"}
    with db.begin() as conn:   # two replies on record: the later one is the case's
        for text in ("舊的回覆", form["reply_text"]):
            conn.execute(insert(audit).values(
                case_id=petition, task_id=consolidate.id, actor="pwb1", action="complete",
                at=lib.clock.now(), detail=json.dumps({"form": {**form, "reply_text": text}})))
    reply = load(db, CLERK, petition).reply
    assert (reply["reply_text"], reply["legal_basis"]) == ("已派員清除逃生梯雜物。", "建築法第77條")
