"""Parse untrusted XML (BPMN/DMN uploads) without entities, DTDs or network.

lxml resolves entities and may fetch external DTDs by default; a model from a
modeller is untrusted input, so every upload goes through `parse_xml`.
"""
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
        raise XmlRefused(f"unreadable XML: {err}", f"無法讀取的 XML：{err}", 1) from None
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
            f"檔案編碼無法辨識（應為 UTF-8）：{text}", line)
    return XmlRefused(f"the XML is not well-formed: {text}",
                      f"XML 格式錯誤：{text}", line)
