"""How demo cases behave: one generator per case that yields the steps a
person would take, as (hours from now, element id, form or form(row) callable).

The mix follows the seed report (Kaohsiung, 2020-03..09): 8,825 consultations,
3,253 first and 752 second consumer complaints, 112 mediations, 27 council
meetings, 15 district-office audits; petitions dominate the volume.
"""
from __future__ import annotations

import random
from datetime import date, timedelta, timezone

from engine.time.clock import TAIPEI

from .reference import read_json

ROUTED = ["road_damage", "street_light", "illegal_building", "traffic_signal", "parking",
          "illegal_parking", "public_order", "noise", "air_pollution", "garbage", "drainage",
          "urban_planning", "public_health", "food_safety", "school", "social_welfare",
          "fire_safety", "land", "labor", "tourism", "market", "stray_animals", "fishery",
          "household_registration", "local_affairs", "other"]
CROSS = ["flooding", "dengue", "night_market", "building_safety"]
# Lead agency and number of co-handling agencies, as in bpmn/petition_routing.dmn.
CROSS_LEAD = {"flooding": ("WRB", 2), "dengue": ("DOH", 2), "night_market": ("EDB", 3),
              "building_safety": ("PWB", 2)}
BUSY = ["road_damage", "street_light", "noise", "garbage", "illegal_parking", "drainage"]
CHANNELS = [("web", 35), ("1999", 30), ("email", 10), ("phone", 10), ("counter", 5),
            ("letter", 5), ("open311", 5)]
SUBJECTS = {"road_damage": "路面坑洞待修補", "street_light": "路燈不亮", "noise": "夜間噪音擾鄰",
            "garbage": "垃圾車未依時收運", "illegal_parking": "騎樓違規停車", "drainage": "側溝堵塞",
            "flooding": "豪雨後道路積水", "dengue": "空屋積水孳生病媒蚊",
            "night_market": "夜市周邊髒亂與交通", "building_safety": "老舊建物外牆剝落"}
CONSUMER_CATEGORIES = [("travel", 44), ("air_ticket", 39), ("online_shopping", 250),
                       ("telecom", 120), ("real_estate", 90), ("fitness", 60), ("education", 40),
                       ("vehicle", 70), ("finance", 80), ("food", 60), ("other", 147)]
HOUR = 1.0
DAY = 24.0
# Hours from registering an oral petition to its read-back: a 1999 call's is
# read back before the call ends.
ORAL_CHANNELS = {"counter": 0.2, "phone": 0.2, "1999": 0.0}
# Score bands of the records audit (優 >= 90, 甲 80-89, 乙 70-79, 丙 < 70), weighted.
GRADE_BASES = [(95, 3), (85, 6), (75, 4), (62, 2)]
FIRST_MEETING = (470, date(2020, 4, 21))


def weighted(rng: random.Random, pairs):
    return rng.choices([v for v, _ in pairs], weights=[w for _, w in pairs])[0]


def districts() -> list[str]:
    return [a["code"] for a in read_json("agencies.json") if a["kind"] == "district"]


def handling_delay(rng: random.Random) -> float:
    """Working delay of an officer: most reply within the 6 days, some are late,
    a few cases stall for weeks (they fill the overdue board)."""
    if rng.random() < 0.05:
        return rng.uniform(15, 45) * DAY
    return rng.choice([1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 7, 9, 12]) * DAY + rng.uniform(0, 6)


def petition_start(rng: random.Random, n: int, districts_: list[str]) -> dict:
    cross = rng.random() < 0.08
    category = rng.choice(CROSS) if cross else (
        rng.choice(BUSY) if rng.random() < 0.6 else rng.choice(ROUTED))
    return {"category": category, "channel": weighted(rng, CHANNELS),
            "district": rng.choice(districts_), "language": "en" if rng.random() < 0.02 else "zh_TW",
            "title": SUBJECTS.get(category, "市民陳情事項")}


def petition_steps(rng: random.Random, start: dict, earlier: list[str]):
    register = dict(channel=start["channel"], subject=start["title"], content=start["title"] + "，請儘速處理。",
                    category=start["category"], district=start["district"], language=start["language"],
                    confidential=rng.random() < 0.05, art173_ground="none")
    roll = rng.random()
    if roll < 0.03:
        register["art173_ground"] = rng.choice(["no_content", "no_identity", "multi_agency"])
    elif roll < 0.05 and earlier and start["category"] in BUSY:
        # A repeat is of a common matter: an answered earlier case of its
        # category is there to cite (the simulation picks it, generate.py).
        register["art173_ground"] = "repeat"
    yield rng.uniform(0.5, 6), "register", register
    if start["channel"] in ORAL_CHANNELS:   # read back (APA Art. 169), within the call for 1999
        yield ORAL_CHANNELS[start["channel"]], "read_back", dict(read_back_text=start["title"],
                                                                 read_back_confirmed=True)
    if register["art173_ground"] == "repeat":
        # The drawn case is cited only when it fits; the simulation fills in
        # the answered case it cites and that case's reply date and number.
        yield rng.uniform(1, 8), "close_repeat", dict(earlier_case=rng.choice(earlier))
    if register["art173_ground"] != "none":
        return
    if start["category"] in CROSS:
        yield from cross_steps(rng, *CROSS_LEAD[start["category"]])
    yield from handling_steps(rng, start)


