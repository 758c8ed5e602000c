"""A model version's files parsed once, for the pages that read them several
ways (the comparison: its element changes, its text diff and the names of
its fields): {filename: Parsed}. A file the XML guard refuses keeps its bytes
and no tree."""
from __future__ import annotations

from typing import NamedTuple

from engine.models.xmlsafe import XmlRefused, parse_xml


class Parsed(NamedTuple):
    root: object | None       # None when the XML was refused
    data: bytes


def parse_files(files: dict) -> dict[str, Parsed]:
    """`files`: {filename: xml (str or bytes)}, or already parsed (kept as it is)."""
    return {name: _parsed(name, xml) for name, xml in files.items()}


def _parsed(name: str, xml) -> Parsed:
    if isinstance(xml, Parsed):
        return xml
    data = xml.encode("utf-8") if isinstance(xml, str) else xml
    try:
        return Parsed(parse_xml(data, name), data)
    except XmlRefused:
        return Parsed(None, data)
