"""Every path of bpmn/consumer_inspection.bpmn: the consumer protection
officers plan an inspection with the competent agency, visit, record each
shop (one round of the loop per shop) and follow up or refer the
non-conforming ones, some to the Fair Trade Commission."""
from engine.cases.actors import Actor
from engine.cases.starting import Start, start_filled

from .conftest import at, day

CPO_OFFICER = Actor("cpo.officer", "CPO", frozenset({"officer"}))
PLAN = {"competent_agency": "DOH", "inspection_theme": "epidemic_supplies", "items": "口罩、酒精",
        "places": "三民區藥局及量販店", "visit_on": "2026-03-04", "with_prosecutors": False}


def plan(lib):
    lib.clock.set(at(2026, 3, 2))
    [ref] = start_filled(lib.engine, "consumer_inspection", [Start(PLAN, {"title": "聯合查察"})],
                         actor=CPO_OFFICER)
    return ref["id"]


def shop(lib, cid, name, more, action=None, violation="price_gouging"):
    form = {"shop_name": name, "shop_address": "高雄市三民區", "prices_seen": "口罩 一盒 50片 350元",
            "conforming": "nonconforming" if action else "conforming", "more_shops": more}
    if action:
        form.update(violation=violation, shop_action=action)
    lib.complete(cid, "record_shop", **form)


def visit(lib, cid):
    joint = lib.task(cid, "joint_visit")
    assert (joint.candidate_agency, day(joint.due_at)) == ("CPO", "2026-03-05")  # the day after the visit
    lib.complete(cid, "joint_visit", visited_on="2026-03-04", team="消保官 王○○、衛生局 李○○")


def test_every_shop_conforms_and_the_inspection_closes(library):
    cid = plan(library)
    visit(library, cid)
    shop(library, cid, "大順藥局", True)
    shop(library, cid, "好市多量販", False)
    assert library.case(cid).status == "completed"
    data = library.data(cid)
    assert {k: data[k] for k in ("competent_agency", "items", "shops_inspected", "shops_nonconforming",
                                 "referred_ftc", "outcome")} == {
        "competent_agency": "DOH", "items": "口罩、酒精", "shops_inspected": 2, "shops_nonconforming": 0,
        "referred_ftc": 0, "outcome": "closed"}


def test_price_gouging_is_referred_to_the_fair_trade_commission(library):
    cid = plan(library)
    visit(library, cid)
    shop(library, cid, "甲藥局", True, action="refer_ftc")
    shop(library, cid, "乙藥局", True)
    shop(library, cid, "丙商行", False, action="correction", violation="labelling")
    follow = library.task(cid, "follow_up")
    assert day(follow.due_at) == "2026-03-16"       # 10 working days
    library.complete(cid, "follow_up", follow_up_notes="甲藥局移送公平會；丙商行限期改正標示",
                     referral_letter="高市府行消字第1150010號")
    data = library.data(cid)
    assert (data["shops_inspected"], data["shops_nonconforming"], data["referred_ftc"], data["outcome"]) == \
        (3, 2, 1, "referred")
    shops = library.wf_data(cid)["shop_results"]
    assert [(s["shop"], s["action"]) for s in shops] == [("甲藥局", "refer_ftc"), ("乙藥局", ""),
                                                         ("丙商行", "correction")]


def test_a_correction_only_is_followed_up_and_closed(library):
    cid = plan(library)
    visit(library, cid)
    shop(library, cid, "丁商行", False, action="correction", violation="labelling")
    library.complete(cid, "follow_up", follow_up_notes="已複查，標示改正完成")
    data = library.data(cid)
    assert (data["shops_nonconforming"], data["referred_ftc"], data["outcome"]) == (1, 0, "closed")
