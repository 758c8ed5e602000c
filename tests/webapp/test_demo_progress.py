"""`civicflow demo`'s progress lines speak the operator's language, as its
closing words do: zh-TW by default (ROC dates, processes by name), English
on --lang en; the engine's notes read as English where no one translates
them (a script's print)."""
from datetime import datetime

import pytest

from engine.demo.generate import Stats
from engine.demo.progress import note
from engine.time.clock import TAIPEI
from webapp.cli import cli

DAY = datetime(2026, 6, 30, 17, 0, tzinfo=TAIPEI)
NOTES = [note("period", cases=600, days=130, end=DAY),
         note("reference", agencies_added=40, agencies_updated=0, users_added=90, resources_added=12),
         note("models", models=[("petition", 1)]),
         note("started", day=DAY, started=60, total=600, cases=60, tasks=300, timers=4),
         note("done", day=DAY, cases=600, tasks=3000, timers=40),
         note("tasks_shared", tasks=25)]


@pytest.fixture
def demo_says(app, monkeypatch):
    from webapp.commands import demo as command

    def run(engine, progress, **_):
        for n in NOTES:
            progress(n)
        return Stats()
    monkeypatch.setattr(command, "run_demo", run)
    return lambda *args: app.test_cli_runner().invoke(cli, args=["demo", *args]).output.splitlines()


def test_the_progress_lines_are_in_zh_tw_above_the_closing_lines(demo_says):
    lines = demo_says()
    assert lines[:6] == [
        "示範資料：130 天內共 600 件案件，至民國115年6月30日止",
        "參考資料：新增機關 40 個、更新 0 個，新增帳號 90 個，新增車輛、駕駛與場地 12 筆",
        "已部署流程模型：人民陳情（第 1 版）",
        "  民國115年6月30日：已開始 60／600 件；案件 60 件，完成工作 300 項，計時器觸發 4 次",
        "  民國115年6月30日：完成；案件 600 件，完成工作 3000 項，計時器觸發 40 次",
        "  25 項未完成工作已由各機關承辦人領取"]
    assert lines[6].startswith("示範資料已載入")


def test_english_on_request(demo_says):
    lines = demo_says("--lang", "en")
    assert lines[0] == "Demo: 600 cases over 130 days up to 2026-06-30"
    assert lines[2] == "Process models deployed: Petition version 1"
    assert lines[5] == "  25 open tasks taken by their agencies' officers"


def test_a_note_printed_as_it_is_reads_in_english():
    assert str(NOTES[0]) == "demo: 600 cases over 130 days up to 2026-06-30"
    assert str(NOTES[2]) == "models: petition v1"


@pytest.fixture
def refusals():
    from engine.data.errors import Forbidden, InvalidData
    from engine.models.forms import FieldError
    empty = InvalidData("form data refused", {"reply_text": FieldError("required", "required")})
    return [note("step_refused", step="handle", name="辦理並擬復", case="1150000042",
                 reason="form data refused", error=empty),
            note("start_refused", process="petition", reason="you may not start this process",
                 error=Forbidden("you may not start this process", process="petition"))]


def test_a_refused_step_is_named_and_explained_without_codes_or_english(app, refusals):
    from webapp.commands.demo_progress import words
    with app.test_request_context():
        lines = [words(n) for n in refusals]
    assert lines == ["  案件 1150000042 的「辦理並擬復」步驟未能完成（必填）",
                     "  無法開始一件「人民陳情」案件（示範帳號無權辦理）"]
    assert str(refusals[0]) == "  step handle of case 1150000042 refused: form data refused"
