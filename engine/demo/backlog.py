"""What is left behind at the demo's end, as a real Monday morning looks:
the department's repairs waiting for a contractor's part and a sign-up
nobody has reviewed, so its supervisor finds overdue work and work due
within two working days on the deadline board; and petitions whose
officers asked for more time on the last working days, so the bureaus'
supervisors (工務局's, 環保局's) find requests waiting for their decision.
Each is reported some working days before the end (the demo's moving clock
starts it then). Fixed cases, not random draws: the other demo cases keep
their sequence."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from engine.cases.starting import Start
from engine.time.clock import TAIPEI

from . import seed_volumes
from .department import officer

PREFIX = "behind:"   # an arrival key of this module: "behind:<index>"
# (working days before the end, trade, urgent, subject, what is wrong, where)
REPAIRS = (
    (13, "lift", False, "電梯門關不緊", "電梯門關門時會反彈，無法運行。", "1樓大廳"),
    (10, "air_conditioning", False, "冷氣不冷", "辦公室冷氣出風不冷，室溫超過30度。", "3樓辦公室"),
    (8, "civil", False, "天花板滲水", "連日下雨後天花板滲水，已有水漬。", "7樓西側"),
    (1, "fire_safety", True, "緊急照明燈故障", "樓梯間緊急照明燈測試不亮。", "4樓走廊"),
)
CONTRACTORS = {"lift": "大昌電梯公司", "air_conditioning": "南星空調公司", "civil": "建興土木包工業",
               "fire_safety": "永安機電工程行"}
SIGNUP_DAYS = 9   # working days before the end: its review (5 working days) is late
# (working days before the end, category, district, subject, what the citizen wrote)
WAITING = (
    (2, "street_light", "D-GUSHAN", "整排路燈不亮", "鼓山區臨海二路整排路燈已連續三晚不亮，夜間行走很危險。"),
    (1, "road_damage", "D-SANMIN", "人行道地磚翹起", "三民區建工路人行道地磚翹起，已有長者絆倒，請儘速修復。"),
    (1, "noise", "D-LINGYA", "工地夜間施工噪音", "苓雅區四維三路工地晚上十點後仍在施工，噪音擾人無法入睡。"),
)
EXTENSION = dict(handling_action="extension", extension_days=10,
                 extension_reason="需會同廠商現場會勘並排定施工，預計無法於期限內答覆")


def arrivals(end: datetime, days: int) -> list[tuple[datetime, str]]:
    """When each case behind was reported: 09:30 on a weekday before the end.
    One reported before the demo's `days` begin is left out: started at the
    run's first moment instead, it would be neither overdue nor as reported."""
    start = end - timedelta(days=days)
    before = [r[0] for r in REPAIRS] + [SIGNUP_DAYS] + [w[0] for w in WAITING]
    return [(at, f"{PREFIX}{i}") for i, n in enumerate(before)
            if (at := weekdays_before(end, n)) >= start]


def counts(end: datetime, days: int) -> dict[str, int]:
    """The cases behind per process, started beside the seed's volumes."""
    found: dict[str, int] = {}
    for _, key in arrivals(end, days):
        found[process_of(key)] = found.get(process_of(key), 0) + 1
    return found


def process_of(key: str) -> str:
    """The process of the case behind named by `key`."""
    i = int(key.removeprefix(PREFIX))
    if i < len(REPAIRS):
        return "facility_repair"
    return "document_exchange_signup" if i == len(REPAIRS) else "petition"


def weekdays_before(end: datetime, n: int) -> datetime:
    """09:30 (Taipei) on the n-th weekday before `end`'s day."""
    day = end.astimezone(TAIPEI).date()
    while n:
        day -= timedelta(days=1)
        n -= day.weekday() < 5
    return datetime.combine(day, time(9, 30), TAIPEI)


def start(sim, key: str) -> None:
    """Start the case behind named by `key` and queue the steps it got to."""
    i = int(key.removeprefix(PREFIX))
    if process_of(key) == "facility_repair":
        _, trade, urgent, subject, content, place = REPAIRS[i]
        form = {"centre": "sihwei", "location": place, "trade": trade, "subject": subject,
                "content": content, "reporter_name": f"報修人B{i + 1:02d}", "reporter_phone": "分機 2301"}
        seed_volumes.start_one(sim, "facility_repair", Start(form, {"title": f"設施報修：{subject}"}),
                               officer("DOA"), waiting_repair(trade, urgent))
        return
    if process_of(key) == "petition":
        waiting_decision(sim, i - len(REPAIRS) - 1)
        return
    seed_volumes.start_one(sim, "document_exchange_signup", signup(), officer("DOA"), iter(()))


def waiting_decision(sim, j: int) -> None:
    """A web petition, registered, whose officer then asks for ten more days."""
    _, category, district, subject, content = WAITING[j]
    where = {"channel": "web", "category": category, "district": district, "language": "zh_TW"}
    start = {"title": subject, **where}
    register = {**where, "subject": subject, "content": content, "confidential": False,
                "art173_ground": "none"}
    ref = sim.engine.start_case("petition", start, received_at=sim.clock.now(), petitioner_info={
        "name": f"市民B{j + 1:02d}", "email": f"behind{j + 2:02d}@example.org", "phone": "0912000000"})
    sim.stats.started["petition"] = sim.stats.started.get("petition", 0) + 1
    sim.push(ref["id"], iter([(1.0, "register", register), (3.0, "handle", EXTENSION)]), sim.clock.now())


def waiting_repair(trade: str, urgent: bool):
    """Triaged and ordered at once; the repair is never reported done."""
    yield 1.5, "triage", {"trade": trade, "urgency": "urgent" if urgent else "normal",
                          "triage_action": "repair"}
    yield 1.0, "work_order", {"work_by": "contractor", "contractor_name": CONTRACTORS[trade],
                              "contract_ref": "開口契約 3", "work_instructions": "待廠商備料後施作"}


def signup() -> Start:
    contact = "behind01@example.org.tw"
    form = {"organisation_name": "高雄市前鎮區社區發展協會", "organisation_kind": "association",
            "registration_number": "高市社團字第1234567號", "contact_name": "聯絡人B01",
            "contact_email": contact, "contact_phone": "07-3312345",
            "application_reason": "與市府公文往來改以電子交換"}
    return Start(form, {"title": f"公文電子交換申請：{form['organisation_name']}"},
                 {"name": form["contact_name"], "email": contact})
