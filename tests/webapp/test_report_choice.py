"""/report?agency=: the period report covers the agency the viewer chose,
or all he may read (engine/report/scope.py, the deadline board's rule): 民政局's
chief reads his bureau and the 38 district offices under it, together or one
by one; the department's chief any agency, or the whole city for the
council. An agency outside his reach is refused in words beside the choice,
never answered with his own; the spreadsheet and the Word document follow
the same choice. March 2026 is tests/webapp/report_rows.py's, plus a
petition each for 民政局 and 楠梓區公所."""
from __future__ import annotations

import io
import re
from urllib.parse import quote

import pytest
from docx import Document

from test_report_agency import cover_of, file_name, head_of
from test_report_docx import march  # noqa: F401  (the fixture: March's rows)
from report_rows import DAY, rows
from webtest_support import PASSWORD, login, page_text

from webapp import users

MARCH = "from=2026-03-01&to=2026-03-31"


@pytest.fixture
def civil(app, db, march):  # noqa: F811
    """民政局's chief, with a petition of his bureau and one of 楠梓區公所 in March."""
    with db.begin() as conn:
        users.add_user(conn, "civil-chief", "CIVIL", ["supervisor", "officer"], PASSWORD)
        for code, category in (("CIVIL", "household_registration"), ("D-NANZI", "local_affairs")):
            rows.add_case(conn, "petition", DAY, {"due_at": "2026-03-20T17:00:00+08:00"}, status="open",
                          agency=code, channel="phone", category=category)
    return login(app.test_client(), "civil-chief")


def petition_agencies(html: str) -> list[str]:
    body = re.search(r'id="t-petitions-agency".*?<tbody>(.*?)</tbody>', html, re.S).group(1)
    return re.findall(r'<th scope="row">([^<]+)</th>', body)


def offered(html: str) -> list[str]:
    select = re.search(r'<select name="agency" id="report-agency"[^>]*>(.*?)</select>', html, re.S)
    return re.findall(r'<option value="([^"]*)"', select.group(1)) if select else []


def test_his_all_holds_his_bureau_and_the_districts_under_it(civil):
    html = civil.get(f"/report/?{MARCH}").get_data(as_text=True)
    assert sorted(petition_agencies(html)) == sorted(["民政局", "楠梓區公所"])
    head = page_text(head_of(html))
    assert "高雄市政府民政局" in head and "涵蓋範圍：民政局及所屬 38 個機關" in head
    choices = offered(html)
    assert choices[0] == "" and "我督導的全部機關" in html
    assert {"CIVIL", "D-NANZI", "D-YANCHENG"} <= set(choices) and "PWB" not in choices
    assert len(choices) == 40


def test_he_chooses_one_district_and_its_files_follow(civil):
    html = civil.get(f"/report/?{MARCH}&agency=D-NANZI").get_data(as_text=True)
    assert petition_agencies(html) == ["楠梓區公所"]
    assert '<p class="issuer" id="report-issuer">高雄市楠梓區公所</p>' in head_of(html)
    assert 'id="report-covers"' not in html
    assert '<option value="D-NANZI" selected>' in html
    for link in ("download-xlsx", "download-docx"):
        assert re.search(rf'id="{link}" href="[^"]*agency=D-NANZI', html), link
    sheet = civil.get(f"/report/report.xlsx?{MARCH}&agency=D-NANZI")
    assert cover_of(sheet)["機關"] == ["高雄市楠梓區公所"] and "涵蓋範圍" not in cover_of(sheet)
    assert file_name(sheet)[1] == quote("楠梓區公所定期報告_115年3月.xlsx")
    doc = Document(io.BytesIO(civil.get(f"/report/report.docx?{MARCH}&agency=D-NANZI").data))
    assert doc.paragraphs[0].text == "高雄市楠梓區公所定期報告"
    body = " ".join(c.text for t in doc.tables for r in t.rows for c in r.cells)
    assert "楠梓區公所" in body and "民政局" not in body


