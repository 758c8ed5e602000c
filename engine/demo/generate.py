"""`civicflow demo`: the shipped models, the city's reference data and a
realistic period of cases, driven through the engine with a moving clock.

Each case follows a generator of human steps (engine/demo/profiles.py). The
simulation runs them in time order, fires the timers that fall due on the
way (reminders, overdue escalations, the business's 15 days, objection
periods), and stops at the real present: steps planned later are never taken,
so recent cases stay open and some are overdue, as in a real office.
"""
from __future__ import annotations

import heapq
import random
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import func, select

from . import backlog, profiles as prof
from .department import PROCESSES as DEPARTMENT_PROCESSES, Department
from .bookings import PROCESSES as BOOKING_PROCESSES, Bookings, load_resources
from engine.cases.actors import Actor
from engine.time.clock import TAIPEI, FrozenClock
from engine.time.deadlines import as_utc
from engine.data.errors import EngineError
from .bundles import bundles
from .progress import note
from .reference import load_reference, read_json
from .team import share_open_tasks
from engine.cases import links, queries
from engine.cases.runtime import Engine
from engine.data.schema import case, task, timer

BPMN_DIR = Path(__file__).resolve().parents[2] / "bpmn"
RETRY_HOURS, MAX_RETRIES = 24.0, 120  # a step waits for its task (timers, visits) ~4 months
# Shares of the started cases per process (the audit is one yearly plan).
SHARES = {"petition": 0.58, "consumer_complaint": 0.40, "council_resolution": 0.02}
COUNCIL_AGENCIES = ["PWB", "EPB", "TRB", "DOH", "EDU", "SAB", "EDB", "WRB", "UDB", "CIVIL"]


def library_files(directory: Path = BPMN_DIR) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())
            if p.suffix in (".bpmn", ".dmn")}


def deploy_library(engine, files: dict[str, bytes] | None = None) -> list:
    """Each shipped process as its own deployment, with only the files it needs
    (engine/demo/bundles.py): the editor shows a process's own files. Only the
    process itself is stored: a process it calls came along to be parsed and
    keeps its own version and files."""
    deployed = []
    for key, own in bundles(files or library_files()).items():
        deployed += engine.deploy(own, comment="示範資料：隨附的流程模型", only=key)
    return deployed


def has_cases(db) -> bool:
    with db.connect() as conn:
        return conn.execute(select(func.count()).select_from(case)).scalar() > 0


@dataclass(order=True)
class Step:
    at: datetime
    seq: int
    case_id: int = field(compare=False)
    steps: object = field(compare=False)       # the case's generator
    element: str = field(compare=False)
    form: object = field(compare=False)
    retries: int = field(default=0, compare=False)


@dataclass(frozen=True)
class Answered:
    """An answered petition as a repeat petition cites it."""
    number: str
    category: str | None
    district: str | None
    received_at: datetime
    replied_on: str        # YYYY-MM-DD, as the engine recorded it
    reply_number: str      # the reply's 文號


@dataclass
class Stats:
    started: dict = field(default_factory=dict)
    completed_tasks: int = 0
    timers_fired: int = 0
    lapsed_steps: int = 0
    errors: int = 0


def worker(row) -> Actor:
    role = row.candidate_role or "officer"
    code = row.candidate_agency or "DOA"
    return Actor(f"{code.lower()}.{role}", code, frozenset({role}))


