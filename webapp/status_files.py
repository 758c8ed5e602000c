"""The citizen's own files and 補正 on the status page, by when they came:
those sent with the petition, then each answered supplement with what was
asked, the citizen's words and the files sent with them (the same file name
twice is then two sendings, each said when)."""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.cases import queries, supplements


@dataclass
class Answered:
    row: object                       # the supplement_request, answered
    files: list = field(default_factory=list)


def grouped(conn, case_id: int) -> tuple[list, list[Answered]]:
    """(the files sent with the petition, the answered supplements oldest
    first): a file belongs to the latest supplement answered at or before
    it was stored (an answer and its files are stored by one command)."""
    answered = [Answered(s) for s in supplements.history(conn, case_id) if s.answered_at]
    first = []
    for f in queries.attachments(conn, case_id):
        if f.uploaded_by != supplements.PETITIONER.username:
            continue
        owner = next((a for a in reversed(answered) if a.row.answered_at <= f.at), None)
        (owner.files if owner else first).append(f)
    return first, answered
