"""`civicflow demo`'s closing words: every demo account a person can sign in
with, a line per agency by role (the named officers too), in zh-TW unless
--lang en; the simulation itself is replaced by loading the accounts."""
import re

import pytest

from engine.demo.generate import Stats
from engine.demo.reference import demo_user_rows, load_reference
from webapp.cli import cli


@pytest.fixture
def accounts_only(app, db, monkeypatch):
    from webapp.commands import demo as command

    def load(engine, **_):
        load_reference(engine)
        return Stats(completed_tasks=7, timers_fired=3)
    monkeypatch.setattr(command, "run_demo", load)
    return lambda *args: app.test_cli_runner().invoke(cli, args=["demo", *args])


def line_of(output: str, code: str) -> str:
    [line] = [ln for ln in output.splitlines() if f"（{code}）" in ln or f"({code})" in ln]
    return line


def test_the_closing_message_lists_every_account_by_agency_and_role_in_zh_tw(accounts_only):
    out = accounts_only()
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0] == "示範資料已載入：完成 7 件工作，觸發 3 個計時器，0 個步驟遭拒。"
    assert lines[1] == "示範帳號（每個帳號的密碼都是 civicflow-demo）："
    words = out.output.replace("（", " ").replace("）", " ").replace("、", " ").replace("：", " ")
    listed = set(words.replace("；", " ").split())
    [pattern] = [ln for ln in lines if ln.startswith("  其他 ")]
    assert "代碼.officer（承辦人）、代碼.supervisor（主管）、代碼.intake" in pattern
    for user in demo_user_rows():   # every account is listed, or follows the pattern told
        name = user["username"]
        code, _dot, suffix = name.partition(".")
        assert name in listed or (code == user["agency_code"].lower()
                                  and suffix in ("officer", "supervisor", "intake")), name
    assert len(lines) < 15   # the few agencies with accounts of their own, then the pattern
    assert re.search(r"例如 [a-z-]+\.officer、d-[a-z]+\.officer。$", pattern) and "（D-" not in out.output
    doa = line_of(out.output, "DOA")
    assert doa.startswith("  行政暨國際處（DOA）  承辦人：doa.officer、林怡君（doa.lin）、陳建宏（doa.chen）；主管：doa.supervisor；")
    assert "分析人員：analyst" in doa and "系統管理者：admin" in doa
    assert line_of(out.output, "EPB").endswith("承辦人：epb.officer、黃淑芬（epb.huang）、張家豪（epb.chang）；"
                                                "主管：epb.supervisor；收文登記：epb.intake")
    assert "吳佩珊（cpo.wu）、劉志明（cpo.liu）" in line_of(out.output, "CPO")


def test_english_on_request(accounts_only):
    out = accounts_only("--lang", "en")
    assert "Demo accounts (the password of each is civicflow-demo):" in out.output
    assert "Officer: epb.officer, 黃淑芬 (epb.huang), 張家豪 (epb.chang); Supervisor: epb.supervisor" \
        in line_of(out.output, "EPB")


def test_a_database_with_cases_is_left_alone_and_told_so(accounts_only, registered_case):
    out = accounts_only("--if-empty")
    assert out.output == "資料庫已有案件，未載入示範資料。\n"