class Simulation:
    def __init__(self, db, cases: int, days: int, end: datetime, seed: int = 2020, progress=print):
        self.db, self.cases, self.days, self.end = db, cases, days, end
        self.rng, self.progress = random.Random(seed), progress
        self.clock = FrozenClock(end - timedelta(days=days))
        self.engine = Engine(db, self.clock)
        self.queue: list[Step] = []
        self.seq, self.stats = 0, Stats()
        self.closed_petitions: list[str] = []
        self.choice_words: dict[str, dict] = {}   # process key -> its choices' labels
        self.answered_petitions: list[Answered] = []   # citable by a repeat (Art. 173)
        self.agency_names = {a["code"]: a["name_zh"] for a in read_json("agencies.json")}
        self.districts = prof.districts()
        self.department = Department(seed, self.clock)   # repairs, temp staff, sign-ups, inspections
        self.bookings = Bookings(seed, self.clock, db)   # car trips, room bookings

    # ---- scheduling ------------------------------------------------------
    def push(self, case_id, steps, after: datetime):
        try:
            hours, element, form = next(steps)
        except StopIteration:
            return
        self.seq += 1
        heapq.heappush(self.queue, Step(office_hours(after + timedelta(hours=hours)),
                                        self.seq, case_id, steps, element, form))

    def arrivals(self) -> list[tuple[datetime, str]]:
        """When each case arrives: spread over the period, weekdays busier."""
        start = self.end - timedelta(days=self.days)
        out = []
        for key, share in SHARES.items():
            for _ in range(max(1, round(self.cases * share))):
                at = start + timedelta(seconds=self.rng.uniform(0, self.days * 86400 - 3600))
                if at.astimezone(TAIPEI).weekday() >= 5 and self.rng.random() < 0.6:
                    at += timedelta(days=2)
                out.append((min(at, self.end - timedelta(hours=1)), key))
        return sorted(out)

    # ---- running ---------------------------------------------------------
    def run(self) -> Stats:
        self.start_audit()
        arrivals = sorted(self.arrivals() + self.department.arrivals(self.end, self.days, self.cases)
                          + self.bookings.arrivals(self.end, self.days, self.cases)
                          + backlog.arrivals(self.end, self.days))
        total, next_report = len(arrivals), max(1, len(arrivals) // 10)
        # Every case the run starts (the petitions' volume and the department's
        # own work), as the progress lines count them.
        self.progress(note("period", cases=total, days=self.days, end=self.end.astimezone(TAIPEI)))
        for i, (at, key) in enumerate(arrivals, 1):
            self.run_until(at)
            self.start_case(key)
            if i % next_report == 0:
                self.report("started", started=i, total=total)
        self.run_until(self.end)
        self.report("done")
        return self.stats

    def run_until(self, until: datetime):
        while self.queue and self.queue[0].at <= until:
            step = heapq.heappop(self.queue)
            self.move_to(step.at)
            self.take(step)
        self.move_to(until)

    def move_to(self, when: datetime):
        if when > self.clock.now():
            self.clock.set(when)
        self.fire_due_timers()

    def fire_due_timers(self):
        with self.db.connect() as conn:
            due = conn.execute(select(timer.c.id).where(
                timer.c.state == "pending", timer.c.due_at <= self.clock.now())
                .order_by(timer.c.due_at)).scalars().all()
        for timer_id in due:
            self.stats.timers_fired += bool(self.engine.fire_timer(timer_id))

    def take(self, step: Step):
        row = self.open_task(step.case_id, step.element)
        if row is None:   # its task is not there yet (a timer or a join)
            self.later(step)
            return
        form = step.form(row) if callable(step.form) else step.form
        if step.element == "close_repeat":
            form = self.cited(step.case_id, form)
            if form is None:   # no answered earlier case of its kind yet (Art. 173)
                self.later(step)
                return
        try:
            self.engine.complete(row.id, worker(row), form)
            self.stats.completed_tasks += 1
            if step.element == "handle" and form.get("handling_action") == "reply":
                self.answered(step.case_id)
        except EngineError as exc:
            self.stats.errors += 1
            self.progress(note("step_refused", step=step.element, name=row.name,
                               case=self.number(step.case_id), reason=f"{exc.message} {exc.detail}",
                               error=exc))
            return
        self.push(step.case_id, step.steps, self.clock.now())

    def later(self, step: Step) -> None:
        if step.retries < MAX_RETRIES:
            step.retries += 1
            step.at += timedelta(hours=RETRY_HOURS)
            heapq.heappush(self.queue, step)
        else:
            self.stats.lapsed_steps += 1

    def answered(self, case_id: int) -> None:
        """A petition answered: a later repeat petition may cite it, with the
        reply date the engine recorded and a 文號 of the agency that replied."""
        with self.db.connect() as conn:
            row = conn.execute(select(case).where(case.c.id == case_id)).one()
        replied_on = links.reply_date(row)
        if replied_on is None:   # the reply still waits to be delivered
            return
        agency = self.agency_names.get(row.responsible_agency, "市府")
        self.answered_petitions.append(Answered(
            row.number, row.category, row.district, as_utc(row.received_at), replied_on,
            prof.reply_number(agency, replied_on, row.number)))

    def number(self, case_id: int) -> str:
        """The case's number, as officers and citizens know it."""
        with self.db.connect() as conn:
            return conn.execute(select(case.c.number).where(case.c.id == case_id)).scalar_one()

    def cited(self, case_id: int, form: dict) -> dict | None:
        """The repeat's form citing an answered petition received before it, of
        its category and, when there is one, its district: the drawn case when
        it is one of them, else the latest (no further random draw here).
        None while there is none to cite: the clerk's step waits."""
        with self.db.connect() as conn:
            me = conn.execute(select(case).where(case.c.id == case_id)).one()
        same = [a for a in self.answered_petitions
                if a.category == me.category and a.received_at < as_utc(me.received_at)]
        near = [a for a in same if a.district == me.district] or same
        if not near:
            return None
        earlier = next((a for a in near if a.number == form["earlier_case"]), near[-1])
        return {**form, "earlier_case": earlier.number, "earlier_reply_date": earlier.replied_on,
                "earlier_reply_number": earlier.reply_number}

    def open_task(self, case_id: int, element: str):
        with self.db.connect() as conn:
            return conn.execute(select(task).where(
                task.c.case_id == case_id, task.c.element_id == element, task.c.state == "ready")
                .order_by(task.c.created_at).limit(1)).first()

    def report(self, what: str, **values):
        s = self.stats
        self.progress(note(what, day=self.clock.now().astimezone(TAIPEI), cases=sum(s.started.values()),
                           tasks=s.completed_tasks, timers=s.timers_fired, **values))

    # ---- starting cases --------------------------------------------------
    def start_case(self, key: str):
        if key in DEPARTMENT_PROCESSES:
            return self.department.start(self, key)
        if key in BOOKING_PROCESSES:
            return self.bookings.start(self, key)
        if key.startswith(backlog.PREFIX):
            return backlog.start(self, key)
        n = sum(self.stats.started.values()) + 1
        if key == "petition":
            data = prof.petition_start(self.rng, n, self.districts)
            steps = prof.petition_steps(self.rng, data, self.closed_petitions)
        elif key == "consumer_complaint":
            data = prof.consumer_start(self.rng)
            data["title"] = f"消費爭議（{self.choice_word(key, 'category', data['category'])}）"
            steps = prof.consumer_steps(self.rng, data)
        else:
            meeting = prof.meeting_of(self.clock.now().astimezone(TAIPEI).date())
            data = {"title": f"第{meeting[0]}次市政會議決議"}
            steps = prof.council_steps(self.rng, meeting, self.rng.choice(COUNCIL_AGENCIES))
        self.begin(key, self.start_data(key, data), steps, n)

    def choice_word(self, key: str, name: str, value: str) -> str:
        """A choice's zh-TW label as the deployed model words it: a title a
        clerk reads says 健身中心, not the stored code fitness."""
        if key not in self.choice_words:
            with self.db.connect() as conn:
                latest = self.engine.specs.latest_id(conn, key)
                self.choice_words[key] = queries.choice_labels(conn, latest)
        return self.choice_words[key].get(name, {}).get(value, (value, ""))[0] or value

    def start_data(self, key: str, data: dict) -> dict:
        keep = ("title", "channel", "category", "district", "language")
        return {k: data[k] for k in keep if k in data}

    def begin(self, key, data, steps, n):
        petitioner = None
        if key in ("petition", "consumer_complaint"):
            petitioner = {"name": f"市民{n:05d}", "email": f"citizen{n:05d}@example.org",
                          "phone": f"09{self.rng.randint(10000000, 99999999)}"}
        ref = self.engine.start_case(key, data, received_at=self.clock.now(),
                                     petitioner_info=petitioner)
        self.stats.started[key] = self.stats.started.get(key, 0) + 1
        if key == "petition" and len(self.closed_petitions) < 200:
            self.closed_petitions.append(ref["number"])
        self.push(ref["id"], steps, self.clock.now())

    def start_audit(self):
        """This year's records audit: planned early, visits after 3 months' notice."""
        offices = self.rng.sample(self.districts, 15)
        year = self.end.astimezone(TAIPEI).year - 1911
        steps = prof.audit_steps(self.rng, offices, year, self.clock.now().astimezone(TAIPEI).date())
        self.begin("records_audit", {"title": f"{year}年度區公所檔案管理考評"}, steps, 0)


def office_hours(at: datetime) -> datetime:
    """People work on weekdays between 08:30 and 17:30 (Taipei)."""
    local = at.astimezone(TAIPEI)
    if local.hour < 8 or (local.hour == 8 and local.minute < 30):
        local = local.replace(hour=8, minute=30)
    elif local.hour >= 17:
        local = (local + timedelta(days=1)).replace(hour=8, minute=30)
    while local.weekday() >= 5:
        local = (local + timedelta(days=1)).replace(hour=8, minute=30)
    return local.astimezone(timezone.utc)


def run_demo(db, cases: int = 2500, days: int = 120, end: datetime | None = None,
             seed: int = 2020, progress=print) -> Stats:
    """Load reference data, deploy the library and simulate `days` up to `end`."""
    counts = load_reference(db)
    counts["resources_added"] = load_resources(db)
    progress(note("reference", **{"users_added": 0, **counts}))
    end = end or datetime.now(timezone.utc)
    sim = Simulation(db, cases, days, end, seed, progress)
    deployed = deploy_library(sim.engine)
    progress(note("models", models=[(d.key, d.version) for d in deployed]))
    stats = sim.run()
    # The busiest agencies' officers hold their shares of what is still open.
    progress(note("tasks_shared", tasks=share_open_tasks(sim.engine, seed)))
    return stats
