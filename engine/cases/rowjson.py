"""JSON text of the stored workflow rows, with orjson where it gives what the
standard json module gives, and json for the rest.

orjson decodes and encodes several times faster, but differs at the edges:
it reads an integer past 64 bits as a float and refuses NaN, Infinity and
lone surrogates (json reads them); it writes NaN as null and writes UUIDs,
dates, enums and dataclasses that json refuses. Rows stay what json wrote
and reads: only the spelling of a float's exponent may differ (1e16, 1e+16).
"""
from __future__ import annotations

import json

import orjson

# orjson reads an integer past 64 bits as a float: text with a run of 19 digits
# goes to json. Found by mapping digits to "0", all else to "x" (bytes.translate
# costs half an orjson decode; a regular expression costs four).
_DIGITS = bytes(48 if 48 <= i <= 57 else 120 for i in range(256))
_LONG_RUN = b"0" * 19


def loads(text: str):
    """orjson where it reads as json does (several times faster); json for
    what only json reads (NaN, Infinity, lone surrogates) and long numbers."""
    try:
        raw = text.encode()
        if _LONG_RUN not in raw.translate(_DIGITS):
            return orjson.loads(raw)
    except (UnicodeEncodeError, orjson.JSONDecodeError):
        pass
    return json.loads(text)


def dumps(obj) -> str:
    """json.dumps(obj, compact, ensure_ascii=False), or the same value by orjson:
    its text is used only when it reads back equal to `obj` (so no NaN turned
    null, no UUID or date turned text); otherwise json writes it, or raises
    as it always did."""
    try:
        raw = orjson.dumps(obj)
    except TypeError:        # orjson.JSONEncodeError: keys not text, integers past 64 bits
        raw = None
    if raw is not None and orjson.loads(raw) == obj:
        return raw.decode()
    return json.dumps(obj, separators=(",", ":"), ensure_ascii=False)
