"""Cases a case's own texts cite by number: a subject such as 「與案號
115-000123 同一路段」, the petitioner's words or the reply. The pages link
each such number the viewer may open and list those cases among the related
ones (內文提及); a number the viewer may not open reads as plain text, as one
that does not exist would (its existence is not disclosed). The titles of the
related cases the page lists link their numbers by the same rule."""
from __future__ import annotations

import re

from . import queries

# engine/models/forms.py CASE_NUMBER, found inside text: 115-000123, not part
# of a longer run of digits and hyphens (a phone number, an ISO date).
NUMBER = re.compile(r"(?<![0-9-])[0-9]{2,3}-[0-9]{6}(?![0-9-])")
KIND = "cited"


def numbers_in(*texts) -> list[str]:
    """The case numbers the texts name, each once, in the order first named."""
    found = (m.group(0) for text in texts if text for m in NUMBER.finditer(str(text)))
    return list(dict.fromkeys(found))


def cited_cases(conn, viewer: queries.Viewer, case_row, texts) -> list[dict]:
    """The other cases `texts` (of `case_row`, as the viewer reads them) cite
    that the viewer may open, in the order first named: one statement."""
    numbers = [n for n in numbers_in(*texts) if n != case_row.number]
    rows = {r.number: r for r in queries.visible_numbers(conn, viewer, numbers)}
    return [dict(number=n, title=rows[n].title, status=rows[n].status,
                 confidential=rows[n].confidential, kind=KIND) for n in numbers if n in rows]


def openable(conn, viewer: queries.Viewer, texts, known=frozenset()) -> frozenset:
    """`known` (numbers the viewer may open) with those `texts` name that the
    viewer may open: one statement for the numbers not known, none when none."""
    numbers = [n for n in numbers_in(*texts) if n not in known]
    if not numbers:
        return frozenset(known)
    return frozenset(known) | {r.number for r in queries.visible_numbers(conn, viewer, numbers)}
