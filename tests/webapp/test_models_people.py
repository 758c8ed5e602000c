"""The model pages name people, not accounts: the editor's "saved by" and the
version list's draft line read the display name (張分析師), never `analyst`."""
from __future__ import annotations

from sqlalchemy import update
from webtest_support import petition_files

from engine.data.schema import app_user


def test_the_draft_says_who_saved_it_by_name(app, db, client_for):
    with db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == "analyst").values(display_name="張分析師"))
    analyst = client_for("analyst")
    files = {n: d.decode() for n, d in petition_files().items()}
    assert analyst.put("/models/petition/draft", json={"files": files}).status_code == 200
    draft = analyst.get("/models/petition/draft").json
    assert draft["updated_by"] == "analyst" and draft["updated_by_name"] == "張分析師"
    page = analyst.get("/models/petition/versions").get_data(as_text=True)
    assert "最後由 張分析師 於" in page and "最後由 analyst" not in page

