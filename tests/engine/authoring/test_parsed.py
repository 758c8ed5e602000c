"""The comparison page reads each file of both versions once: the element
changes, the re-indented text diff and the field names share one tree."""
from __future__ import annotations

from engine.authoring import diff, names, parsed
from engine.authoring.parsed import parse_files

from .test_diff import edited, petition


def _counting(monkeypatch) -> list:
    calls = []
    real = parsed.parse_xml

    def counted(data, name):
        calls.append(name)
        return real(data, name)
    monkeypatch.setattr(parsed, "parse_xml", counted)
    return calls


def test_each_file_is_parsed_once_for_changes_text_and_names(monkeypatch):
    calls = _counting(monkeypatch)
    old, new = parse_files(petition()), parse_files(edited())
    result = diff.compare(old, new)
    old_names, new_names = names.of(old), names.of(new)
    assert sorted(calls) == sorted(["petition.bpmn", "petition_routing.dmn"] * 2)
    # the same answers as from the raw files
    assert result == diff.compare(petition(), edited())
    assert new_names == names.of(edited()) and old_names == names.of(petition())
    assert "petitioner_phone" in new_names["register"].fields


def test_the_shared_tree_keeps_its_whitespace_for_the_next_reader():
    files = parse_files(petition())
    before = files["petition.bpmn"].root.findall(".//*")[5].tail
    diff.compare(files, files)   # the text diff indents a copy
    assert files["petition.bpmn"].root.findall(".//*")[5].tail == before


def test_a_refused_file_keeps_its_text_and_has_no_names():
    bomb = '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'
    files = parse_files({"bad.bpmn": bomb})
    assert files["bad.bpmn"].root is None and names.of(files) == {}
    assert diff.compare(files, {"bad.bpmn": bomb + " "}).files[0].status == "changed"
