"""`civicflow tasks reassign --from --to [--agency]`: an officer's open tasks
go to a colleague in batches, a line per batch, then a summary naming each
task not moved (one finished meanwhile is reported, not overwritten)."""
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
    out = app.test_cli_runner().invoke(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2"])
    assert out.exit_code == 0, out.output
    assert out.output.splitlines() == [
        "  2 of 4 handled: 2 moved, 0 handled by someone else, 0 refused",
        "  4 of 4 handled: 4 moved, 0 handled by someone else, 0 refused",
        "4 of 4 tasks of pwb1 now belong to pwb2."]
    assert [ready_task(rt, r.case_id).assignee for r, _ in cases[1:]] == ["pwb2"] * 4
    with rt.db.connect() as conn:
        actors = conn.execute(select(audit.c.actor).where(audit.c.action == "reassign")).scalars().all()
    assert actors == ["system"] * 4
    again = app.test_cli_runner().invoke(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2",
                                                    "--agency", "PWB"])
    assert again.output == "pwb1 holds no open tasks at PWB; nothing to do.\n"


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
    assert "  3 of 3 handled: 2 moved, 1 handled by someone else, 0 refused" in out.output
    assert "2 of 3 tasks of pwb1 now belong to pwb2." in out.output
    assert (f"  not moved: {cases[2][0].number} 辦理並擬復 Handle and draft the reply: already handled by "
            "someone else (completed by pwb1 at 2026-03-02T09:00:00+08:00)") in out.output
    nobody = app.test_cli_runner().invoke(cli, args=["tasks", "reassign", "--from", "pwb2", "--to", "ghost"])
    assert nobody.exit_code == 1 and "cannot reassign (officer: unknown_officer)" in nobody.output
    assert [ready_task(rt, r.case_id).assignee for r, _ in cases[:2]] == ["pwb2", "pwb2"]


def test_the_run_acts_as_the_supervisor_named_and_within_their_scope(app, rt):
    """--as names who decided it: the audit records them; only an active
    supervisor may be named (the engine lets only supervisors move tasks)."""
    held_by(app, rt, 2)
    run = app.test_cli_runner().invoke
    officer = run(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2", "--as", "pwb2"])
    assert officer.exit_code == 2 and "'pwb2' is not a supervisor" in officer.output
    ghost = run(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2", "--as", "ghost"])
    assert ghost.exit_code == 2 and "no active user 'ghost'" in ghost.output
    out = run(cli, args=["tasks", "reassign", "--from", "pwb1", "--to", "pwb2", "--as", "pwbboss"])
    assert out.exit_code == 0, out.output
    assert "2 of 2 tasks of pwb1 now belong to pwb2." in out.output
    with rt.db.connect() as conn:
        actors = conn.execute(select(audit.c.actor).where(audit.c.action == "reassign")).scalars().all()
    assert actors == ["pwbboss"] * 2
