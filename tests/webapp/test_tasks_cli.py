"""`civicflow tasks reassign --from --to [--agency]`: an officer's open tasks
go to a colleague in batches, a line per batch, then a summary naming each
task not moved (one finished meanwhile is reported, not overwritten). It
speaks zh-TW like the pages; English with --lang en or DEFAULT_LOCALE=en."""
from sqlalchemy import select
from webtest_support import REPLY, held_by, ready_task

from engine.cases.actors import Actor
from engine.data.schema import audit
from webapp.cli import cli

PWB1 = Actor("pwb1", "PWB", frozenset({"officer"}))


def test_reassign_prints_each_batch_and_a_summary(app, rt, monkeypatch):
    from webapp.commands import tasks as command
    monkeypatch.setattr(command, "BATCH", 2)   # three batches out of five tasks
    cases = held_by(app, rt, 5)
    rt.complete(cases[0][1].id, PWB1, REPLY)   # finished before the run: not the officer's any more
    out = app.test_cli_runner().invoke(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2",
                                                  "--lang", "en"])
    assert out.exit_code == 0, out.output
    lines = out.output.splitlines()
    assert lines[0].startswith("Moving 4 open tasks of ") and lines[0].endswith(", 2 at a time.")
    assert lines[1:3] == ["  2 of 4 handled (50%): 2 moved, 0 handled by someone else, 0 refused",
                          "  4 of 4 handled (100%): 4 moved, 0 handled by someone else, 0 refused"]
    assert lines[3] == "4 of 4 tasks of pwb1 now belong to pwb2."
    assert [ready_task(rt, r.case_id).assignee for r, _ in cases[1:]] == ["pwb2"] * 4
    with rt.db.connect() as conn:
        actors = conn.execute(select(audit.c.actor).where(audit.c.action == "reassign")).scalars().all()
    assert actors == ["system"] * 4
    again = app.test_cli_runner().invoke(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2",
                                                    "--agency", "PWB"])
    assert again.output == "pwb1 在工務局沒有未完成的工作，不需移交。\n"   # zh-TW unless asked


def test_a_task_taken_meanwhile_is_reported_and_bad_arguments_stop_the_run(app, rt, monkeypatch):
    from webapp.commands import tasks as command
    cases = held_by(app, rt, 3)
    real = command._batch
    def finish_one_first(action, items, actor):   # pwb1 finishes one while the run is on its way
        rt.complete(cases[2][1].id, PWB1, REPLY)
        monkeypatch.setattr(command, "_batch", real)
        return real(action, items, actor)
    monkeypatch.setattr(command, "_batch", finish_one_first)
    out = app.test_cli_runner().invoke(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2"])
    assert "  已處理 3／3 件（100%）：移交 2 件，已由他人處理 1 件，未能移交 0 件" in out.output
    assert "的 3 件工作中，已有 2 件改由" in out.output
    missed = next(line for line in out.output.splitlines() if line.startswith("  未移交："))
    assert missed.startswith(f"  未移交：{cases[2][0].number} 辦理並擬復：")
    assert "已由他人處理" in missed and "115" in missed and "T09:00" not in missed   # an ROC date
    nobody = app.test_cli_runner().invoke(cli, args=["tasks", "reassign", "--from", "pwb2", "--to", "ghost"])
    assert nobody.exit_code == 1 and nobody.output == "未移交任何工作：這位承辦人不是在職的使用者。\n"
    assert [ready_task(rt, r.case_id).assignee for r, _ in cases[:2]] == ["pwb2", "pwb2"]


def test_the_run_acts_as_the_supervisor_named_and_within_their_scope(app, rt):
    """--as names who decided it: the audit records them; only an active
    supervisor may be named (the engine lets only supervisors move tasks)."""
    held_by(app, rt, 2)
    run = app.test_cli_runner().invoke
    officer = run(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2", "--as", "pwb2"])
    assert officer.exit_code == 2 and officer.output == "--as：pwb2 不是主管，不能移交工作。\n"
    app.config["BABEL_DEFAULT_LOCALE"] = "en"   # DEFAULT_LOCALE=en (config.py)
    ghost = run(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2", "--as", "ghost"])
    assert ghost.exit_code == 2 and ghost.output == "--as: there is no active user “ghost”.\n"
    out = run(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2", "--as", "pwbboss",
                         "--lang", "zh_TW"])
    assert out.exit_code == 0, out.output
    assert "pwb1 的 2 件工作中，已有 2 件改由 pwb2 辦理。" in out.output and "Error" not in out.output
    with rt.db.connect() as conn:
        actors = conn.execute(select(audit.c.actor).where(audit.c.action == "reassign")).scalars().all()
    assert actors == ["pwbboss"] * 2
