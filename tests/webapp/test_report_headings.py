"""webapp/report_headings.py: the council report's part, chapter and section
headings in the reader's language on the wording page (/report/prose) and
in the audit trail; zh-TW reads the document's own headings. Beside each
text the page says in words what each figure it names counts."""
from __future__ import annotations

import re

from engine.report import layout

MARCH = "from=2026-03-01&to=2026-03-31"


def _english(client):
    client.post("/lang/en", data={"next": "/"})
    return client


def _labels(html: str) -> list[str]:
    """The page's headings: parts, chapters' legends and the fields' labels."""
    found = re.findall(r"<(?:h2|legend|label for=\"prose-[a-z_]+\")>([^<]*)<", html)
    return [h for h in found if h]


def test_an_english_reader_sees_english_headings(client_for):
    html = _english(client_for("doaboss")).get(f"/report/prose?{MARCH}").get_data(as_text=True)
    heads = _labels(html)
    assert "Part one: the main work of the period" in heads and "Part two: closing words" in heads
    assert "5. Sound consumer protection" in heads
    assert "(2) Consumer consultations, complaints and mediation" in heads
    assert heads[0] == "Opening" and "Closing words" in heads
    assert not [h for h in heads if re.search(r"[\u4e00-\u9fff]", h)], heads


def test_zh_tw_reads_the_documents_own_headings(client_for):
    heads = _labels(client_for("doaboss").get(f"/report/prose?{MARCH}").get_data(as_text=True))
    expected = [layout.chapter_heading(i, ch) for i, ch in enumerate(layout.CHAPTERS)]
    expected += [layout.section_heading(j, s) for ch in layout.CHAPTERS
                 for j, s in enumerate(ch.sections)]
    expected += [layout.PART_ONE, layout.PART_TWO, layout.OPENING.heading, layout.CLOSING.heading]
    assert set(expected) <= set(heads)


def test_the_audit_trail_names_a_saved_section_in_the_readers_language(client_for):
    boss = client_for("doaboss")
    boss.post(f"/report/prose?{MARCH}", data={"prose-vehicles": "本期派車 {car_trips} 車次。"})
    admin = client_for("admin")
    zh = admin.get("/admin/audit?action=report_prose_saved").get_data(as_text=True)
    assert "強化車輛管理" in zh
    en = _english(admin).get("/admin/audit?action=report_prose_saved").get_data(as_text=True)
    assert "Better management of official cars" in en and "強化車輛管理" not in en


def test_each_text_says_in_words_what_its_figures_count(client_for):
    client = client_for("doaboss")
    client.post(f"/report/prose?{MARCH}", data={"prose-consumer": "調解 {mediations_held} 件，開會 {mediation_sessions} 場。"})
    html = client.get(f"/report/prose?{MARCH}").get_data(as_text=True)
    used = re.search(r'id="prose-consumer-figures">(.*?)</p>', html, re.S).group(1)
    assert "本段文字用到的數字" in used
    assert "有召開調解會議的調解件數（一件開會兩次仍計一件）" in used
    assert "召開調解場次（一件調解開會兩次計兩場）" in used
    assert 'aria-describedby="prose-consumer-kept prose-consumer-figures"' in html
    en = _english(client).get(f"/report/prose?{MARCH}").get_data(as_text=True)
    used = re.search(r'id="prose-consumer-figures">(.*?)</p>', en, re.S).group(1)
    assert "mediations with a session held (a mediation meeting twice counts once)" in used
