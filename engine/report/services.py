"""Figures of the department's own services, from the case data the models
write (variable contract in docs/report.md):

- car trips (`vehicle_dispatch`): a trip is `outcome == 'returned'`, counted
  on its `trip_start`; lent = `lent_to_agency` not empty; `mileage_km` summed;
- venue bookings (`venue_booking`): by `booking_kind` (meeting, event) on the
  day it `starts_at`: used, cancelled, refused;
- repairs (`facility_repair`): received in the period, by `trade`, with
  `outcome` completed/cancelled, the completed ones by who did them
  (`work_by` contractor/in-house, as the last work order says: a repair
  reopened and given to another counts once, for the one whose work passed),
  so contractor + in-house = completed; reopened (`reopen_count` > 0) and
  per `centre` (四維/鳳山);
- temporary-staff reviews (`temp_staff_review`): received in the period, per
  `requesting_agency`, the `decision` and approved `headcount` per `staff_kind`;
  panel meetings: distinct `meeting_date`s in the period;
- document-exchange sign-ups (`document_exchange_signup`): received, decided,
  still undecided (approved + rejected + undecided = received);
- inspections (`consumer_inspection`): received in the period, per
  `competent_agency`: shops inspected and non-conforming, referred to the FTC.
Only counts leave this module: never a name, an organisation or free text.
"""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, literal_column, select

from .sql import day_between, json_number, json_text, parsed_rows, sum_of
from engine.data.schema import case
from engine.data.tally import count_if

TRADES = ("plumbing_electrical", "civil", "telecom", "fire_safety", "air_conditioning", "lift")
CENTRES = ("sihwei", "fengshan")
BOOKING_KINDS = ("meeting", "event")
LOOKAHEAD = timedelta(days=366)
# Grouped by the output column's name: PostgreSQL binds the key of a JSON
# expression anew each time it is written, so a repeated expression differs.
KEY = literal_column("key")


def figures(conn, period) -> dict:
    return {"vehicles": vehicles(conn, period), "venues": venues(conn, period),
            "repairs": repairs(conn, period), "temp_staff": temp_staff(conn, period),
            "document_exchange": document_exchange(conn, period)}


def _booked(process: str, period):
    """Requests made up to a year before the period (a car or a room is not
    booked further ahead), through the received index."""
    lo, hi = period.bounds
    return (case.c.process_key == process, case.c.received_at >= lo - LOOKAHEAD, case.c.received_at < hi)


def _received(process: str, period):
    lo, hi = period.bounds
    return (case.c.process_key == process, case.c.received_at >= lo, case.c.received_at < hi)


def _grouped(conn, key, *measures) -> dict:
    """{key value ('' when none): {measure: int}} for one grouped select."""
    q = select(func.coalesce(key, "").label("key"), *measures).group_by(KEY)
    return {row["key"]: {k: _num(v) for k, v in row.items() if k != "key"}
            for row in conn.execute(q).mappings()}


def _num(value):
    """Counts as int; a sum keeps its decimals only when it has some."""
    value = float(value or 0)
    return int(value) if value.is_integer() else round(value, 1)


def _totals(groups: dict, measures) -> dict:
    return {m: _num(sum(g[m] for g in groups.values())) for m in measures}


def vehicles(conn, period) -> dict:
    r = parsed_rows(case.c.id, where=_booked("vehicle_dispatch", period))
    doc = r.c.doc
    outcome, lent = json_text(doc, "outcome"), func.coalesce(json_text(doc, "lent_to_agency"), "")
    trip = outcome == "returned"
    q = select(count_if(trip, "trips"), count_if(trip & (lent != ""), "lent"),
               sum_of(json_number(doc, "mileage_km"), "mileage_km", trip),
               count_if(outcome == "cancelled", "cancelled"), count_if(outcome == "refused", "refused")
               ).where(day_between(json_text(doc, "trip_start"), period))
    totals = {k: _num(v) for k, v in conn.execute(q).mappings().one().items()}
    by_agency = select(lent.label("key"), func.count()).where(
        day_between(json_text(doc, "trip_start"), period), trip, lent != "").group_by(KEY)
    return {**totals, "lent_to": {a: int(n) for a, n in conn.execute(by_agency)}}


VENUE_MEASURES = ("used", "cancelled", "refused")


