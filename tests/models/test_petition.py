"""Every path of bpmn/petition.bpmn, driven through the engine with a frozen clock.

Received Monday 2026-03-02 09:00 (Asia/Taipei): working days count from Tuesday,
so the 6th is Tuesday 03-10 and the 10th Monday 03-16.
"""
import pytest
from sqlalchemy import select

from engine.data.errors import InvalidData
from engine.data.schema import outbox

from .conftest import at, day

PETITIONER = {"name": "王小明", "email": "wang@example.org"}


def register(lib, case_id, **over):
    form = dict(channel="web", subject="路面坑洞", content="中山路有坑洞", category="road_damage",
                district="D-NANZI", language="zh_TW", art173_ground="none")
    form.update(over)
    lib.complete(case_id, "register", **form)


def new_case(lib, **data):
    lib.clock.set(at(2026, 3, 2))
    return lib.start("petition", {"title": "路面坑洞", **data}, petitioner=dict(PETITIONER))


def reply(lib, case_id, **over):
    form = dict(handling_action="reply", reply_text="已派員修補。", legal_basis="市區道路條例第9條")
    form.update(over)
    lib.complete(case_id, "handle", **form)


def test_single_agency_path_routes_by_dmn_and_replies_with_legal_basis(library):
    cid = new_case(library)
    assert library.task(cid, "register").candidate_agency == "DOA"
    register(library, cid)
    handle = library.task(cid, "handle")
    assert (handle.candidate_agency, handle.candidate_role) == ("PWB", "officer")
    assert day(handle.due_at) == "2026-03-10"
    assert library.case(cid).responsible_agency == "PWB"
    reply(library, cid, remedy="appeal")
    row = library.case(cid)
    assert row.status == "completed"
    assert library.data(cid)["outcome"] == "replied"
    kind, recipient, body = library.notices(cid)[-1]
    assert (kind, recipient) == ("reply", "wang@example.org")
    assert "法令依據：市區道路條例第9條" in body and "訴願" in body
    assert library.completed_elements(cid) == ["register", "handle"]


# A 1999 call the clerk takes is as oral as any other call (APA Art. 169).
@pytest.mark.parametrize("channel", ["counter", "phone", "1999"])
def test_oral_petition_is_read_back_and_confirmed_before_routing(library, channel):
    cid = new_case(library)
    register(library, cid, channel=channel)
    assert library.open_elements(cid) == ["read_back"]
    library.complete(cid, "read_back", read_back_text="陳情人口述：中山路有坑洞",
                     read_back_confirmed=True)
    assert library.open_elements(cid) == ["handle"]
    assert library.data(cid)["read_back_confirmed"] is True


@pytest.mark.parametrize("channel", ["letter", "email", "web", "open311"])
def test_written_channels_skip_the_read_back(library, channel):
    cid = new_case(library)
    register(library, cid, channel=channel)
    assert library.open_elements(cid) == ["handle"]
    assert library.case(cid).channel == channel


def test_english_letter_is_answered_in_english(library):
    cid = new_case(library)
    register(library, cid, language="en")
    reply(library, cid, reply_text="The pothole was repaired.", legal_basis="Urban Road Act Art. 9",
          remedy="litigation")
    _, _, body = library.notices(cid)[-1]
    assert "Legal basis: Urban Road Act Art. 9" in body
    assert "administrative litigation" in body and "Dear petitioner" in body


@pytest.mark.parametrize("category,district,agency", [
    ("local_affairs", "D-NANZI", "D-NANZI"),
    ("local_affairs", "CITY", "CIVIL"),
    ("noise", "D-LINGYA", "EPB"),
    ("stray_animals", "CITY", "AGRI"),
    ("other", "CITY", "DOA"),
])
def test_dmn_routes_category_and_district(library, category, district, agency):
    cid = new_case(library)
    register(library, cid, category=category, district=district)
    handle = library.task(cid, "handle")
    assert handle.candidate_agency == agency
    assert day(handle.due_at) == "2026-03-10"


def cross_case(lib):
    cid = new_case(lib)
    register(lib, cid, category="night_market", district="D-XINXING")
    return cid


def give_opinions(lib, cid, disagree=()):
    for row in lib.tasks(cid):
        lib.engine.complete(row.id, worker_for(row), {
            "co_opinion_text": f"{row.candidate_agency} 意見", "co_agrees": row.candidate_agency not in disagree})


def worker_for(row):
    from .conftest import worker
    return worker(row)


