"""Demo data for the department's car dispatch and venue booking: the
reference cars, drivers and rooms (bpmn/reference/resources.json) and a
realistic half-year of trips and bookings, started through their start forms
as staff do on the web and worked step by step (engine/demo/generate.py runs
them like the other demo cases).

Volumes follow the seed report's half-year (2020-03-01 .. 2020-09-05): 401
car trips, some with the car lent to another bureau; 1,043 bookings of the
two centres' rooms, 113 of them events. Scaled to the demo's length and,
below the demo's default size, to its number of cases. The dispatcher picks
a car with enough seats and a driver that are free for the trip (none free:
the trip is refused), as the assignment form offers them; a requester picks
a room that is free and large enough. Own random generator, so the other
processes' draws stay as they were.
"""
from __future__ import annotations

import random
from datetime import datetime, timedelta

from engine.cases.actors import Actor
from engine.cases.starting import Start
from engine.resources import catalogue, reservations
from engine.time.clock import TAIPEI

from . import seed_volumes
from .reference import REFERENCE_DIR, read_json

SEED_VOLUMES = {"vehicle_dispatch": 401, "venue_booking": 1043}
EVENT_SHARE = 113 / 1043
PROCESSES = tuple(SEED_VOLUMES)
# Who asks for cars and rooms: the bureaus in the two administrative centres.
REQUESTERS = ["DOA", "DOA", "FIN", "BAS", "PERS", "RDEC", "LEGAL", "UDB", "PWB", "EDB", "TRB",
              "TOUR", "CIVIL", "SAB", "AGRI", "MARINE", "LABOR", "EPB", "WRB", "LAND"]
TRIPS = [("四維行政中心－鳳山行政中心", "公文及會議資料送達", 18), ("四維行政中心－市議會", "列席市議會定期大會", 6),
         ("四維行政中心－旗山區公所", "檔案管理考評實地訪視", 96), ("四維行政中心－岡山區公所", "區政業務督導", 62),
         ("四維行政中心－小港機場", "接待外賓", 22), ("鳳山行政中心－林園工業區", "聯合稽查", 30),
         ("四維行政中心－美濃區公所", "災後勘查", 118), ("四維行政中心－臺南市政府", "跨縣市業務協調會議", 88),
         ("鳳山行政中心－大寮區公所", "里長座談會", 24), ("四維行政中心－茂林區公所", "原鄉業務訪視", 170)]
MEETINGS = ["業務會報", "專案工作會議", "市政會議預備會", "預算審查會議", "教育訓練", "廠商簡報", "跨局處協調會議",
            "檔案管理研習", "陳情案件研商會議", "採購評選會議"]
EVENTS = ["記者會", "頒獎典禮", "志工表揚大會", "公益展覽", "市民說明會", "國際交流活動", "捐血活動"]
DAY = 24.0


def resource_rows(directory=REFERENCE_DIR) -> list[dict]:
    return read_json("resources.json", directory)["resources"]


def load_resources(db, directory=REFERENCE_DIR) -> int:
    """Add the reference resources not there yet; how many were added."""
    with db.begin() as conn:
        return catalogue.load(conn, resource_rows(directory))


def counts(cases: int, days: int) -> dict[str, int]:
    return seed_volumes.scaled(SEED_VOLUMES, cases, days)


def officer(code: str) -> Actor:
    return Actor(f"{code.lower()}.officer", code, frozenset({"officer"}))


