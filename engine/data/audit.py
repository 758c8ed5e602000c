"""The append-only audit trail: one record per command, in its transaction.

The database refuses UPDATE, DELETE and (PostgreSQL) TRUNCATE on the table
(migrations 0001, 0005). Against someone with raw database access, each row
also carries `chain`: an HMAC of the row and the previous row's chain, keyed
by a secret the database does not hold (`use_key`, derived from the app's
SECRET_KEY). A forged, changed or deleted row breaks the chain at that point,
and `verify` finds the first broken link.

Rows are chained in id order. On PostgreSQL a transaction-scoped advisory
lock, taken at the transaction's first audit row (a command's case UPDATE
returns it, `TAKE_LOCK`, one round trip fewer), keeps the chain a line
when commands commit concurrently; SQLite's BEGIN IMMEDIATE already does.
The chain head is remembered per transaction (conn.info, cleared on begin by
engine/data/db.py) so a batch of rows is chained without reading back; on
SQLite a command's case UPDATE returns it (`HEAD_OF_CHAIN`, `remember_head`).
"""
from __future__ import annotations

import hashlib
import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import bindparam, func, insert, select

from .prepared import Prepared
from .schema import audit

INSERT = insert(audit)   # one statement object, so timer batches can send rows together
# The last row's chain, as a column of another statement (see remember_head).
HEAD_OF_CHAIN = select(audit.c.chain).order_by(audit.c.id.desc()).limit(1).scalar_subquery()
_INSERT = Prepared(INSERT, keyed=True)
_HEAD = Prepared(select(audit.c.chain).order_by(audit.c.id.desc()).limit(1))
HEAD = "civicflow.audit_head"
LOCK_ID = 0x61756469     # 'audi': the advisory lock that orders the chain on PostgreSQL
_LOCK = Prepared(select(func.pg_advisory_xact_lock(bindparam("k"))), only="postgresql")
_key = hashlib.sha256(b"civicflow development audit key").digest()


def use_key(secret: str | bytes) -> None:
    """Key the chain with a secret kept outside the database (the app's SECRET_KEY)."""
    global _key
    raw = secret.encode() if isinstance(secret, str) else secret
    _key = hmac.new(raw, b"civicflow audit chain", hashlib.sha256).digest()


def record(conn, *, case_id, at, actor, action, task_id=None, **detail) -> None:
    row = {"case_id": case_id, "at": at, "actor": actor, "action": action, "task_id": task_id,
           "detail": json.dumps(detail, ensure_ascii=False, default=str)}
    gather = getattr(conn, "gather_audit", None)
    if gather is not None:   # a timer batch chains its rows at its end (engine/cases/timerbatch.py)
        gather(row)
        return
    row["chain"] = link(_head(conn), row)
    conn.info[HEAD] = row["chain"]
    _INSERT.run(conn, row)


def record_chained(conn, rows: list[dict]) -> None:
    """Chain and insert gathered rows in one statement. The advisory lock that
    orders the chain is taken here, so a batch holds it only from its last
    write to its commit, not while its commands compute."""
    head = _head(conn)
    for row in rows:
        row["chain"] = head = link(head, row)
    conn.info[HEAD] = head
    _INSERT.many(conn, rows)


def forget_head(conn) -> None:
    """A new transaction reads the chain head afresh (engine/data/db.py calls this on begin)."""
    conn.info.pop(HEAD, None)
    conn.info.pop(LOCKED, None)


# PostgreSQL: the chain's lock as a column of another statement of the
# transaction (a command's case UPDATE returns it: one round trip fewer);
# the head is still read by a statement of its own, whose snapshot then
# follows the lock.
TAKE_LOCK = func.pg_advisory_xact_lock(LOCK_ID)
LOCKED = "civicflow.audit_locked"


def lock_taken(conn) -> None:
    """PostgreSQL: a statement of this transaction returned TAKE_LOCK."""
    conn.info[LOCKED] = True


def remember_head(conn, chain: str | None) -> None:
    """SQLite: `chain` is HEAD_OF_CHAIN read by a write of this transaction
    (so under the write lock, which holds it still until the commit)."""
    if HEAD not in conn.info:
        conn.info[HEAD] = chain or ""


def _head(conn) -> str:
    if HEAD in conn.info:
        return conn.info[HEAD]
    if conn.dialect.name == "postgresql" and not conn.info.get(LOCKED):
        _LOCK.run(conn, {"k": LOCK_ID})
    return _HEAD.run(conn).scalar() or ""


def link(previous: str, row) -> str:
    """The chain value of `row` (a mapping of the audit columns) after `previous`."""
    fields = [previous, "" if row["case_id"] is None else str(row["case_id"]), _instant(row["at"]),
              row["actor"], row["action"], row["task_id"] or "", row["detail"]]
    return hmac.new(_key, "\x1f".join(fields).encode(), hashlib.sha256).hexdigest()


def _instant(at: datetime) -> str:
    """One spelling of an instant, however the database hands it back."""
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")


@dataclass
class Verdict:
    checked: int                    # rows whose link was checked
    unchained: int                  # rows written before the chain existed (migration 0005)
    broken_at: int | None = None    # id of the first row whose link does not hold
    after: int | None = None        # id of the row before it


def verify(conn, *, batch: int = 5000, progress=None) -> Verdict:
    """Walk the trail in id order; stop at the first link that does not hold."""
    verdict, previous, prev_id, last_id = Verdict(0, 0), None, None, 0
    while True:
        rows = conn.execute(select(audit).where(audit.c.id > last_id)
                            .order_by(audit.c.id).limit(batch)).mappings().all()
        if not rows:
            return verdict
        for row in rows:
            if row["chain"] is None and previous is None:
                verdict.unchained += 1          # older than the chain: nothing to check
            elif row["chain"] is None or row["chain"] != link(previous or "", row):
                verdict.broken_at, verdict.after = row["id"], prev_id
                return verdict
            else:
                verdict.checked += 1
                previous = row["chain"]
            prev_id = row["id"]
        last_id = rows[-1]["id"]
        if progress:
            progress(verdict.checked + verdict.unchained)