def test_cross_agency_cases_are_co_handled_in_parallel_and_consolidated_by_the_lead(library):
    cid = cross_case(library)
    tasks = library.tasks(cid)
    assert sorted(t.candidate_agency for t in tasks) == ["EPB", "POL", "TRB"]
    assert {t.element_id for t in tasks} == {"co_opinion_task"}
    assert all(day(t.due_at) == "2026-03-16" for t in tasks)  # 10 working days
    give_opinions(library, cid)
    consolidate = library.task(cid, "consolidate")
    assert consolidate.candidate_agency == "EDB"
    opinions = library.data(cid)
    library.complete(cid, "consolidate", consolidated_opinion="彙整", agencies_agree=True)
    assert library.task(cid, "handle").candidate_agency == "EDB"
    assert library.case(cid).escalation_level == 0
    reply(library, cid)
    assert library.case(cid).status == "completed"
    assert "co_opinion" not in opinions


def test_disagreement_goes_to_the_common_superior(library):
    cid = cross_case(library)
    give_opinions(library, cid, disagree=("POL",))
    library.complete(cid, "consolidate", consolidated_opinion="警察局意見不同", agencies_agree=False)
    coordinate = library.task(cid, "coordinate")
    assert (coordinate.candidate_agency, coordinate.candidate_role) == ("KCG", "supervisor")
    assert library.case(cid).escalation_level == 2
    library.complete(cid, "coordinate", coordination_ruling="由警察局主辦", responsible_agency="POL")
    assert library.task(cid, "handle").candidate_agency == "POL"
    assert library.case(cid).responsible_agency == "POL"


def test_a_co_handlers_disagreement_goes_up_whatever_the_lead_ticks(library):
    """The lead cannot overrule an agency's recorded 不同意 by ticking 意見一致:
    a disagreement goes to the common superior (domain rules, cross-agency)."""
    cid = cross_case(library)
    give_opinions(library, cid, disagree=("POL",))
    library.complete(cid, "consolidate", consolidated_opinion="彙整", agencies_agree=True)
    assert library.task(cid, "coordinate").candidate_role == "supervisor"
    assert library.case(cid).escalation_level == 2


def test_misrouted_case_is_transferred_and_the_petitioner_told(library):
    cid = new_case(library)
    register(library, cid)
    library.clock.set(at(2026, 3, 4, 10))
    library.complete(cid, "handle", handling_action="transfer", competent_agency="TRB",
                     transfer_reason="號誌屬交通局權責")
    handle = library.task(cid, "handle")
    assert handle.candidate_agency == "TRB"
    assert day(handle.due_at) == "2026-03-12"  # 6 working days from the transfer
    kind, recipient, body = library.notices(cid)[-1]
    assert (kind, recipient) == ("transfer", "wang@example.org")
    assert "號誌屬交通局權責" in body
    assert library.data(cid)["transfers"] == 1
    reply(library, cid)
    assert library.case(cid).status == "completed"


def test_a_transfer_to_the_agency_holding_it_is_refused_and_nothing_moves(library):
    cid = new_case(library)
    register(library, cid)
    before = library.task(cid, "handle")
    with pytest.raises(InvalidData) as refused:
        library.complete(cid, "handle", handling_action="transfer", competent_agency="PWB",
                         transfer_reason="非本機關權責")
    assert refused.value.errors["competent_agency"].code == "same_agency"
    after = library.task(cid, "handle")
    assert (after.id, after.candidate_agency) == (before.id, "PWB")
    assert all(kind != "transfer" for kind, _, _ in library.notices(cid))
    assert not library.data(cid).get("transfers")


def test_extension_needs_the_supervisor_and_tells_the_petitioner(library):
    cid = new_case(library)
    register(library, cid)
    library.complete(cid, "handle", handling_action="extension", extension_reason="需會勘現場",
                     extension_days=5)
    approve = library.task(cid, "approve_extension")
    assert (approve.candidate_agency, approve.candidate_role) == ("PWB", "supervisor")
    library.complete(cid, "approve_extension", extension_approved=True, extension_days=5)
    handle = library.task(cid, "handle")
    assert day(handle.due_at) == "2026-03-17"
    assert library.data(cid)["extended"] is True
    kind, _, body = library.notices(cid)[-1]
    assert kind == "extension" and "需會勘現場" in body


def test_refused_extension_keeps_the_deadline(library):
    cid = new_case(library)
    register(library, cid)
    library.complete(cid, "handle", handling_action="extension", extension_reason="人力不足",
                     extension_days=5)
    library.complete(cid, "approve_extension", extension_approved=False, extension_days=5)
    assert day(library.task(cid, "handle").due_at) == "2026-03-10"
    assert library.data(cid)["extended"] is False