def reply_number(agency_name: str, replied_on: str, case_number: str) -> str:
    """The 文號 of a demo reply: the agency's short name, the ROC year of the
    reply and the case's serial (工務局, 2026, 115-000123: 高市工務字第1150000123號)."""
    roc = int(replied_on[:4]) - 1911
    return f"高市{agency_name[:2]}字第{roc}{int(case_number.rsplit('-', 1)[-1]):07d}號"


CO_AGREE = "本機關同意主辦機關處理方向，涉及本機關權責部分將配合辦理。"
CO_DISAGREE = "本案主要涉及主辦機關權責，本機關不同意所擬處理方向，請主辦機關重新研議。"


def cross_steps(rng: random.Random, lead: str, co_count: int):
    disagree = rng.random() < 0.15
    for _ in range(co_count):
        # The agency's name is shown beside its opinion: the text is what it wrote.
        yield handling_delay(rng) / 2, "co_opinion_task", dict(
            co_opinion_text=CO_DISAGREE if disagree else CO_AGREE, co_agrees=not disagree)
    yield rng.uniform(4, 30), "consolidate", dict(consolidated_opinion="各機關意見彙整", agencies_agree=not disagree)
    if disagree:
        yield rng.uniform(24, 72), "coordinate", dict(coordination_ruling="由主辦機關續辦", responsible_agency=lead)


BUREAUS = ["PWB", "TRB", "EPB", "WRB"]


def transfer_to_another(pick: int):
    """The officer's transfer form: to a bureau other than the one holding the
    task (the engine refuses a transfer to its own agency)."""
    def form(row) -> dict:
        others = [b for b in BUREAUS if b != row.candidate_agency]
        return dict(handling_action="transfer", competent_agency=others[pick % len(others)],
                    transfer_reason="非本機關權責，改分權責機關")
    return form


def handling_steps(rng: random.Random, start: dict):
    roll = rng.random()
    if roll < 0.05:
        yield handling_delay(rng) / 3, "handle", transfer_to_another(rng.randrange(len(BUREAUS)))
    elif roll < 0.11:
        yield handling_delay(rng) / 2, "handle", dict(handling_action="extension", extension_reason="需會勘現場並協調廠商",
                                                              extension_days=10)
        yield rng.uniform(2, 20), "approve_extension", dict(extension_approved=rng.random() < 0.85,
                                                            extension_days=rng.choice([5, 10]))
    words = REPLIES.get(start.get("category"), REPLIES["default"])
    yield handling_delay(rng), "handle", dict(
        handling_action="reply", remedy=rng.choice(["none", "none", "appeal"]),
        **words["en" if start["language"] == "en" else "zh_TW"])


# The reply and its legal basis as the agency of each busy category would
# write them (bpmn/reference/demo_replies.json): by category, then language.
REPLIES = read_json("demo_replies.json")["replies"]


def consumer_start(rng: random.Random) -> dict:
    r = rng.random() * 12942
    kind = ("consultation" if r < 8825 else "first_complaint" if r < 8825 + 3253
            else "second_complaint" if r < 8825 + 3253 + 752 else "mediation")
    return {"request_type": kind, "category": weighted(rng, CONSUMER_CATEGORIES)}


def consumer_steps(rng: random.Random, start: dict):
    kind = start["request_type"]
    yield rng.uniform(0.2, 3), "intake", dict(
        request_type=kind, category=start["category"], consumer_name="消費者", business_name="某企業經營者",
        claim_text="契約履行爭議", has_prior_complaint=kind != "first_complaint" and rng.random() < 0.9,
        already_mediated=kind == "mediation" and rng.random() < 0.05,
        remote_negotiation=rng.random() < 0.02, debt_advice=rng.random() < 0.02)
    if kind == "consultation":
        becomes = rng.random() < 0.05
        yield rng.uniform(0.1, 4), "answer_consultation", dict(consultation_answer="已說明相關規定", becomes_complaint=becomes)
        if not becomes:
            return
        kind = "first_complaint"
    if kind == "first_complaint":
        yield from first_complaint_steps(rng)
    elif kind == "second_complaint":
        yield from second_complaint_steps(rng)
    else:
        yield from mediation_steps(rng)


def first_complaint_steps(rng: random.Random):
    if rng.random() < 0.8:  # the business answers within the 15 days
        yield rng.uniform(2, 14) * DAY, "business_response", dict(
            business_reply="已與消費者協商", properly_handled=rng.random() < 0.75)
    yield rng.uniform(1, 5) * DAY, "consumer_next", dict(files_second_complaint=rng.random() < 0.3)
    yield from second_complaint_steps(rng)


