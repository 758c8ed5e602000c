"""`civicflow timers`: failed timers listed with their error, and put back."""
from datetime import datetime, timezone

from sqlalchemy import select

from engine.data.schema import timer
from webapp.cli import cli


def test_failed_timers_listed_then_retried(app, db):
    from webapp.extensions import runtime
    with app.app_context():
        ref = runtime().start_case("petition", {"title": "路燈"})
    with db.begin() as conn:
        conn.execute(timer.insert().values(
            case_id=ref["id"], task_id="t-1", element_id="handle_overdue_timer",
            due_at=datetime(2026, 3, 10, 15, 59, 59, tzinfo=timezone.utc), state="failed",
            attempts=5, last_error="WorkflowTaskException at handle_overdue_notice: boom"))
    runner = app.test_cli_runner()
    listing = runner.invoke(cli, args=["timers"])
    assert listing.exit_code == 0, listing.output
    assert f"{ref['number']}\thandle_overdue_timer" in listing.output
    assert "5 attempts\tWorkflowTaskException at handle_overdue_notice: boom" in listing.output
    assert "1 timer(s) put back" in runner.invoke(cli, args=["timers", "--retry-all"]).output
    with db.connect() as conn:
        assert conn.execute(select(timer.c.state, timer.c.attempts)).one() == ("pending", 0)
