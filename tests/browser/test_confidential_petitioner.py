"""Art. 170 as people see it: a confidential letter about a street light,
registered by the department's intake office, handled by pwb1 at the public
works bureau. The bureau's own intake clerk and its supervisor read the case
but are told the petitioner is confidential; the registering clerk and the
officer handling it see name and phone."""
from __future__ import annotations

import pytest

from webtest_support import CLERK, PASSWORD, registration

pytestmark = pytest.mark.browser

NAME, PHONE = "蘇祕密", "0987654321"


@pytest.fixture
def petition(live_server, db, clock):
    """The case at PWB's 'handle', claimed by pwb1; returns the case number."""
    from engine.cases.actors import Actor
    from engine.cases.runtime import Engine
    from webapp import users
    from webapp.petitions import ready_task
    with db.begin() as conn:
        users.add_user(conn, "pwbclerk", "PWB", ["intake"], PASSWORD)
    rt = Engine(db, clock)
    data = registration(confidential=True, petitioner_name=NAME, petitioner_contact=PHONE)
    ref = rt.start_case("petition", data, actor=CLERK,
                        petitioner_info={"name": NAME, "phone": PHONE})
    for element, actor in (("register", CLERK), ("handle", Actor("pwb1", "PWB", frozenset({"officer"})))):
        with db.connect() as conn:
            row = ready_task(conn, ref["id"], element)
        rt.claim(row.id, actor)
        if element == "register":
            rt.complete(row.id, actor, data)
    return ref["number"]


@pytest.mark.parametrize("username", ["pwbclerk", "pwbboss"])
def test_the_bureaus_clerk_and_supervisor_are_told_it_is_confidential(
        login, live_server, petition, shot, accessible, username):
    page = login(username)
    page.goto(f"{live_server}/cases/{petition}")
    text = page.locator("main").inner_text()
    assert "路燈不亮" in text and "陳情人身分保密（不予顯示）" in text
    assert NAME not in page.content() and PHONE not in page.content()
    accessible(page)
    shot(page, f"confidential-petitioner-{username}")


@pytest.mark.parametrize("username", ["clerk", "pwb1"])
def test_the_registering_clerk_and_the_handling_officer_see_who_petitioned(
        login, live_server, petition, shot, accessible, username):
    page = login(username)
    page.goto(f"{live_server}/cases/{petition}")
    text = page.locator("main").inner_text()
    assert NAME in text and PHONE in text
    assert "陳情人身分保密（不予顯示）" not in text
    accessible(page)
    shot(page, f"confidential-petitioner-seen-by-{username}")
