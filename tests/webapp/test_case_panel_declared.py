"""The case panel's petition rows follow the model, not a process key: the
來文語言 row appears where the case's model asks the language, and the person
is a 陳情人 unless the model names its own fields for them (a consumer's
當事人, `<civicflow:start petitioner=...>`)."""
from __future__ import annotations

import re

from webtest_support import CLERK, make_case, petition_files, ready_task, registration

LANGUAGE = re.compile(r'<civicflow:field name="language" .*?</civicflow:field>')


def _facts(client, number: str) -> str:
    page = client.get(f"/cases/{number}").get_data(as_text=True)
    return page[page.index('id="cp-facts-h"'):page.index("</dl>", page.index('id="cp-facts-h"'))]


def test_a_petition_asks_its_language_and_names_its_petitioner(app, rt, client_for):
    receipt = make_case(app, rt)
    facts = _facts(client_for("pwb1"), receipt.number)
    assert "來文語言" in facts and "中文" in facts
    assert "陳情人" in facts and "當事人" not in facts and "王小明" in facts


def test_a_model_that_no_longer_asks_the_language_has_no_language_row(app, rt, client_for):
    files = petition_files()
    xml = files["petition.bpmn"].decode()
    assert LANGUAGE.search(xml)
    files["petition.bpmn"] = LANGUAGE.sub("", xml).encode()
    rt.deploy(files)                                  # the same process key, `petition`
    receipt = _registered_without_language(app, rt)
    facts = _facts(client_for("pwb1"), receipt.number)
    assert "來文語言" not in facts and "書面" in facts   # the channel row stays
    assert "陳情人" in facts


def _registered_without_language(app, rt):
    from webapp import petitions
    data = {k: v for k, v in registration().items() if k != "language"}
    with app.app_context():
        receipt = petitions.start(rt, data, actor=CLERK, person={"name": "王小明", "phone": "0912345678"})
        reg = ready_task(rt, receipt.case_id, "register")
        rt.claim(reg.id, CLERK)
        rt.complete(reg.id, CLERK, data)
    return receipt
