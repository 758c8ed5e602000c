"""Demo cases of the department's own services (issue 17): facility repairs in
the two administrative centres, temporary-staff reviews, document-exchange
sign-ups and joint consumer inspections, started through their start forms
as staff do on the web, then worked step by step like the other demo cases
(engine/demo/generate.py runs them).

Volumes follow the seed report's half-year (2020-03-01 .. 2020-09-05): 544
repairs, 2 panel meetings (4 monthly and 528 hourly staff approved), 43
sign-ups, 28 inspections of 69 shops with 3 referrals to the Fair Trade
Commission; scaled to the demo's length and, below the demo's default size,
to its number of cases. A random generator of their own keeps the draws of
the other processes as they were.
"""
from __future__ import annotations

import random
from datetime import date, datetime, timedelta

from engine.cases.actors import Actor
from engine.cases.starting import Start
from engine.time.clock import TAIPEI

from . import seed_volumes

SEED_VOLUMES = {"facility_repair": 544, "temp_staff_review": 2, "document_exchange_signup": 43,
                "consumer_inspection": 28}
PROCESSES = tuple(SEED_VOLUMES)
DAY = 24.0

# Agencies housed in each centre (the reporters of its faults).
CENTRE_AGENCIES = {"sihwei": ["DOA", "FIN", "BAS", "PERS", "RDEC", "LEGAL", "UDB", "PWB", "EDB", "TRB",
                              "TOUR", "CIVIL"],
                   "fengshan": ["SAB", "AGRI", "MARINE", "LABOR", "EPB", "WRB", "LAND"]}
# Trade, its weight among the 544 repairs, the share done by a contractor, and typical faults.
TRADES = {
    "plumbing_electrical": (40, 0.3, [("廁所水龍頭漏水", "男廁洗手台水龍頭關不緊，一直滴水。"),
                                      ("辦公室燈管不亮", "辦公室天花板燈管閃爍後不亮，共三支。"),
                                      ("插座沒有電", "會議室牆面插座沒有電，投影機無法使用。")]),
    "civil": (18, 0.5, [("天花板滲水", "連日下雨後天花板滲水，已有水漬。"),
                        ("門把鬆脫", "辦公室門把鬆脫，門關不上。"),
                        ("地磚破裂", "走廊地磚破裂翹起，容易絆倒。")]),
    "telecom": (10, 0.5, [("電話無法撥出", "分機電話沒有撥號音。"),
                          ("網路線路中斷", "辦公室網路孔無法連線。")]),
    "fire_safety": (7, 0.9, [("滅火器壓力不足", "走廊滅火器指針在紅色區。"),
                             ("緊急照明燈故障", "樓梯間緊急照明燈測試不亮。")]),
    "air_conditioning": (17, 0.7, [("冷氣不冷", "辦公室冷氣出風不冷，室溫超過30度。"),
                                   ("出風口滴水", "冷氣出風口滴水，弄濕公文。")]),
    "lift": (8, 0.95, [("電梯停在樓層不動", "電梯停在7樓，按鈕沒有反應。"),
                       ("電梯門關不緊", "電梯門關門時會反彈，無法運行。")]),
}
PLACES = ["1樓大廳", "2樓會議室", "3樓辦公室", "4樓走廊", "5樓茶水間", "7樓西側", "8樓男廁", "地下1樓停車場"]
CONTRACTORS = ["永安機電工程行", "大昌電梯公司", "南星空調公司", "建興土木包工業", "中華電信高雄營運處"]
STAFF_REQUESTS = [("EPB", "道路清潔員", "hourly", (150, 300)), ("DOH", "登革熱防治員", "hourly", (60, 120)),
                  ("TRB", "路邊收費服務員", "hourly", (80, 160)), ("SAB", "業務助理", "monthly", (1, 3)),
                  ("EDU", "約用人員", "monthly", (1, 4))]
ORGANISATIONS = ["社區發展協會", "慈善基金會", "體育會", "商業同業公會", "文化藝術協會", "志願服務協會",
                 "青年商會", "社會福利協進會"]
DISTRICT_NAMES = ["三民", "苓雅", "鳳山", "左營", "前鎮", "楠梓", "鼓山", "小港", "岡山", "旗山"]
# Theme, items checked, competent agencies, weight.
INSPECTION_THEMES = [("epidemic_supplies", "口罩、酒精", ["DOH"], 10),
                     ("festival_food", "粽子、月餅等節慶食品", ["DOH", "AGRI"], 8),
                     ("night_market", "夜市攤商價格標示", ["EDB"], 6),
                     ("real_estate", "預售屋定型化契約及廣告", ["LAND", "UDB"], 4)]
SHOP_KINDS = ["藥局", "量販店", "超商", "市場攤商", "商行"]


def counts(cases: int, days: int) -> dict[str, int]:
    """Cases of each process for a demo of `cases` cases over `days` days."""
    return seed_volumes.scaled(SEED_VOLUMES, cases, days)


