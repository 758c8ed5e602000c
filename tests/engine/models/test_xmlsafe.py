import pytest

from engine.models.xmlsafe import XmlRefused, parse_xml

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<lolz>&lol3;</lolz>"""

XXE = b"""<?xml version="1.0"?>
<!DOCTYPE foo [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<foo>&xxe;</foo>"""


def test_parses_plain_xml():
    root = parse_xml(b'<?xml version="1.0" encoding="UTF-8"?>\n<a><b>\xe9\x99\xb3\xe6\x83\x85</b></a>', "a.xml")
    assert root.tag == "a" and root[0].text == "陳情"


@pytest.mark.parametrize("data", [BILLION_LAUGHS, XXE])
def test_refuses_entity_declarations(data):
    with pytest.raises(XmlRefused) as info:
        parse_xml(data, "evil.bpmn")
    assert "DOCTYPE" in info.value.message_en and info.value.message_zh
    assert info.value.line == 2


def test_refuses_doctype_in_utf16():
    data = '<?xml version="1.0" encoding="UTF-16"?>\n<!DOCTYPE a [<!ENTITY e "x">]>\n<a>&e;</a>'
    with pytest.raises(XmlRefused, match="DOCTYPE"):
        parse_xml(data.encode("utf-16"), "u16.bpmn")


def test_refuses_undecodable_bytes_with_line():
    with pytest.raises(XmlRefused) as info:
        parse_xml(b'<?xml version="1.0" encoding="UTF-8"?>\n<a>\n\xff\xfe</a>', "bad.bpmn")
    assert info.value.line == 3
    assert "UTF-8" in info.value.message_en


def test_refuses_malformed_and_empty():
    with pytest.raises(XmlRefused, match="well-formed") as info:
        parse_xml(b"<a>\n<b></a>", "m.bpmn")
    assert info.value.line == 2
    with pytest.raises(XmlRefused, match="empty"):
        parse_xml(b"  \n", "e.bpmn")


def test_refuses_oversized_input():
    with pytest.raises(XmlRefused, match="larger"):
        parse_xml(b"<a>" + b"x" * 2000 + b"</a>", "big.bpmn", max_bytes=1000)
