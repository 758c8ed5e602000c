"""engine/demo/generate.py: a small period of demo cases through the real engine."""
from datetime import datetime

from sqlalchemy import func, select

from engine.time.clock import TAIPEI
from engine.demo.generate import has_cases, office_hours
from engine.data.schema import case, task

END = datetime(2026, 6, 30, 17, 0, tzinfo=TAIPEI)


def counts(db):
    with db.connect() as conn:
        by_process = dict(conn.execute(select(case.c.process_key, func.count())
                                       .group_by(case.c.process_key)).all())
        by_status = dict(conn.execute(select(case.c.status, func.count())
                                      .group_by(case.c.status)).all())
        escalated = conn.execute(select(func.count()).select_from(case)
                                 .where(case.c.escalation_level > 0)).scalar()
        open_tasks = conn.execute(select(func.count()).select_from(task)
                                  .where(task.c.state == "ready")).scalar()
    return by_process, by_status, escalated, open_tasks


def test_demo_runs_every_process_without_refused_steps(demo):
    assert demo.stats.errors == 0 and demo.stats.lapsed_steps == 0
    by_process, by_status, escalated, open_tasks = counts(demo.db)
    # The department's own services (engine/demo/department.py) run beside them.
    assert {"petition", "consumer_complaint", "council_resolution", "records_audit"} <= set(by_process)
    assert by_process["petition"] > by_process["consumer_complaint"] > by_process["council_resolution"]
    assert by_status["completed"] > 0 and by_status["open"] > 0 and open_tasks > 0
    assert escalated > 0 and demo.stats.timers_fired > 0
    assert has_cases(demo.db)


def test_an_empty_database_has_no_cases(db):
    assert not has_cases(db)


def test_people_work_office_hours_on_weekdays():
    saturday_night = datetime(2026, 6, 27, 22, 0, tzinfo=TAIPEI)
    monday = office_hours(saturday_night).astimezone(TAIPEI)
    assert (monday.weekday(), monday.hour, monday.minute) == (0, 8, 30)
    early = office_hours(datetime(2026, 6, 29, 6, 0, tzinfo=TAIPEI)).astimezone(TAIPEI)
    assert (early.hour, early.minute) == (8, 30)


def test_demo_feeds_every_section_of_the_period_report(demo):
    from datetime import date

    from engine.cases.queries import Viewer
    from engine.report.period import period_report
    with demo.db.connect() as conn:
        r = period_report(conn, Viewer("doaboss", "DOA", frozenset({"supervisor"})),
                          date(2026, 1, 1), date(2026, 6, 30), END)
    cp = r["consumer"]["totals"]
    assert cp["consultations"] > cp["first_complaints"] > cp["second_complaints"] > 0
    assert cp["mediation_applied"] >= cp["mediation_settled"] and cp["remote_negotiation"] > 0
    assert {"travel", "air_ticket"} <= set(r["consumer"]["by_kind"])
    p = r["petitions"]
    assert len(p["channel"]) >= 6 and 50 < p["totals"]["on_time_rate"] < 100
    assert p["totals"]["late"] > 0 and p["totals"]["not_handled"] > 0
    council = r["council"]
    assert council["meetings"] > 0 and council["totals"]["released"] > 0
    assert council["totals"]["tracked_at_end"] > 0
    audits = r["audits"]
    assert audits["activity"]["visits"] == 15 and audits["totals"]["offices_audited"] == 15
    assert sum(audits["totals"][g] for g in ("grade_excellent", "grade_a", "grade_b", "grade_c")) == 15
    assert audits["activity"]["improvement_reports"] == audits["totals"]["reinspections_planned"]


def test_a_repeat_petition_cites_an_answered_case_of_its_kind_with_its_reply(demo):
    """Art. 173: each demo repeat cites an earlier petition of its category
    (its district where one was answered), with the date the engine recorded
    for that reply and a 文號 of the reply's year, never a fixed old date."""
    import json

    from engine.cases import links
    with demo.db.connect() as conn:
        rows = {r.number: r for r in conn.execute(select(case).where(case.c.process_key == "petition"))}
    repeats = [(r, json.loads(r.summary)) for r in rows.values()
               if json.loads(r.summary).get("outcome") == "closed_repeat"]
    assert repeats
    for repeat, data in repeats:
        earlier = rows[data["earlier_case"]]
        replied_on = links.reply_date(earlier)
        assert earlier.category == repeat.category, repeat.number
        assert earlier.received_at < repeat.received_at and replied_on is not None
        assert data["earlier_reply_date"] == replied_on
        roc = int(replied_on[:4]) - 1911
        assert data["earlier_reply_number"].startswith("高市") and f"字第{roc}" in data["earlier_reply_number"]
    same_district = [r for r, d in repeats if rows[d["earlier_case"]].district == r.district]
    assert same_district   # the busy categories' repeats mostly find one in their district