class Department:
    def __init__(self, seed: int, clock):
        self.rng = random.Random(f"department-{seed}")
        self.clock = clock
        self.n = 0

    def today(self) -> date:
        return self.clock.now().astimezone(TAIPEI).date()

    def arrivals(self, end: datetime, days: int, cases: int) -> list[tuple[datetime, str]]:
        """When each case arrives: office hours on working days, spread over the period."""
        return seed_volumes.arrivals(self.rng, counts(cases, days), end, days, place=office_time)

    def start(self, sim, key: str) -> None:
        """Start one case through its start form and queue its later steps."""
        self.n += 1
        actor, form, title, petitioner, steps = getattr(self, key)(self.today())
        seed_volumes.start_one(sim, key, Start(form, {"title": title}, petitioner), actor, steps)

    # ---- one method per process: (starter, start form, title, petitioner, steps)
    def facility_repair(self, today: date):
        rng = self.rng
        centre = rng.choice(["sihwei"] * 3 + ["fengshan"] * 2)
        trade = rng.choices(list(TRADES), weights=[t[0] for t in TRADES.values()])[0]
        subject, content = rng.choice(TRADES[trade][2])
        code = rng.choice(CENTRE_AGENCIES[centre])
        form = {"centre": centre, "location": rng.choice(PLACES), "trade": trade, "subject": subject,
                "content": content, "reporter_name": f"報修人{self.n:04d}",
                "reporter_phone": f"分機 {rng.randint(1000, 8999)}"}
        return (officer(code), form, f"設施報修：{subject}", None, self.repair_steps(trade))

    def repair_steps(self, trade: str):
        rng = self.rng
        urgent = rng.random() < (0.4 if trade in ("lift", "fire_safety") else 0.15)
        if rng.random() < 0.05:
            yield rng.uniform(1, 20), "triage", {"trade": trade, "urgency": "normal", "triage_action": "cancel",
                                                 "cancel_reason": "與先前報修案件重複"}
            return
        yield rng.uniform(1, 20), "triage", {"trade": trade, "urgency": "urgent" if urgent else "normal",
                                                 "triage_action": "repair"}
        for round_ in range(3):
            yield rng.uniform(0.5, 8), "work_order", self.work_order(trade)
            hours = rng.uniform(2, 20) if urgent else rng.choice([1, 2, 3, 4, 5, 6, 8]) * DAY
            yield hours, "do_repair", lambda row: {"work_done": "已完成修繕並測試正常",
                                                   "completed_on": self.today().isoformat()}
            failed = round_ < 2 and rng.random() < 0.08
            verdict = {"inspection_result": "failed", "inspection_notes": "驗收時仍有故障情形"} if failed \
                else {"inspection_result": "passed"}
            yield rng.uniform(2, 30), "inspect", verdict
            if not failed:
                return

    def work_order(self, trade: str) -> dict:
        if self.rng.random() < TRADES[trade][1]:
            return {"work_by": "contractor", "contractor_name": self.rng.choice(CONTRACTORS),
                    "contract_ref": f"開口契約 {self.rng.randint(1, 12)}", "work_instructions": "依報修內容檢修"}
        return {"work_by": "in_house", "work_instructions": "請技工依報修內容檢修"}

    def temp_staff_review(self, today: date):
        rng = self.rng
        code, title, kind, (low, high) = rng.choice(STAFF_REQUESTS)
        asked = rng.randint(low, high)
        form = {"requesting_agency": code, "position_title": title, "duties": f"{title}：業務量增加，需臨時人力",
                "staff_kind": kind, "headcount": asked, "period_from": (today + timedelta(days=45)).isoformat(),
                "period_until": (today + timedelta(days=220)).isoformat(), "budget_source": "annual_budget",
                "budget_item": "臨時人員酬金"}
        return officer(code), form, f"臨時人員進用：{title}", None, self.staff_steps(kind, asked)

    def staff_steps(self, kind: str, asked: int):
        rng = self.rng
        yield rng.uniform(1, 3) * DAY, "check_request", {"budget_confirmed": True, "check_notes": "預算來源確認"}

        def convene(row):
            meeting = weekday_after(self.today(), rng.randint(5, 10))
            return {"meeting_number": self.n, "meeting_date": meeting.isoformat(),
                    "panel_members": "財政局、主計處、勞工局、人事處代表"}
        yield rng.uniform(2, 6) * DAY, "convene_panel", convene
        decision = {"decision": "approved", "staff_kind": kind,
                    "headcount": max(1, round(asked * rng.uniform(0.7, 1))),
                    "decision_reason": "符合臨時人員進用及運用要點，有預算來源"}
        if rng.random() < 0.15:
            decision = {"decision": "rejected", "decision_reason": "可由現有人力調配"}
        yield 10 * DAY, "record_decision", decision      # waits for the meeting day (retried daily)

    def document_exchange_signup(self, today: date):
        rng = self.rng
        name = f"高雄市{rng.choice(DISTRICT_NAMES)}區{rng.choice(ORGANISATIONS)}"
        contact = f"org{self.n:04d}@example.org.tw"
        form = {"organisation_name": name, "organisation_kind": rng.choice(["association", "foundation", "other"]),
                "registration_number": f"高市社團字第{rng.randint(1000000, 9999999)}號",
                "contact_name": f"聯絡人{self.n:04d}", "contact_email": contact,
                "contact_phone": f"07-{rng.randint(2000000, 8999999)}", "application_reason": "與市府公文往來改以電子交換"}
        return (officer("DOA"), form, f"公文電子交換申請：{name}", {"name": form["contact_name"], "email": contact},
                self.signup_steps())

    def signup_steps(self):
        rng = self.rng
        if rng.random() < 0.07:
            yield rng.uniform(1, 4) * DAY, "review_application", {"decision": "rejected",
                                                                  "review_notes": "非屬本市立案之民間組織"}
            text = "經審查非屬本市立案之民間組織，歉難同意。"
        else:
            yield rng.uniform(1, 4) * DAY, "review_application", {"decision": "approved"}
            yield rng.uniform(1, 4) * DAY, "setup_account", lambda row: {
                "exchange_account": f"ORG{self.rng.randint(1000, 9999)}", "certificate_issued": True,
                "setup_on": self.today().isoformat()}
            text = "貴單位申請使用本府公文電子交換服務，業已開通，請依說明安裝憑證。"
        yield rng.uniform(4, 30), "notify_organisation", {
            "notice_number": f"高市府行資字第{rng.randint(1000000, 9999999)}號", "notice_text": text}

    def consumer_inspection(self, today: date):
        rng = self.rng
        theme, items, agencies, _ = rng.choices(INSPECTION_THEMES, weights=[t[3] for t in INSPECTION_THEMES])[0]
        visit = weekday_after(today, rng.randint(1, 4))
        form = {"competent_agency": rng.choice(agencies), "inspection_theme": theme, "items": items,
                "places": f"{rng.choice(DISTRICT_NAMES)}區{rng.choice(SHOP_KINDS)}等", "visit_on": visit.isoformat(),
                "with_prosecutors": theme == "epidemic_supplies" and rng.random() < 0.2}
        wait = (visit - today).days * DAY + rng.uniform(8, 30)
        return officer("CPO"), form, f"聯合查察：{items}", None, self.inspection_steps(theme, visit, wait)

    def inspection_steps(self, theme: str, visit: date, wait: float):
        rng = self.rng
        yield wait, "joint_visit", {"visited_on": visit.isoformat(), "team": "消保官、主管機關稽查人員"}
        shops = rng.choice([1, 2, 2, 3, 3, 3, 4])
        wrong = []
        for i in range(shops):
            finding = self.shop_finding(theme, i, more=i < shops - 1)
            wrong += [finding] if finding["conforming"] == "nonconforming" else []
            yield rng.uniform(0.2, 2), "record_shop", finding
        if wrong:
            referred = any(f["shop_action"] == "refer_ftc" for f in wrong)
            yield rng.uniform(2, 8) * DAY, "follow_up", {
                "follow_up_notes": "已移送公平交易委員會查處" if referred else "已複查，限期改正完成",
                "referral_letter": f"高市府行消字第{rng.randint(1000000, 9999999)}號" if referred else ""}

    def shop_finding(self, theme: str, i: int, more: bool) -> dict:
        rng = self.rng
        finding = {"shop_name": f"{rng.choice(DISTRICT_NAMES)}{rng.choice(SHOP_KINDS)}{i + 1}號",
                   "shop_address": f"高雄市{rng.choice(DISTRICT_NAMES)}區", "prices_seen": "品項價格均已標示",
                   "conforming": "conforming", "more_shops": more}
        if rng.random() < 0.12:
            gouging = theme == "epidemic_supplies" and rng.random() < 0.5
            finding.update(conforming="nonconforming", violation="price_gouging" if gouging else "labelling",
                           shop_action="refer_ftc" if gouging else "correction")
        return finding


def officer(code: str) -> Actor:
    """The agency's demo officer (bpmn/reference/demo_users.json)."""
    return Actor(f"{code.lower()}.officer", code, frozenset({"officer"}))


def weekday_after(day: date, n: int) -> date:
    """A weekday n days or a little more after `day` (panels and visits are on weekdays)."""
    day = day + timedelta(days=n)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def office_time(at: datetime) -> datetime:
    """Staff start these cases at work: a weekday between 08:30 and 17:30 (Taipei)."""
    local = at.astimezone(TAIPEI)
    if local.hour >= 17:
        local += timedelta(days=1)
    if not (8 <= local.hour < 17):
        local = local.replace(hour=9, minute=local.minute)
    while local.weekday() >= 5:
        local += timedelta(days=1)
    return local
