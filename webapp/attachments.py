"""Attachment files: checked for size and type, stored under ATTACHMENT_DIR by
content hash (never in the database row), described by an `attachment` row."""
from __future__ import annotations

import hashlib
import os
import secrets
import unicodedata
from datetime import datetime
from pathlib import Path

from sqlalchemy import insert

from engine.data.schema import attachment

# Types an officer needs for petitions; what the file starts with must agree,
# so an executable renamed to .pdf is refused.
ALLOWED = {
    ".pdf": ("application/pdf", (b"%PDF",)),
    ".png": ("image/png", (b"\x89PNG",)),
    ".jpg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": ("image/jpeg", (b"\xff\xd8\xff",)),
    ".txt": ("text/plain", None),
    ".docx": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", (b"PK",)),
    ".xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (b"PK",)),
    ".odt": ("application/vnd.oasis.opendocument.text", (b"PK",)),
}


# What a citizen may attach on the public form: photos and scanned letters.
PUBLIC_TYPES = (".jpg", ".jpeg", ".png", ".pdf")
# Photos a page shows in place (a thumbnail), by the bytes each must start with:
# never a type a browser would run (SVG, HTML).
PHOTOS = {"image/jpeg": b"\xff\xd8\xff", "image/png": b"\x89PNG"}


class Refused(ValueError):
    pass


def display_name(filename: str) -> str:
    """The name people see (路燈.jpg stays 路燈.jpg): no folders, no control
    characters, at most 200 characters. It never names a file on disk (files
    are stored by content hash), so it need not be ASCII."""
    base = (filename or "").replace("\\", "/").rsplit("/", 1)[-1]
    base = "".join(ch for ch in unicodedata.normalize("NFC", base)
                   if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    ext = Path(base).suffix.lower()
    if len(base) > 200:
        base = base[:200 - len(ext)] + ext
    return base or "file"


def check(filename: str, data: bytes, max_bytes: int,
          allowed: tuple[str, ...] | None = None) -> tuple[str, str]:
    """Return (name to show, content type) or raise Refused with the reason."""
    name = display_name(filename)
    ext = Path(filename).suffix.lower()
    if ext not in ALLOWED or (allowed is not None and ext not in allowed):
        raise Refused("type")
    if not data:
        raise Refused("empty")
    if len(data) > max_bytes:
        raise Refused("size")
    ctype, magic = ALLOWED[ext]
    if magic and not data.startswith(magic):
        raise Refused("type")
    if magic is None and b"\0" in data[:4096]:
        raise Refused("type")
    if not name.lower().endswith(ext):
        name = f"{Path(name).stem or 'file'}{ext}"
    return name, ctype


def store(conn, root: str, case_id: int, filename: str, data: bytes, user: str,
          now: datetime, max_bytes: int) -> int:
    name, ctype = check(filename, data, max_bytes)
    digest, key = write_blob(root, data)
    return conn.execute(insert(attachment).values(
        case_id=case_id, filename=name, content_type=ctype, size=len(data), sha256=digest,
        storage_key=key, uploaded_by=user, at=now)).inserted_primary_key[0]


def write_blob(root: str, data: bytes) -> tuple[str, str]:
    """Write the bytes under their content hash (once); return (sha256, storage key)."""
    digest = hashlib.sha256(data).hexdigest()
    key = f"{digest[:2]}/{digest}"
    path = Path(root) / key
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{digest}.{secrets.token_hex(4)}")
        tmp.write_bytes(data)
        os.replace(tmp, path)  # atomic: a reader never sees half a file
    return digest, key


def is_photo(content_type: str | None) -> bool:
    """Whether a stored file is shown as a thumbnail rather than a link."""
    return content_type in PHOTOS


def photo_type(content_type: str | None, path: Path) -> str | None:
    """The type a stored file is sent inline under: its own when it is a JPEG
    or PNG whose first bytes say so, else None (it is only downloaded)."""
    magic = PHOTOS.get(content_type or "")
    if magic is None:
        return None
    try:
        with open(path, "rb") as f:
            return content_type if f.read(len(magic)) == magic else None
    except OSError:   # gone from the disk: nothing to show
        return None


def path_of(root: str, storage_key: str) -> Path:
    path = (Path(root) / storage_key).resolve()
    if Path(root).resolve() not in path.parents:
        raise Refused("path")
    return path
