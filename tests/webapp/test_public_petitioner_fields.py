"""A petition filed on the public form reaches the intake clerk's
registration form with the petitioner's name and contact filled in (the
model's petitioner_name / petitioner_contact), as a counter petition does:
not empty boxes beside a petitioner the case page names."""
from __future__ import annotations

import html as htmllib
import re

from sqlalchemy import select

from engine.data.schema import case
from webtest_support import CLERK, login, ready_task

from .test_public_form_consent import PETITION, ZH


def value_of(page: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', page).group(0)
    found = re.search(r'value="([^"]*)"', tag)
    return htmllib.unescape(found.group(1)) if found else ""


def registration_page(app, rt, db, data) -> str:
    """The clerk's registration task of the petition `data` filed on the web."""
    assert app.test_client().post("/public/petition", data=data, headers=ZH).status_code == 302
    with db.connect() as conn:
        case_id = conn.execute(select(case.c.id)).scalar_one()
    reg = ready_task(rt, case_id, "register")
    rt.claim(reg.id, CLERK)
    return login(app.test_client(), "clerk").get(f"/tasks/{reg.id}", headers=ZH).get_data(as_text=True)


def test_the_registration_form_shows_who_filed_the_web_petition(app, rt, db):
    page = registration_page(app, rt, db, PETITION)
    assert value_of(page, "petitioner_name") == "陳小姐"
    assert value_of(page, "petitioner_contact") == "chen@example.tw"


def test_a_phone_number_is_the_contact_before_an_email(app, rt, db):
    page = registration_page(app, rt, db, {**PETITION, "phone": "0912-345-678"})
    assert value_of(page, "petitioner_contact") == "0912-345-678"
