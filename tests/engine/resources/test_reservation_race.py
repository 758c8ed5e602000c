"""Two real processes assign the same car for overlapping trips: exactly one
wins, the other is refused naming the winner's booking."""
import subprocess
import sys
from pathlib import Path

from sqlalchemy import select

from engine.data.schema import case, reservation, resource
from engine.demo.bookings import load_resources

from .booking_support import assign_task, deploy_dispatch

WORKER = Path(__file__).with_name("race_worker.py")
ROOT = Path(__file__).resolve().parents[3]


def spawn(*args):
    return subprocess.Popen([sys.executable, str(WORKER), *args], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_two_processes_reserving_one_car_for_overlapping_trips_one_wins(engine, db, db_url,
                                                                        tmp_path):
    deploy_dispatch(engine)
    load_resources(db)
    first = assign_task(engine, db, "2026-03-04T09:00", "2026-03-04T12:00")
    second = assign_task(engine, db, "2026-03-04T11:00", "2026-03-04T14:00")
    go, marks = tmp_path / "go", tmp_path / "marks"
    marks.mkdir()
    procs = [spawn(db_url, task_id, driver, str(go), str(marks))
             for (_, task_id), driver in ((first, "DRV-01"), (second, "DRV-02"))]
    go.write_text("go")
    outs = []
    for p in procs:
        out, err = p.communicate(timeout=120)
        assert p.returncode == 0, err
        outs.append(out.split())
    assert sorted(o[0] for o in outs) == ["refused", "won"], outs
    winner = first if outs[0][0] == "won" else second
    refused = next(o for o in outs if o[0] == "refused")
    with db.connect() as conn:
        held = conn.execute(select(reservation.c.case_id).join(resource).where(
            resource.c.code == "RBK-2101", reservation.c.state == "held")).scalars().all()
        number = conn.execute(select(case.c.number).where(case.c.id == winner[0])).scalar()
    assert held == [winner[0]]
    assert refused[1] == number
