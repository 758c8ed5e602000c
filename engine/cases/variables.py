"""Case data from outside (API payloads, forms, messages) is untrusted:
checked here before it reaches SpiffWorkflow, and summarised for queries.
Each refusal names its key with a FieldError, whose code the web pages say
in the viewer's language (webapp/form_errors.py); the API keeps the English."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

from engine.data.errors import InvalidData
from engine.models.forms import FieldError

MAX_BYTES = 256 * 1024
MAX_DEPTH = 8
COLUMNS = {"title": 300, "category": 64, "channel": 16, "district": 32,
           "responsible_agency": 32, "language": 8}

# A received time this far past the server's clock is still taken: clocks differ a little.
FUTURE_LEEWAY = timedelta(minutes=5)


def check(data) -> dict:
    """JSON-compatible, bounded, with top-level keys usable in expressions."""
    if not isinstance(data, dict):
        raise InvalidData("data must be an object", {"data": FieldError("not an object", "not_json_object")})
    bad = {k: FieldError("not a valid name", "not_a_name") for k in data
           if not isinstance(k, str) or not k.isidentifier() or k.startswith("_")}
    if bad:
        raise InvalidData("data has invalid keys", bad)
    try:
        text = json.dumps(data, ensure_ascii=False)
    except (TypeError, ValueError) as exc:
        raise InvalidData("data must be plain JSON",
                          {"data": FieldError(str(exc), "not_plain_json")}) from None
    if len(text.encode()) > MAX_BYTES:
        raise InvalidData("data is too large", {"data": FieldError(
            f"more than {MAX_BYTES} bytes", "data_too_large", {"kb": MAX_BYTES // 1024})})
    _walk(data, 0)
    return json.loads(text)


def _walk(value, depth):
    if depth > MAX_DEPTH:
        raise InvalidData("data is nested too deeply", {"data": FieldError(
            f"deeper than {MAX_DEPTH}", "too_deep", {"limit": MAX_DEPTH})})
    if isinstance(value, dict):
        # SpiffWorkflow's serializer reads a 'typename' key as a class name.
        if "typename" in value:
            raise InvalidData("data may not use the key 'typename'",
                              {"typename": FieldError("reserved", "reserved_name", {"name": "typename"})})
        for v in value.values():
            _walk(v, depth + 1)
    elif isinstance(value, list):
        for v in value:
            _walk(v, depth + 1)


def received(received_at: datetime | None, now: datetime) -> datetime:
    if received_at is None:
        return now
    if not isinstance(received_at, datetime) or received_at.tzinfo is None:
        raise InvalidData("received_at needs a date, time and offset",
                          {"received_at": FieldError("not an aware datetime", "not_aware_datetime")})
    if received_at > now + FUTURE_LEEWAY:
        raise InvalidData("received_at is in the future",
                          {"received_at": FieldError("in the future", "in_future")})
    # Stored in UTC like every instant: SQLite keeps no offset.
    return received_at.astimezone(timezone.utc)


def current(wf) -> dict:
    """The case's data now (`latest_task`'s), {} before any task ran."""
    task = latest_task(wf)
    return task.data if task is not None else {}


def latest_task(wf):
    """The task completed last, in the workflow or in a subprocess (a loop's
    round, a handling step). The top workflow's own last task is then the
    subprocess's call, holding what it started with or its previous round's
    data: a summary read there showed the last round's answers."""
    last = [w.last_task for w in (wf, *wf.subprocesses.values()) if w.last_task is not None]
    return max(last, key=lambda t: t.last_state_change) if last else None


def columns(data: dict) -> dict:
    out = {k: str(data[k])[:n] for k, n in COLUMNS.items() if isinstance(data.get(k), str)}
    if isinstance(data.get("priority"), int) and not isinstance(data["priority"], bool):
        out["priority"] = data["priority"]
    for flag in ("confidential", "extended"):
        if isinstance(data.get(flag), bool):
            out[flag] = data[flag]
    return out


def summary(data: dict) -> dict:
    """Short scalar values for lists and searches (never the petitioner's identity,
    which lives in its own table)."""
    return {k: v for k, v in data.items()
            if isinstance(v, (str, int, float, bool)) and len(str(v)) <= 300
            and not k.startswith("petitioner")}
