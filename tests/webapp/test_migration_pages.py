"""An analyst moves open petitions to a newer version from its page: the
plan form lists the waiting places the new version lacks by their names,
the dry run says per case what would happen, the run has a progress page.
Both are only recorded by the request and worked by the scheduler (here its
migration job, called as a scheduler process would)."""
import sys
from functools import partial
from pathlib import Path

from webtest_support import make_case

from engine.cases.migration import jobs
from engine.scheduling import migration_jobs

sys.path.insert(0, str(Path(__file__).parents[1] / "models"))
import petition_versions


def _scheduler_works(rt) -> int:
    return migration_jobs.work(rt.db, rt.clock, "scheduler-1", partial(jobs.perform, rt))


def _dry_run(client, rt, data) -> str:
    """Ask for the dry run, see that it waits, let the scheduler do it, read it."""
    asked = client.post("/models/petition/versions/2/migrate", data=data)
    assert asked.status_code == 302
    waiting = client.get(asked.headers["Location"]).get_data(as_text=True)
    assert "試算將在幾秒內開始" in waiting
    assert _scheduler_works(rt) == 1
    return client.get(asked.headers["Location"]).get_data(as_text=True)


def _oral_case_and_renamed_v2(app, rt):
    receipt = make_case(app, rt, channel="phone")     # waits at the read-back step
    with app.app_context():
        rt.deploy(petition_versions.files(petition_versions.petition_renamed()))
    return receipt


def test_plan_dry_run_run_and_progress(app, rt, client_for):
    receipt = _oral_case_and_renamed_v2(app, rt)
    analyst = client_for("analyst")
    listing = analyst.get("/models/petition/versions").get_data(as_text=True)
    assert "將較舊版本的進行中案件移至第 2 版" in listing
    form = analyst.get("/models/petition/versions/2/migrate").get_data(as_text=True)
    assert "作成紀錄並向陳情人宣讀" in form and "（1 件在此等候）" in form
    assert 'name="map-read_back"' in form and 'value="read_back_record"' in form
    dry = _dry_run(analyst, rt, {})
    assert receipt.number in dry and "1 件進行中案件中，0 件可以移轉" in dry
    assert "此案件正在「作成紀錄並向陳情人宣讀」等候，新版本沒有這個步驟" in dry
    assert "read_back" not in dry.split("<main", 1)[-1].split("</table>")[0].split("<tbody>")[-1]
    mapped = {"map-read_back": "read_back_record"}
    dry = _dry_run(analyst, rt, mapped)
    assert "1 件進行中案件中，1 件可以移轉" in dry and "可以移轉" in dry
    started = analyst.post("/models/petition/versions/2/migrate/run", data=mapped)
    assert started.status_code == 302
    waiting = analyst.get(started.headers["Location"]).get_data(as_text=True)
    assert "移轉將在幾秒內開始" in waiting and "待處理 1 件" in waiting
    assert "等待移轉" in waiting and "等待寄送" not in waiting   # a case, not a notice
    assert _scheduler_works(rt) == 1
    page = analyst.get(started.headers["Location"]).get_data(as_text=True)
    assert "移轉已完成" in page and "已移轉 1 件" in page and receipt.number in page


def test_a_mapping_outside_the_new_version_is_refused(app, rt, client_for):
    _oral_case_and_renamed_v2(app, rt)
    resp = client_for("analyst").post("/models/petition/versions/2/migrate",
                                      data={"map-read_back": "no_such_step"})
    assert resp.status_code == 400


def test_officers_cannot_move_cases(app, rt, client_for):
    _oral_case_and_renamed_v2(app, rt)
    assert client_for("pwb1").get("/models/petition/versions/2/migrate").status_code in (403, 404)


def test_an_interrupted_move_is_resumed_from_its_page(app, rt, client_for):
    from engine.cases.migration import run as runs
    from engine.cases.migration.plan import MigrationPlan
    receipt = make_case(app, rt)                     # waits at 'handle'
    with app.app_context():
        rt.deploy(petition_versions.files(petition_versions.petition_v2()))
    run_id = runs.create_run(rt, MigrationPlan("petition", 2), [receipt.case_id])
    analyst = client_for("analyst")
    page = analyst.get(f"/models/petition/migrations/{run_id}").get_data(as_text=True)
    assert "移轉在全部案件完成前中斷了" in page and "待處理 1 件" in page
    resumed = analyst.post(f"/models/petition/migrations/{run_id}/resume")
    assert _scheduler_works(rt) == 1
    page = analyst.get(resumed.headers["Location"]).get_data(as_text=True)
    assert "移轉已完成" in page and "已移轉 1 件" in page


def test_new_required_fields_get_a_value_checked_beside_the_field(app, rt, client_for):
    text = petition_versions.petition_with_new_required_field().replace(
        'name="identity_check" type="text"', 'name="identity_check" type="integer"')
    make_case(app, rt)
    with app.app_context():
        rt.deploy(petition_versions.files(text))
    analyst = client_for("analyst")
    form = analyst.get("/models/petition/versions/2/migrate").get_data(as_text=True)
    assert "身分查核方式" in form and "登記陳情" in form
    bad = analyst.post("/models/petition/versions/2/migrate", data={"default-identity_check": "abc"})
    assert bad.status_code == 422 and 'id="default-identity_check-err"' in bad.get_data(as_text=True)
    good = _dry_run(analyst, rt, {"default-identity_check": "3"})
    assert "1 件進行中案件中，1 件可以移轉" in good
