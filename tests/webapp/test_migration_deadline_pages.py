"""The analyst shortens 道路坑洞破損 to 5 working days in the routing table and
asks for a dry run with 依新版本重新計算期限: the table shows each case's
deadline now and after the move (ROC dates, Asia/Taipei) before anything
moves; the run's page says which deadlines moved. A petition received
民國115年11月30日 09:37 is due 12月8日 (6 working days), 12月7日 with 5."""
import re
import sys
from datetime import datetime
from functools import partial
from pathlib import Path

from webtest_support import ROOT, make_case

from engine.cases.migration import jobs
from engine.scheduling import migration_jobs
from engine.time.clock import TAIPEI

sys.path.insert(0, str(Path(__file__).parents[1] / "models"))

DAYS = '<outputEntry id="r1_o2"><text>6</text></outputEntry>'
SCRIPT_END = "extension_reason = ''</bpmn:script>"


def _files(days: int, notifying: bool = False) -> dict:
    bpmn = (ROOT / "bpmn" / "petition.bpmn").read_text(encoding="utf-8")
    if notifying:   # set_deadline also tells the agency: it may not run twice
        bpmn = bpmn.replace(SCRIPT_END, "extension_reason = ''\n"
                            "notify('reminder', to=responsible_agency, due=due_at)</bpmn:script>")
    dmn = (ROOT / "bpmn" / "petition_routing.dmn").read_text(encoding="utf-8")
    dmn = dmn.replace(DAYS, DAYS.replace("6", str(days)))
    return {"petition.bpmn": bpmn.encode("utf-8"), "petition_routing.dmn": dmn.encode("utf-8")}


def _road_case(app, rt, clock):
    clock.set(datetime(2026, 11, 30, 9, 37, tzinfo=TAIPEI))
    return make_case(app, rt, category="road_damage", district="D-NANZI")


def _scheduler_works(rt) -> int:
    return migration_jobs.work(rt.db, rt.clock, "scheduler-1", partial(jobs.perform, rt))


def _dry_run(client, rt, version) -> tuple[str, str]:
    asked = client.post(f"/models/petition/versions/{version}/migrate", data={"recompute": "1"})
    assert asked.status_code == 302
    assert _scheduler_works(rt) == 1
    return asked.headers["Location"], client.get(asked.headers["Location"]).get_data(as_text=True)


def _row(page: str, number: str) -> str:
    [row] = [r for r in re.findall(r"<tr>.*?</tr>", page, re.S) if number in r]
    return row


def test_the_dry_run_shows_both_deadlines_and_the_run_which_moved(app, rt, clock, client_for):
    road = _road_case(app, rt, clock)
    light = make_case(app, rt)                         # street lights: its rule is unchanged
    with app.app_context():
        rt.deploy(_files(5))
    analyst = client_for("analyst")
    _where, page = _dry_run(analyst, rt, 2)
    assert "期限將依新版本重新計算" in page and "其中 1 件的期限會改變" in page
    assert "目前期限" in page and "移轉後期限" in page
    row = _row(page, road.number)
    assert "民國115年12月8日" in row and "<strong>民國115年12月7日</strong>" in row
    assert "已依新版決策表重新計算" in row
    assert _row(page, light.number).count("民國115年12月8日") == 2
    started = analyst.post("/models/petition/versions/2/migrate/run", data={"recompute": "1"})
    assert _scheduler_works(rt) == 1
    done = analyst.get(started.headers["Location"]).get_data(as_text=True)
    assert "已移轉 2 件" in done
    assert "民國115年12月8日 → 民國115年12月7日" in _row(done, road.number)
    assert "民國115年12月8日（未變）" in _row(done, light.number)


def test_a_deadline_a_notifying_script_computed_is_said_to_stay(app, rt, clock, client_for):
    with app.app_context():
        rt.deploy(_files(6, notifying=True))
    road = _road_case(app, rt, clock)
    with app.app_context():
        rt.deploy(_files(5, notifying=True))
    _where, page = _dry_run(client_for("analyst"), rt, 3)
    assert "沒有案件的期限會改變" in page
    row = _row(page, road.number)
    assert ("期限由指令碼「計算處理期限」依決策表計算；該指令碼也會發出通知或留下紀錄，不能重新執行，"
            "重新計算不會重新查表：期限維持民國115年12月8日。") in row
    assert "<strong>" not in row
