"""/report: the council's report (every agency, its document and wording)
is for those who write it (engine/board/scope.reads_city_report): the
department's supervisors and analysts, the research and evaluation
commission's (研考會, RDEC) supervisors and analysts, and the administrators;
another agency's supervisor reads that agency's own rows, and its own document."""
from __future__ import annotations

import re

import pytest

from test_report import MARCH, cases  # noqa: F401  (the fixture: March's cases)
from webtest_support import PASSWORD, login

from webapp import users


def agencies_of(html: str) -> str:
    return re.search(r'id="t-petitions-agency".*?<tbody>(.*?)</tbody>', html, re.S).group(1)


@pytest.fixture
def sign_in(app, db):
    """`sign_in(agency, roles)`: a client signed in as a new user of that agency."""
    def make(code, roles):
        name = f"{code.lower()}-{'-'.join(roles)}"
        with db.begin() as conn:
            users.add_user(conn, name, code, roles, PASSWORD)
        return login(app.test_client(), name)
    return make


def reads_the_council_report(client) -> None:
    html = client.get(MARCH).get_data(as_text=True)
    assert "工務局" in agencies_of(html) and "環境保護局" in agencies_of(html)
    assert 'id="sec-consumer"' in html and 'id="sec-audits"' in html
    assert 'id="download-docx"' in html and 'id="edit-prose"' in html
    assert client.get("/report/report.docx").status_code == 200
    assert client.get("/report/prose").status_code == 200


def test_the_department_s_supervisor_reads_every_agency(client_for, cases):  # noqa: F811
    reads_the_council_report(client_for("doaboss"))


def test_the_department_s_analyst_writes_the_council_report(client_for, cases):  # noqa: F811
    reads_the_council_report(client_for("analyst"))


def test_rdec_s_supervisor_writes_the_council_report(sign_in, cases):  # noqa: F811
    reads_the_council_report(sign_in("RDEC", ["supervisor"]))


def test_rdec_s_officer_tracks_every_agency(sign_in, cases):  # noqa: F811
    """研考會's officers track every agency's on-time rate (journeys.md): the
    navigation offers the report and it is the whole city's."""
    client = sign_in("RDEC", ["officer"])
    assert "定期報告" in client.get("/inbox").get_data(as_text=True)
    reads_the_council_report(client)


def test_another_agency_s_officer_has_no_report(sign_in, cases):  # noqa: F811
    client = sign_in("EPB", ["officer"])
    assert client.get(MARCH).status_code == 403
    assert "定期報告" not in client.get("/inbox").get_data(as_text=True)


def test_another_agency_s_supervisor_reads_only_its_rows(sign_in, cases):  # noqa: F811
    client = sign_in("EPB", ["supervisor"])
    html = client.get(MARCH).get_data(as_text=True)
    assert "環境保護局" in agencies_of(html) and "工務局" not in agencies_of(html)
    assert 'id="sec-consumer"' not in html and 'id="sec-audits"' not in html
    assert 'id="edit-prose"' not in html and "下載議會業務報告" not in html
    # Its own document (test_report_agency.py), never the council's.
    doc = client.get("/report/report.docx?from=2026-03-01&to=2026-03-31")
    assert doc.status_code == 200
    assert 'filename="EPB-period-report-1150301-1150331.docx"' in doc.headers["Content-Disposition"]
    assert client.get("/report/prose").status_code == 403
    assert client.post("/report/prose", data={"prose-closing": "x"}).status_code == 403
