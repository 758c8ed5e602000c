"""Staff see, on the case page, that the person filing on a public form
agreed to the use of their personal data and to which words (the form's
version as a ROC month, the words themselves one click away); a case filed
without the box (at the counter) shows no such row."""
from __future__ import annotations

import html as htmllib
import re

from sqlalchemy import select

from engine.data.schema import case
from webtest_support import login, make_case

from .test_public_form_consent import PETITION, ZH

EN = {"Accept-Language": "en"}


def consent_row(resp) -> str:
    """The words of the case page's consent row, tags removed."""
    page = htmllib.unescape(resp.get_data(as_text=True))
    found = re.search(r'<dd class="cp-consent">(.*?)</dd>', page, re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip() if found else ""


def filed_online(app, db) -> str:
    assert app.test_client().post("/public/petition", data=PETITION, headers=ZH).status_code == 302
    with db.connect() as conn:
        return conn.execute(select(case.c.number)).scalar_one()


def test_staff_read_that_the_petitioner_agreed_and_to_which_wording(app, db):
    number = filed_online(app, db)
    client = login(app.test_client(), "doaboss")
    resp = client.get(f"/cases/{number}", headers=ZH)
    page = htmllib.unescape(resp.get_data(as_text=True))
    assert resp.status_code == 200 and "<dt>個人資料蒐集同意</dt>" in page
    row = consent_row(resp)
    assert row.startswith("已同意 表單上的個人資料告知事項（115年12月版）")
    assert "同意的告知文字" in row and "為處理本陳情案，蒐集及利用我的姓名" in row
    assert "petition-2026-12" not in page and "consent_version" not in page


def test_in_english_the_version_is_a_gregorian_month(app, db):
    number = filed_online(app, db)
    client = login(app.test_client(), "doaboss")
    client.post("/lang/en", data={"next": "/"})
    row = consent_row(client.get(f"/cases/{number}", headers=EN))
    assert row.startswith("Agreed to the notice on the form, version of December 2026")
    assert "Personal Data Protection Act" in row


def test_a_case_registered_at_the_counter_has_no_consent_row(app, rt):
    receipt = make_case(app, rt)
    client = login(app.test_client(), "doaboss")
    page = client.get(f"/cases/{receipt.number}", headers=ZH).get_data(as_text=True)
    assert "路燈不亮" in page and "王小明" in page
    assert "個人資料蒐集同意" not in page and 'class="cp-consent"' not in page


def test_the_audit_trail_names_the_consent_in_words_not_keys(app, db):
    number = filed_online(app, db)
    client = login(app.test_client(), "admin")
    page = client.get(f"/admin/audit?case_number={number}&action=start", headers=ZH)
    row = htmllib.unescape(page.get_data(as_text=True).split("<tbody>")[1])
    assert "個人資料蒐集同意：✓" in row and "同意的告知文字：115年12月版" in row
    assert "consent_" not in row and "petition-2026-12" not in row