def venues(conn, period) -> dict:
    r = parsed_rows(case.c.id, where=_booked("venue_booking", period))
    outcome = json_text(r.c.doc, "outcome")
    q = (select(func.coalesce(json_text(r.c.doc, "booking_kind"), "").label("key"),
                *[count_if(outcome == m, m) for m in VENUE_MEASURES])
         .where(day_between(json_text(r.c.doc, "starts_at"), period))
         .group_by(KEY))
    kinds = {row["key"]: {m: int(row[m]) for m in VENUE_MEASURES} for row in conn.execute(q).mappings()}
    return {"by_kind": kinds, "totals": _totals(kinds, VENUE_MEASURES)}


REPAIR_MEASURES = ("received", "completed", "cancelled", "contractor", "in_house", "reopened")


def repairs(conn, period) -> dict:
    r = parsed_rows(case.c.id, where=_received("facility_repair", period))
    doc = r.c.doc
    outcome, by = json_text(doc, "outcome"), json_text(doc, "work_by")
    done = outcome == "completed"   # an open repair's work order may still change hands
    measures = (count_if(r.c.id.is_not(None), "received"), count_if(done, "completed"),
                count_if(outcome == "cancelled", "cancelled"), count_if(done & (by == "contractor"), "contractor"),
                count_if(done & (by == "in_house"), "in_house"),
                count_if(func.coalesce(json_number(doc, "reopen_count"), 0) > 0, "reopened"))
    trades = _grouped(conn, json_text(doc, "trade"), *measures)
    centres = _grouped(conn, json_text(doc, "centre"), measures[0])
    return {"by_trade": trades, "totals": _totals(trades, REPAIR_MEASURES),
            "by_centre": {k: v["received"] for k, v in centres.items()}}


STAFF_MEASURES = ("reviews", "approved", "rejected", "monthly", "hourly")


def temp_staff(conn, period) -> dict:
    r = parsed_rows(case.c.id, where=_received("temp_staff_review", period))
    doc = r.c.doc
    decision, kind = json_text(doc, "decision"), json_text(doc, "staff_kind")
    heads = func.coalesce(json_number(doc, "headcount"), 0)
    approved = decision == "approved"
    agencies = _grouped(conn, json_text(doc, "requesting_agency"),
                        count_if(r.c.id.is_not(None), "reviews"), count_if(approved, "approved"),
                        count_if(decision == "rejected", "rejected"),
                        sum_of(heads, "monthly", approved & (kind == "monthly")),
                        sum_of(heads, "hourly", approved & (kind == "hourly")))
    return {"by_agency": agencies, "totals": _totals(agencies, STAFF_MEASURES),
            "meetings": _panel_meetings(conn, period)}


def _panel_meetings(conn, period) -> int:
    """Review-panel meetings held in the period: distinct `meeting_date`s."""
    r = parsed_rows(case.c.id, where=_booked("temp_staff_review", period))
    day = json_text(r.c.doc, "meeting_date")
    return int(conn.execute(select(func.count(func.distinct(day))).where(day_between(day, period))).scalar() or 0)


def document_exchange(conn, period) -> dict:
    r = parsed_rows(case.c.status, where=_received("document_exchange_signup", period))
    decision = json_text(r.c.doc, "decision")
    # Still being decided: open and undecided; an approved sign-up whose
    # account is being set up is open too, but already counted as approved.
    undecided = (r.c.status == "open") & decision.is_(None)
    q = select(count_if(r.c.status.is_not(None), "signups"), count_if(decision == "approved", "approved"),
               count_if(decision == "rejected", "rejected"), count_if(undecided, "open"))
    return {k: int(v) for k, v in conn.execute(q).mappings().one().items()}


INSPECTION_MEASURES = ("inspections", "shops_inspected", "shops_nonconforming", "referred_ftc", "referred")


def inspections(conn, period) -> dict:
    r = parsed_rows(case.c.id, where=_received("consumer_inspection", period))
    doc = r.c.doc
    agencies = _grouped(conn, json_text(doc, "competent_agency"),
                        count_if(r.c.id.is_not(None), "inspections"),
                        sum_of(func.coalesce(json_number(doc, "shops_inspected"), 0), "shops_inspected"),
                        sum_of(func.coalesce(json_number(doc, "shops_nonconforming"), 0), "shops_nonconforming"),
                        sum_of(func.coalesce(json_number(doc, "referred_ftc"), 0), "referred_ftc"),
                        count_if(json_text(doc, "outcome") == "referred", "referred"))
    return {"by_agency": agencies, "totals": _totals(agencies, INSPECTION_MEASURES)}
