"""Why the photos on the public petition form were refused, kept as a
reason and the file's name, not as words: the page says it in the viewer's
language when it is shown, and the language switch carries it, since the
refused files themselves are never sent again (static/js/language-keeps-form.js)."""
from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from . import attachments, upload_limits

MAX_FILES = 5
REASONS = ("count", "size", "empty", "type")
NAMED = ("empty", "type")          # said with the file's name
FIELD = "photos_refused"           # the form's hidden inputs carrying a refusal shown
NAME_FIELD = "photos_refused_name"


@dataclass(frozen=True)
class Refusal:
    reason: str                    # one of REASONS
    name: str = ""                 # the file refused, as shown (NAMED reasons)

    @classmethod
    def of(cls, reason: str, filename: str = "") -> "Refusal":
        """A refusal for `reason`, naming the file only where the reason says it."""
        return cls(reason, attachments.display_name(filename) if reason in NAMED else "")

    def __str__(self) -> str:
        """The words beside the field, in the viewer's language (a "size"
        refusal names the app's own limit, the only one a form has)."""
        if self.reason == "count":
            return _("Please attach at most %(n)s files.", n=MAX_FILES)
        if self.reason == "size":
            return upload_limits.message()
        if self.reason == "empty":
            return _("The file %(name)s is empty.", name=self.name)
        return _("%(name)s cannot be attached: only photos (JPEG, PNG) and PDF files.",
                 name=self.name)


def of(files: list, max_bytes: int) -> Refusal | None:
    """Why these (filename, bytes) are refused: too many, too large
    together, or the first file that is empty or not a photo or PDF."""
    if len(files) > MAX_FILES:
        return Refusal("count")
    if sum(len(data) for _name, data in files) > max_bytes:
        return Refusal("size")
    for name, data in files:
        try:
            attachments.check(name, data, max_bytes, attachments.PUBLIC_TYPES)
        except attachments.Refused as exc:
            return Refusal.of(str(exc), name)
    return None


def carried(form) -> Refusal | None:
    """The refusal a form switched to another language was showing (its
    hidden inputs), or None; only a known reason, the name as a name."""
    reason, name = form.get(FIELD, ""), form.get(NAME_FIELD, "").strip()[:200]
    if reason not in REASONS or (reason in NAMED and not name):
        return None
    return Refusal.of(reason, name)
