"""A structure problem calls each element what the editor's panel calls it:
the words of engine/models/validation/xml_words.py are the zh-TW
translations of the panel's element types (edit.html's `types`)."""
from __future__ import annotations

from test_editor_attribute_words import editor_texts

from engine.models.validation.xml_words import ELEMENTS


def test_each_element_the_panel_names_has_the_panels_words(client_for):
    types = editor_texts(client_for("analyst").get("/models/petition/edit").get_data(as_text=True))["types"]
    for key, words in types.items():
        tag = key.split(":")[-1]
        tag = tag if key.startswith("dmn:") else tag[:1].lower() + tag[1:]
        if tag in ELEMENTS and not key.startswith("timer:"):
            assert ELEMENTS[tag][0] == words, (key, words, ELEMENTS[tag])
    assert sum(1 for k in types if k.split(":")[-1][:1].lower() + k.split(":")[-1][1:] in ELEMENTS) >= 30
