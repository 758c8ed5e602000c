"""The drafted reply an intake clerk delivers by hand (the petition model's
`deliver_reply`: the petitioner has no e-mail address on file), shown on the
task page so it can be read out on the phone or mailed."""
from __future__ import annotations

from engine.cases import queries


def reply_to_deliver(conn, case_row, locale: str, reply: dict | None = None) -> dict | None:
    """The reply of an open case that was answered but not yet closed, with
    the remedy in the viewer's words; None when there is none. `reply`: the
    case's reply when read already (the task page's case file has it)."""
    if case_row.status != "open":
        return None
    reply = queries.reply_of(conn, case_row) if reply is None else reply
    if not reply.get("reply_text") or reply.get("outcome"):
        return None   # no reply drafted, or already delivered
    return {"text": reply["reply_text"], "legal_basis": reply.get("legal_basis", ""),
            "remedy": remedy_named(conn, case_row, reply, locale)}


def remedy_named(conn, case_row, reply: dict, locale: str) -> str:
    """The remedy the reply points to (Art. 172), in the viewer's words, as
    the model's choice names it; '' for none."""
    remedy = reply.get("remedy")
    if not remedy or remedy == "none":
        return ""
    labels = queries.choice_labels(conn, case_row.definition_id).get("remedy", {})
    zh, en = labels.get(remedy, ("", ""))
    return (en or zh) if locale.startswith("en") else (zh or en)