def second_complaint_steps(rng: random.Random):
    yield rng.uniform(3, 20) * DAY, "second_complaint", dict(
        cpo_findings="消保官協調", second_outcome="resolved" if rng.random() < 0.7 else "unresolved")
    yield rng.uniform(1, 7) * DAY, "mediation_offer", dict(applies_mediation=rng.random() < 0.5)
    yield from mediation_steps(rng)


def mediation_steps(rng: random.Random):
    result = weighted(rng, [("settled", 50), ("failed", 30), ("proposal", 20)])
    for _ in range(rng.choice([0, 0, 1, 2])):
        yield rng.uniform(10, 25) * DAY, "mediation_session", session("continue")
    yield rng.uniform(10, 25) * DAY, "mediation_session", session(result)
    if result == "settled":
        approval = rng.random() < 0.5
        yield rng.uniform(1, 5) * DAY, "record_settlement", lambda row: dict(
            record_number=f"高市消調字第{_task_day(row).year - 1911}{row.case_id:07d}號",
            signed_on=_task_day(row).isoformat(), court_approval=approval)
    elif result == "proposal" and rng.random() < 0.3:
        yield rng.uniform(2, 8) * DAY, "objection_window", dict(objection_filed=True, objection_by="business")


def session(result: str):
    """The session's record, held on the day its step came up (never a fixed old date)."""
    return lambda row: dict(session_date=_task_day(row).isoformat(), members_present=7,
                            business_attended=True, session_result=result)


def _task_day(row) -> date:
    """The Taipei day a task row came up (stored in UTC; SQLite gives it naive)."""
    at = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
    return at.astimezone(TAIPEI).date()


def meeting_of(day: date) -> tuple[int, str]:
    """The weekly city-council meeting (市政會議, Tuesdays) held last before
    `day`: the 470th met on 2020-04-21 (the seed report)."""
    tuesday = day - timedelta(days=(day.weekday() - 1) % 7 or 7)
    return FIRST_MEETING[0] + (tuesday - FIRST_MEETING[1]).days // 7, tuesday.isoformat()


def council_steps(rng: random.Random, meeting: tuple[int, str], agency: str):
    yield rng.uniform(2, 24), "record_resolution", dict(
        meeting_number=meeting[0], meeting_date=meeting[1], resolution_text="請各機關確實辦理並按月填報進度",
        responsible_agency=agency, report_interval_days=30)
    for round_ in range(rng.choice([1, 2, 3, 4])):
        last = round_ >= 1 and rng.random() < 0.5
        yield rng.uniform(20, 36) * DAY, "progress_report", dict(
            progress_text="依決議辦理中", percent_complete=min(100, 30 * (round_ + 1)), propose_release=last)
        yield rng.uniform(1, 5) * DAY, "review_progress", dict(released=last, review_comment="")
        if last:
            return


def audit_steps(rng: random.Random, offices: list[str], year: int, planned: date):
    """Plan now; visit after the 3 months' notice, two offices a working day
    (15 offices: 8 days, 15 sessions); offices graded 乙/丙 report their
    improvements and are coached before the results are approved."""
    yield 4, "plan_audit", dict(audit_year=year, audit_offices=offices, panel="檔案管理專家學者及金質獎得主")
    days = visit_days(planned + timedelta(days=92), (len(offices) + 1) // 2)
    for i in range(len(offices)):
        yield 2, "schedule_visit", dict(visit_on=days[i // 2].isoformat(), session_number=i + 1)
    bases = [weighted(rng, GRADE_BASES) for _ in offices]
    for base in bases:  # the panel's score sheet is entered the day of the visit
        yield 2 * HOUR, "score_checklist", checklist(rng, base)
    weak = [b for b in bases if b < 80]
    for i, _ in enumerate(weak):  # the offices answer within days, about together
        yield (rng.uniform(3, 8) * DAY if i == 0 else HOUR), "improvement_report", dict(
            improvement_items="補正檔案目錄並完成清查", improvement_due=f"{year + 1912}-03-31")
    for i, _ in enumerate(weak):
        yield (rng.uniform(1, 3) * DAY if i == 0 else HOUR), "coaching", dict(coaching_notes="到所輔導檔案編目與保存")
    yield rng.uniform(1, 3) * DAY, "publish_results", dict(results_approved=True)


def visit_days(first: date, count: int) -> list[date]:
    out, day = [], first
    while len(out) < count:
        if day.weekday() < 5:
            out.append(day)
        day += timedelta(days=1)
    return out


def checklist(rng: random.Random, base: int) -> dict:
    """Nine areas around `base`: +-3 keeps the office in its grade band."""
    areas = ["intake", "filing", "cataloguing", "storage", "retrieval", "destruction",
             "transfer", "accounts", "electronic"]
    return {**{f"score_{a}": base + rng.randint(-3, 3) for a in areas},
            "findings": "檔案管理作業大致良好，部分事項待改善"}