def test_his_all_in_the_spreadsheet_and_the_document_says_what_it_covers(civil):
    cover = cover_of(civil.get(f"/report/report.xlsx?{MARCH}"))
    assert cover["機關"] == ["高雄市政府民政局"] and cover["涵蓋範圍"] == ["民政局及所屬 38 個機關"]
    doc = Document(io.BytesIO(civil.get(f"/report/report.docx?{MARCH}").data))
    assert [p.text for p in doc.paragraphs][:3] == [
        "高雄市政府民政局定期報告", "中華民國115年3月", "涵蓋範圍：民政局及所屬 38 個機關"]


@pytest.mark.parametrize("path", ["/report/", "/report/report.xlsx", "/report/report.docx"])
def test_an_agency_outside_his_reach_is_refused_in_words_not_replaced(civil, path):
    resp = civil.get(f"{path}?{MARCH}&agency=PWB")
    assert resp.status_code == 403 and resp.mimetype == "text/html"
    html = resp.get_data(as_text=True)
    text = page_text(html)
    assert "工務局不在您可查看報表的機關範圍內。 請從上方清單選擇機關。" in text
    assert 'class="report-head"' not in html                                   # not his own instead
    assert "D-NANZI" in offered(html)                                          # the choice beside it
    assert 'value="115/03/01"' in html and 'value="115/03/31"' in html         # the dates he asked


def test_an_agency_that_does_not_exist_is_a_400_naming_it(civil):
    resp = civil.get(f"/report/?{MARCH}&agency=%3Cb%3EXYZ")
    assert resp.status_code == 400
    html = resp.get_data(as_text=True)
    assert "找不到機關「<b>XYZ」。 請從上方清單選擇機關。" in page_text(html)
    assert "<b>XYZ" not in html                                                 # escaped
    assert 'aria-invalid="true" aria-describedby="report-agency-error"' in html


def test_the_department_s_chief_chooses_any_agency_and_gets_its_report(client_for, march):  # noqa: F811
    boss = client_for("doaboss")
    html = boss.get(f"/report/?{MARCH}&agency=PWB").get_data(as_text=True)
    assert petition_agencies(html) == ["工務局"]
    assert '<p class="issuer" id="report-issuer">高雄市政府工務局</p>' in head_of(html)
    assert 'id="sec-audits"' not in html and 'id="edit-prose"' not in html
    assert "下載定期報告（Word）" in html and "下載議會業務報告" not in html
    assert "/report/?preset=last_month&amp;agency=PWB" in html                   # presets keep it
    doc = boss.get(f"/report/report.docx?{MARCH}&agency=PWB")
    assert file_name(doc)[0] == "PWB-period-report-1150301-1150331.docx"       # not the council's
    whole = boss.get(f"/report/?{MARCH}").get_data(as_text=True)
    assert offered(whole)[0] == "" and "全市（全部機關）" in whole and "EPB" in offered(whole)
    assert "涵蓋範圍：全部機關" in page_text(head_of(whole)) and 'id="edit-prose"' in whole


def test_a_supervisor_of_one_agency_has_nothing_to_choose_and_no_other(client_for, march):  # noqa: F811
    boss = client_for("pwbboss")
    html = boss.get(f"/report/?{MARCH}").get_data(as_text=True)
    assert offered(html) == [] and petition_agencies(html) == ["工務局"]
    assert boss.get(f"/report/?{MARCH}&agency=PWB").status_code == 200
    refused = boss.get(f"/report/?{MARCH}&agency=EPB")
    assert refused.status_code == 403
    html = refused.get_data(as_text=True)
    assert "環境保護局不在您可查看報表的機關範圍內。 改看本機關同期間的報表" in page_text(html)
    assert 'href="/report/?from=2026-03-01&amp;to=2026-03-31" id="report-own"' in html
    presets = re.search(r'<span class="presets">(.*?)</span>', html, re.S).group(1)
    assert "preset=month" in presets and "EPB" not in presets                   # they drop it
