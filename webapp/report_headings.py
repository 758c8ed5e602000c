"""The council report's headings in the reader's language: the prose editor
(/report/prose) and the audit trail name the report's parts and sections by
them. zh-TW reads the document's own headings (engine/report/layout.py; the
catalogue's translations are those words), English its own; numbered as
each language numbers (一、 (一) against 1. (1)). The Word document for the
council stays the department's Chinese document."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l

from engine.report import layout

from .i18n import current_locale

PARTS = {layout.PART_ONE: _l("Part one: the main work of the period"),
         layout.PART_TWO: _l("Part two: closing words")}

# By the chapter's Chinese heading (a chapter has no key of its own).
CHAPTERS = {
    "暖心高雄、邁向全球": _l("A caring Kaohsiung reaching out to the world"),
    "建構友善公務環境": _l("A friendly place to work for the city"),
    "文書檔案資訊化": _l("Documents and records in digital form"),
    "職工平權合理化": _l("Fair and sound staffing"),
    "健全消費者保護機制": _l("Sound consumer protection"),
    "精進服務品質": _l("Better service to citizens"),
}

SECTIONS = {
    "opening": _l("Opening"),
    "closing": _l("Closing words"),
    "international": _l("International exchange and friendship with other cities"),
    "visitors": _l("Kaohsiung's network of city exchanges"),
    "repairs": _l("Safe and friendly premises"),
    "cleaning": _l("Keeping the premises clean"),
    "venues": _l("Managing and lending the meeting venues"),
    "document_exchange": _l("Better and safer information services"),
    "transparency": _l("Open and transparent government"),
    "audits": _l("Records-management expertise"),
    "council": _l("Coordination among the city's agencies"),
    "temp_staff": _l("Sound management of temporary staff"),
    "vehicles": _l("Better management of official cars"),
    "consumer_committee": _l("The city's consumer protection committee, defending consumers' rights"),
    "consumer": _l("Consumer consultations, complaints and mediation"),
    "inspections": _l("Inspections of shops, their premises and goods"),
    "petitions": _l("Prompt answers to citizens' petitions"),
    "phone_courtesy": _l("Telephone service quality and courtesy tests"),
}


def _english() -> bool:
    return current_locale() == "en"


def part(heading: str) -> str:
    """壹、重要業務執行狀況 or its English."""
    return str(PARTS[heading]) if _english() else heading


def section_name(key: str) -> str:
    """A section's heading without its number, or its key when unknown."""
    said = SECTIONS.get(key)
    return str(said) if said is not None else key


def chapter_heading(index: int, chapter: layout.Chapter) -> str:
    if not _english():
        return layout.chapter_heading(index, chapter)
    return f"{index + 1}. {CHAPTERS[chapter.heading]}"


def section_heading(index: int, section: layout.Section) -> str:
    if not _english():
        return layout.section_heading(index, section)
    return f"({index + 1}) {SECTIONS[section.key]}"
