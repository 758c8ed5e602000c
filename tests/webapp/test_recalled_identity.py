"""Art. 170 on the step's recalled answers: a model whose step recalls the
petitioner's own fields (`show_fields="petitioner_name petitioner_contact"`,
deployed before the model check refused that) shows a confidential
petitioner's name to no co-handling agency's officer: the case file hands
the page no petitioner field (engine/cases/casefile.read), and the page
names none (webapp/casepanel.recalled)."""
from __future__ import annotations

import json

from sqlalchemy import select, update

from engine.cases import queries
from engine.data.schema import case, process_definition, task
from webapp import users
from webtest_support import PASSWORD, make_case

NAME, PHONE = "蘇祕密", "0987-654-321"
RECALLED = ["petitioner_name", "petitioner_contact", "category"]


def _recalling(db, case_id, element_id, names):
    """The stored model's step `element_id` recalls `names` (an old deployment)."""
    with db.begin() as conn:
        def_id = conn.execute(select(case.c.definition_id).where(case.c.id == case_id)).scalar()
        stored = json.loads(conn.execute(select(process_definition.c.meta).where(
            process_definition.c.id == def_id)).scalar())
        for proc in stored.values():
            if element_id in proc["tasks"]:
                proc["tasks"][element_id]["show_fields"] = names
        conn.execute(update(process_definition).where(process_definition.c.id == def_id)
                     .values(meta=json.dumps(stored, ensure_ascii=False)))
    queries.forget_definitions()


def _ready(db, case_id, element_id, agency):
    with db.connect() as conn:
        return conn.execute(select(task).where(
            task.c.case_id == case_id, task.c.element_id == element_id, task.c.state == "ready",
            task.c.candidate_agency == agency)).one()


def test_a_co_handling_officer_reads_no_confidential_name_a_step_recalls(app, rt, db, client_for):
    with db.begin() as conn:
        users.add_user(conn, "fire1", "FIRE", ["officer"], PASSWORD)
    receipt = make_case(app, rt, person={"name": NAME, "phone": PHONE}, confidential=True,
                        category="building_safety", district="D-SANMIN",
                        petitioner_name=NAME, petitioner_contact=PHONE)
    _recalling(db, receipt.case_id, "co_opinion_task", RECALLED)
    opinion = _ready(db, receipt.case_id, "co_opinion_task", "FIRE")
    client = client_for("fire1")
    client.post(f"/tasks/{opinion.id}/claim")
    page = client.get(f"/tasks/{opinion.id}")
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    recalled = html[html.index("本案先前登錄的內容"):]
    recalled = recalled[:recalled.index("</section>")]
    assert "建物公共安全" in recalled          # the step's other recalled answer, in words
    assert NAME not in html and PHONE not in html
    assert "陳情人姓名" not in recalled and "聯絡方式" not in recalled   # not even an empty row
    queries.forget_definitions()
