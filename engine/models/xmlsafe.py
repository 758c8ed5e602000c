"""Parse untrusted XML (BPMN/DMN uploads) without entities, DTDs or network.

lxml resolves entities and may fetch external DTDs by default; a model from a
modeller is untrusted input, so every upload goes through `parse_xml`.
"""
import re

from lxml import etree

MAX_BYTES = 5 * 1024 * 1024

# Checked on the raw bytes first (cheap, catches ASCII-compatible encodings),
# then on the parsed tree's docinfo (catches UTF-16 and friends).
_DECLARATIONS = (b"<!DOCTYPE", b"<!ENTITY")


class XmlRefused(ValueError):
    """The XML was not accepted; messages are for the person who uploaded it."""

    def __init__(self, message_en: str, message_zh: str, line: int | None = None):
        super().__init__(message_en)
        self.message_en = message_en
        self.message_zh = message_zh
        self.line = line


def _parser() -> etree.XMLParser:
    # A parser is cheap to build and lxml parsers are not thread-safe to share.
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False,
        dtd_validation=False, huge_tree=False, remove_blank_text=False,
    )


def _refuse_declarations(data: bytes) -> None:
    for marker in _DECLARATIONS:
        at = data.find(marker)
        if at >= 0:
            line = data.count(b"\n", 0, at) + 1
            raise XmlRefused(
                "DOCTYPE and ENTITY declarations are not allowed in a model",
                "模型檔不得含有 DOCTYPE 或 ENTITY 宣告", line)


def parse_xml(data: bytes, name: str = "", max_bytes: int = MAX_BYTES):
    """Return the root element of `data`, or raise XmlRefused."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > max_bytes:
        raise XmlRefused(
            f"{name or 'file'} is larger than {max_bytes // (1024 * 1024)} MB",
            f"{name or '檔案'} 超過 {max_bytes // (1024 * 1024)} MB 上限")
    if not data.strip():
        raise XmlRefused("the file is empty", "檔案是空的", 1)
    _refuse_declarations(data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as err:
        raise _syntax_refusal(err) from None
    except (ValueError, LookupError) as err:  # e.g. an unknown encoding name
        raise XmlRefused(f"unreadable XML: {err}", "無法讀取的 XML（編碼或內容無法辨識）", 1) from None
    if root.getroottree().docinfo.doctype:
        raise XmlRefused(
            "DOCTYPE declarations are not allowed in a model",
            "模型檔不得含有 DOCTYPE 宣告", 1)
    return root


def _syntax_refusal(err: etree.XMLSyntaxError) -> XmlRefused:
    text = str(err.msg or err).strip()
    line = err.lineno or (err.position[0] if err.position else None)
    lower = text.lower()
    if "encoding" in lower or "utf-8" in lower or "bytes" in lower and "char" in lower:
        return XmlRefused(
            f"the file is not in a readable text encoding (UTF-8 expected): {text}",
            "檔案編碼無法辨識（應為 UTF-8）", line)
    return XmlRefused(f"the XML is not well-formed: {text}", f"XML 格式錯誤：{_syntax_zh(text)}", line)


# lxml's most frequent well-formedness errors in zh-TW (its text is English).
_SYNTAX_ZH = (
    (r"^Opening and ending tag mismatch: (\S+) line \d+ and (\S+?),", "開始標籤「{0}」與結束標籤「{1}」不成對"),
    (r"^Premature end of data in tag (\S+)", "檔案在標籤「{0}」之後就結束了，可能少了結束標籤"),
    (r"^AttValue: \" or ' expected|^attributes construct error", "屬性值須以引號括住"),
    (r"^Attribute (\S+) redefined", "屬性「{0}」重複"),
    (r"^Extra content at the end of the document", "文件結尾有多餘的內容"),
    (r"^EntityRef: expecting ';'|^xmlParseEntityRef", "「&」須寫成 &amp;"),
    (r"^StartTag: invalid element name|^Couldn't find end of Start Tag", "標籤的寫法不正確"),
    (r"^Start tag expected|^Document is empty", "找不到 XML 的開始標籤"),
)


def _syntax_zh(text: str) -> str:
    for pattern, zh in _SYNTAX_ZH:
        found = re.search(pattern, text)
        if found:
            return zh.format(*found.groups())
    return "請檢查標籤是否成對、屬性值是否加上引號"
