"""Date fields' `min`/`max`: `today` on the engine clock in Asia/Taipei, or a
fixed date; a bound that fits no field type is a deployment problem. And a
task's `show_fields` names fields of its process's forms."""
from datetime import datetime, timezone

import pytest

from engine.data.errors import InvalidData
from engine.models import forms
from engine.models.meta import Field, ProcessMeta, TaskMeta, _field_problems, problems
from engine.time.clock import FrozenClock

SESSION = Field("session_date", "date", required=True, max="today")
HEARING = Field("hearing_date", "date", min="today")


@pytest.fixture
def taipei_small_hours():
    """00:30 on Monday 2026-03-02 in Taipei: still Sunday 03-01 in UTC."""
    token = FrozenClock(datetime(2026, 3, 1, 16, 30, tzinfo=timezone.utc)).activate()
    yield
    token.var.reset(token)


def error_of(field, raw):
    with pytest.raises(InvalidData) as err:
        forms.validate([field], {field.name: raw}, set())
    return err.value.errors[field.name]


def test_a_recorded_date_may_be_today_in_taipei_not_tomorrow(taipei_small_hours):
    assert forms.validate([SESSION], {"session_date": "2026-03-02"}, set()) == {"session_date": "2026-03-02"}
    err = error_of(SESSION, "2026-03-03")
    assert (err.code, err.params) == ("date_too_late", {"max": "2026-03-02"})


def test_a_scheduled_date_may_not_be_before_today(taipei_small_hours):
    err = error_of(HEARING, "2026-03-01")
    assert (err.code, err.params) == ("date_too_early", {"min": "2026-03-02"})
    assert forms.validate([HEARING], {"hearing_date": "2026-03-02"}, set())


def test_fixed_dates_and_datetimes_in_taipei_time(taipei_small_hours):
    opening = Field("opened_at", "datetime", min="2026-01-01", max="today")
    assert forms.validate([opening], {"opened_at": "2026-03-02T00:10:00+08:00"}, set())
    # 17:00 UTC on 03-02 is already 03-03 in Taipei: after today.
    assert error_of(opening, "2026-03-02T17:00:00+00:00").code == "date_too_late"
    assert error_of(opening, "2025-12-31T23:00:00").params == {"min": "2026-01-01"}


def test_number_bounds_still_bound_numbers():
    assert error_of(Field("n", "integer", min=1, max=21), "22").code == "too_large"


@pytest.mark.parametrize("field", [
    Field("n", "integer", max="today"),             # a word on a number
    Field("d", "date", max="tomorrow"),             # neither today nor a date
    Field("d", "date", min=3.0),                    # a number on a date
])
def test_a_bound_that_fits_no_type_is_a_problem(field):
    found = list(_field_problems(TaskMeta("t", fields=[field])))
    assert len(found) == 1 and "min/max" in found[0][1] and "須為" in found[0][2]


def test_good_bounds_are_no_problem():
    assert list(_field_problems(TaskMeta("t", fields=[SESSION, HEARING, Field("n", "integer", min=1)]))) == []


def test_show_fields_must_name_a_field_of_the_process():
    reply = TaskMeta("business_response", fields=[Field("business_reply", "textarea")])
    nxt = TaskMeta("consumer_next", show_fields=["business_reply", "business_answer"])
    found = problems(ProcessMeta("p", tasks={"business_response": reply, "consumer_next": nxt}), None)
    assert [(e, "business_answer" in en) for e, en, _ in found] == [("consumer_next", True)]


def test_a_test_runs_sample_of_a_bounded_date_is_its_received_day():
    from engine.authoring.sample import sample_form
    fields = [HEARING, SESSION, Field("n", "integer", min=3)]
    assert sample_form(fields, "2026-03-02") == {"hearing_date": "2026-03-02",
                                                 "session_date": "2026-03-02", "n": 3}
