"""Bad input gets a clear 4xx naming the parameter, never a 500 (issue 14)."""
import pytest
from webtest_support import registration




@pytest.fixture
def api(app):
    return app.test_client()


def _error(resp) -> dict:
    return resp.get_json()["error"]


def test_a_superscript_digit_is_a_case_number_not_found(api, token_for):
    resp = api.get("/api/v1/cases/%C2%B9", headers=token_for("pwb1"))
    assert resp.status_code == 404
    assert _error(resp)["message"] == "no such case"


def test_a_huge_priority_is_refused_by_the_api_naming_it(api, token_for):
    resp = api.get("/api/v1/tasks?priority=99999999999999999999", headers=token_for("pwb1"))
    assert resp.status_code == 400
    assert _error(resp)["parameter"] == "priority"


def test_a_huge_priority_on_the_inbox_is_named_in_chinese(client_for):
    resp = client_for("pwb1").get("/inbox?priority=99999999999999999999")
    assert resp.status_code == 200          # the inbox shows, saying what it left out
    assert "優先" in resp.get_data(as_text=True)


def test_open311_end_date_out_of_range_is_a_400_naming_it(api):
    resp = api.get("/open311/v2/requests.json?end_date=0001-01-01T00:00:00%2B14:00")
    assert resp.status_code == 400
    assert "end_date" in resp.get_data(as_text=True)
    resp = api.get("/open311/v2/requests.json?start_date=9999-12-31T23:00:00-14:00")
    assert resp.status_code == 400
    assert "start_date" in resp.get_data(as_text=True)


@pytest.mark.parametrize("query", ["from=0001-01-01&to=0001-01-02",
                                   "from=9999-12-30&to=9999-12-31"])
@pytest.mark.parametrize("path", ["/report/", "/report/report.xlsx"])
def test_report_outside_the_calendar_is_a_400_in_chinese(client_for, path, query):
    resp = client_for("doaboss").get(f"{path}?{query}")
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert "日期" in page and "民國元年" in page


def test_board_at_the_end_of_the_calendar_is_a_400_in_chinese(client_for):
    resp = client_for("pwbboss").get("/board/?from=9999-12-20&to=9999-12-31")
    assert resp.status_code == 400
    page = resp.get_data(as_text=True)
    assert "結束週" in page and "民國元年" in page     # "to", as the form names it


def _start(api, headers, **body):
    payload = {"process": "petition", "data": registration(),
               "received_at": "2026-03-02T08:30:00+08:00", **body}
    return api.post("/api/v1/cases", json=payload, headers=headers)


@pytest.mark.parametrize("when", ["0001-01-01T00:00:00+08:00", "1911-12-31T23:59:00+08:00",
                                  "2099-01-01T00:00:00+08:00"])
def test_received_at_outside_roc_years_or_in_the_future_is_refused(api, token_for, when):
    resp = _start(api, token_for("clerk"), received_at=when)
    assert resp.status_code == 422
    assert "received_at" in _error(resp)["fields"]


def test_received_at_in_roc_year_one_is_accepted(api, token_for):
    resp = _start(api, token_for("clerk"), received_at="1912-01-01T09:00:00+08:00")
    assert resp.status_code == 201
    assert resp.get_json()["number"].startswith("001-")


def test_case_data_is_checked_against_the_start_form(api, token_for):
    resp = _start(api, token_for("clerk"), data=registration(channel="carrier pigeon", colour=3))
    assert resp.status_code == 422
    fields = _error(resp)["fields"]
    assert "channel" in fields and "colour" in fields
    resp = _start(api, token_for("clerk"), data="not an object")
    assert resp.status_code == 422


def test_405_names_the_allowed_methods(api, token_for):
    resp = api.delete("/api/v1/tasks", headers=token_for("pwb1"))
    assert resp.status_code == 405
    assert set(resp.headers["Allow"].split(", ")) >= {"GET"}
    resp = api.put("/login")
    assert resp.status_code == 405 and "POST" in resp.headers["Allow"]


@pytest.mark.parametrize("password", ["", "short"])
def test_user_add_refuses_an_empty_or_short_password(app, db, password):
    from sqlalchemy import select

    from engine.data.schema import app_user
    from webapp.cli import cli
    result = app.test_cli_runner().invoke(cli, args=[
        "user", "add", "lin", "--agency", "EPB", "--role", "officer", "--password", password])
    assert result.exit_code != 0 and "--password" in result.output
    assert "at least 10 characters" in result.output
    with db.connect() as conn:
        assert conn.execute(select(app_user).where(app_user.c.username == "lin")).first() is None


def test_each_serve_has_its_own_gunicorn_control_socket_or_none(tmp_path):
    from gunicorn.config import Config

    from webapp.commands.engine import gunicorn_settings

    def config(**kw):
        cfg = Config()
        for key, value in gunicorn_settings("127.0.0.1", 5000, 2, **kw).items():
            cfg.set(key, value)
        return cfg
    assert config().control_socket_disable is True          # nothing shared under ~
    own = config(control_socket=tmp_path / "a.ctl")
    assert own.control_socket == str(tmp_path / "a.ctl") and not own.control_socket_disable