def test_reminder_then_overdue_escalation_to_supervisor_and_department(library):
    cid = new_case(library)
    register(library, cid)
    library.advance(days=7)  # Mon 03-09 09:00: one working day before the deadline
    assert [n[:2] for n in library.notices(cid)] == [("reminder", "pwb@city.example")]
    # The officer reads the step in Chinese and the deadline as an ROC date, not the
    # model's ISO text or its bilingual element name.
    with library.db.connect() as conn:
        subject = conn.execute(select(outbox.c.subject).where(outbox.c.case_id == cid)).scalar_one()
    assert subject == f"催辦：案號 {library.case(cid).number}「辦理並擬復」將於 民國115年3月10日 到期"
    assert library.case(cid).escalation_level == 0
    library.advance(days=2)  # Wed 03-11: overdue
    assert library.notices(cid)[-1][0] == "escalation"
    assert library.case(cid).escalation_level == 1
    library.advance(days=2)  # Fri 03-13 09:00: not yet 3 working days late
    assert library.case(cid).escalation_level == 1
    library.advance(days=1)  # Sat 03-14: Fri 03-13 was the 3rd working day late -> department
    assert library.case(cid).escalation_level == 2
    assert library.open_elements(cid) == ["handle"]  # timers never take the task away
    reply(library, cid)
    assert library.case(cid).status == "completed"


@pytest.mark.parametrize("ground", ["no_content", "no_identity", "multi_agency"])
def test_article_173_closes_without_handling_but_keeps_the_registration(library, ground):
    cid = new_case(library)
    register(library, cid, art173_ground=ground, category="other", district="CITY")
    row = library.case(cid)
    assert row.status == "completed" and row.number == "115-000001"
    assert library.data(cid)["outcome"] == "closed_art173"
    assert library.completed_elements(cid) == ["register"]


def answered_earlier_case(lib, number):
    """An earlier petition, answered by e-mail, renumbered as the one the petitioner repeats."""
    from sqlalchemy import update
    from engine.data.schema import case
    earlier = new_case(lib)
    register(lib, earlier)
    reply(lib, earlier)
    with lib.db.begin() as conn:
        conn.execute(update(case).where(case.c.id == earlier).values(number=number))
    return earlier


def test_repeat_petition_is_linked_and_closed_by_citing_the_earlier_reply(library):
    answered_earlier_case(library, "114-000123")
    cid = new_case(library)
    register(library, cid, art173_ground="repeat")
    library.complete(cid, "close_repeat", earlier_case="114-000123", earlier_reply_date="2026-03-02",
                     earlier_reply_number="高市府工字第1140001號")
    data = library.data(cid)
    assert (data["outcome"], data["linked_case"], data["link_kind"]) == (
        "closed_repeat", "114-000123", "repeat")
    _, _, body = library.notices(cid)[-1]
    assert "114-000123" in body and "高市府工字第1140001號" in body
    assert library.case(cid).status == "completed"


def test_confidential_identity_is_kept_out_of_the_case_summary(library):
    cid = new_case(library)
    register(library, cid, confidential=True, petitioner_name="王小明", petitioner_contact="0912")
    row = library.case(cid)
    assert row.confidential is True
    assert "王小明" not in row.summary and "0912" not in row.summary


def test_district_is_asked_as_a_place_named_in_both_languages():
    """行政區 asks where the matter is: the choices are the districts' names
    (bpmn/reference/districts.json), 鼓山區 / Gushan District, not their
    offices' (鼓山區公所 is the agency); the values stay the offices' agency
    codes D-<district>, which the routing table uses. Every label of the
    model is in both languages."""
    import json

    from lxml import etree

    from .conftest import BPMN_DIR
    ns = "{urn:civicflow:bpmn:1}"
    root = etree.parse(str(BPMN_DIR / "petition.bpmn")).getroot()
    for el in root.iter(f"{ns}field", f"{ns}choice"):
        assert el.get("label_zh") and el.get("label_en"), etree.tostring(el)
    field = next(f for f in root.iter(f"{ns}field") if f.get("name") == "district")
    offered = [(c.get("value"), c.get("label_zh"), c.get("label_en")) for c in field.iter(f"{ns}choice")]
    places = json.loads((BPMN_DIR / "reference" / "districts.json").read_text(encoding="utf-8"))
    assert offered == [("CITY", "全市", "City-wide")] + [
        (f"D-{d['code']}", d["name_zh"], d["name_en"]) for d in places]
    assert ("D-GUSHAN", "鼓山區", "Gushan District") in offered