class Bookings:
    def __init__(self, seed: int, clock, db):
        self.rng = random.Random(f"bookings-{seed}")
        self.clock, self.db = clock, db

    def arrivals(self, end: datetime, days: int, cases: int) -> list[tuple[datetime, str]]:
        return seed_volumes.arrivals(self.rng, counts(cases, days), end, days)

    def start(self, sim, key: str) -> None:
        """Start one case through its start form and queue its later steps."""
        made = getattr(self, key)()
        if made is None:   # no room free at any slot tried: the request is not made
            return
        actor, form, title, steps = made
        seed_volumes.start_one(sim, key, Start(form, {"title": title}), actor, steps)

    # ---- car dispatch ---------------------------------------------------
    def vehicle_dispatch(self):
        rng = self.rng
        route, purpose, km = rng.choice(TRIPS)
        code = rng.choice(REQUESTERS)
        start = self.slot(rng.randint(1, 10), rng.choice([8, 9, 9, 10, 13, 14]))
        end = start + timedelta(hours=rng.choice([2, 3, 4, 4, 6, 8]) if km < 100 else 8)
        passengers = rng.choice([1, 2, 2, 3, 4, 6, 8, 12])
        form = {"route": route, "purpose": purpose, "trip_start": _local(start),
                "trip_end": _local(end), "passengers": passengers}
        lend = code if code != "DOA" and rng.random() < 0.25 else ""
        steps = self.trip_steps(start, end, passengers, km, lend)
        return officer(code), form, f"派車：{route}", steps

    def trip_steps(self, start, end, passengers, km, lend):
        rng, chosen = self.rng, {}
        yield rng.uniform(0.5, 6), "assign_trip", lambda row: self.assignment(
            start, end, passengers, lend, chosen)
        if not chosen:
            return
        if rng.random() < 0.07:   # the meeting moved: the trip is cancelled
            yield rng.uniform(1, 20), "record_trip", dict(trip_result="cancelled", trip_note="會議延期")
            return
        yield self.hours_until(end) + rng.uniform(0.5, 20), "record_trip", dict(
            trip_result="returned", mileage_km=max(1, round(km * rng.uniform(1.8, 2.2))))

    def assignment(self, start, end, passengers, lend, chosen) -> dict:
        """What the dispatcher picks: the smallest free car that seats them, a free driver."""
        with self.db.connect() as conn:
            cars = [r for r, held in reservations.availability(conn, "car", start, end)
                    if held is None and (r.capacity or 0) >= passengers]
            drivers = [r for r, held in reservations.availability(conn, "driver", start, end)
                       if held is None]
        if not cars or not drivers:
            return dict(dispatch_decision="refuse", refusal_reason="該時段車輛或駕駛均已派出")
        car = min(cars, key=lambda r: (r.capacity, self.rng.random()))
        chosen.update(car=car.code)
        return dict(dispatch_decision="assign", car_id=car.code,
                    driver_id=self.rng.choice(drivers).code, lent_to_agency=lend)

    # ---- venue booking --------------------------------------------------
    def venue_booking(self):
        rng = self.rng
        event = rng.random() < EVENT_SHARE
        attendees = rng.randint(60, 300) if event else rng.choice([6, 8, 10, 12, 15, 20, 25, 30])
        hours = rng.choice([3, 4, 6]) if event else rng.choice([1, 2, 2, 3])
        for _ in range(6):   # try a few slots, as a requester looks at the calendar
            start = self.slot(rng.randint(2, 30), rng.choice([9, 10, 13, 14, 15]))
            end = start + timedelta(hours=hours)
            room = self.free_room(start, end, attendees, event)
            if room:
                break
        else:
            return None
        form = {"room_id": room, "booking_kind": "event" if event else "meeting",
                "purpose": rng.choice(EVENTS if event else MEETINGS), "starts_at": _local(start),
                "ends_at": _local(end), "attendees": attendees}
        steps = self.booking_steps(end, attendees)
        return officer(rng.choice(REQUESTERS)), form, f"場地借用：{form['purpose']}", steps

    def free_room(self, start, end, attendees, event) -> str | None:
        with self.db.connect() as conn:
            rooms = [r for r, held in reservations.availability(conn, "room", start, end)
                     if held is None and (r.capacity or 0) >= attendees]
        if not rooms:
            return None
        small = sorted(rooms, key=lambda r: r.capacity)[:2 if event else 3]
        return self.rng.choice(small).code

    def booking_steps(self, end, attendees):
        rng = self.rng
        if rng.random() < 0.04:
            yield rng.uniform(2, 30), "approve_booking", dict(approval="refuse",
                                                              refusal_reason="該場地當日另有市府活動")
            return
        yield rng.uniform(2, 30), "approve_booking", dict(approval="approve")
        if rng.random() < 0.08:
            yield rng.uniform(4, 5 * DAY), "record_use", dict(use_result="cancelled", use_note="活動取消")
            return
        came = max(1, round(attendees * rng.uniform(0.7, 1.0)))
        yield self.hours_until(end) + rng.uniform(0.5, 20), "record_use", dict(
            use_result="used", actual_attendees=came)

    # ---- time -----------------------------------------------------------
    def slot(self, days_ahead: int, hour: int) -> datetime:
        """A weekday `days_ahead` days from now (or the next weekday) at `hour`, Taipei."""
        day = self.clock.now().astimezone(TAIPEI).date() + timedelta(days=days_ahead)
        while day.weekday() >= 5:
            day += timedelta(days=1)
        return datetime(day.year, day.month, day.day, hour, self.rng.choice([0, 30]), tzinfo=TAIPEI)

    def hours_until(self, instant: datetime) -> float:
        return max(0.0, (instant - self.clock.now()).total_seconds() / 3600)


def _local(instant: datetime) -> str:
    """As the form's date-and-time field sends it: Taipei time, to the minute."""
    return instant.astimezone(TAIPEI).strftime("%Y-%m-%dT%H:%M")
