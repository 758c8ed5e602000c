"""/report: the council's report (every agency, its document and wording)
is the department's supervisors' and the administrators'; the department's
analyst reads the department's own rows, as any agency's staff do."""
from __future__ import annotations

import re

from test_report import MARCH, cases  # noqa: F401  (the fixture: March's cases)


def agencies_of(html: str) -> str:
    return re.search(r'id="t-petitions-agency".*?<tbody>(.*?)</tbody>', html, re.S).group(1)


def test_the_department_s_supervisor_reads_every_agency(client_for, cases):  # noqa: F811
    html = client_for("doaboss").get(MARCH).get_data(as_text=True)
    assert "工務局" in agencies_of(html) and "環境保護局" in agencies_of(html)
    assert 'id="sec-consumer"' in html and 'id="download-docx"' in html


def test_a_department_analyst_reads_only_the_department_s_rows(client_for, cases):  # noqa: F811
    client = client_for("analyst")
    html = client.get(MARCH).get_data(as_text=True)
    assert "工務局" not in agencies_of(html) and "環境保護局" not in agencies_of(html)
    assert 'id="sec-consumer"' not in html and 'id="sec-audits"' not in html
    assert 'id="download-docx"' not in html and 'id="edit-prose"' not in html
    assert client.get("/report/report.docx").status_code == 403
    assert client.get("/report/prose").status_code == 403
