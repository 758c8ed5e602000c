"""The deadline board exports whole weeks; beside its downloads a supervisor
finds the way to last month's period report for his director (Word and
Excel), for his own agency (webapp/templates/board/index.html)."""
from __future__ import annotations

import re

from webtest_support import page_text

LINK = re.compile(r'<a id="month-report" href="([^"]+)">([^<]+)</a>')


def test_the_board_links_the_supervisor_to_last_months_period_report(client_for):
    boss = client_for("pwbboss")
    html = boss.get("/board/").get_data(as_text=True)
    [(href, words)] = LINK.findall(html)
    assert words == "整月報表（Word／Excel）請見定期報告"
    assert href == "/report/?preset=last_month"
    start = html.index('class="board-exports"')
    exports = html[start:html.index("</span>", start)]
    assert 'id="export-xlsx"' in exports and 'id="month-report"' in exports   # beside them
    report = boss.get(href)
    assert report.status_code == 200
    text = page_text(report.get_data(as_text=True))
    # The test clock's today is 民國115年3月2日: last month is February, his agency's.
    assert "期間：民國115年2月1日–115年2月28日" in text, text[:600]
    assert "高雄市政府工務局" in text
    assert 'id="download-docx"' in report.get_data(as_text=True)


def test_the_link_speaks_english_to_an_english_reader(client_for):
    boss = client_for("pwbboss")
    boss.post("/lang/en", data={"next": "/board/"})
    [(_href, words)] = LINK.findall(boss.get("/board/").get_data(as_text=True))
    assert words == "The whole month’s report (Word/Excel) is in the period report"


def test_the_link_carries_the_board_s_agency_filter(client_for):
    """The department's chief reading 工務局's row on the board gets 工務局's
    month, not the whole city's nor his own (test_report_choice.py: the report's side)."""
    boss = client_for("doaboss")
    [(href, _words)] = LINK.findall(boss.get("/board/?agency=PWB").get_data(as_text=True))
    assert href == "/report/?preset=last_month&amp;agency=PWB"
    report = boss.get(href.replace("&amp;", "&")).get_data(as_text=True)
    assert '<p class="issuer" id="report-issuer">高雄市政府工務局</p>' in report
    assert '<option value="PWB" selected>' in report
    [(everyone, _words)] = LINK.findall(boss.get("/board/").get_data(as_text=True))
    assert everyone == "/report/?preset=last_month"      # all he supervises: the whole city's
