"""Database tables. The schema itself only changes through Alembic migrations.

SQLAlchemy Core (not the ORM) keeps the hot path of a command to a handful of
plain statements.
"""
from sqlalchemy import (
    BigInteger, Boolean, Column, Date, DateTime, ForeignKey, Index, Integer,
    MetaData, String, Table, Text, UniqueConstraint,
)

metadata = MetaData(naming_convention={
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
})


def ts(name, **kw):
    """Every instant is stored timezone-aware (UTC)."""
    return Column(name, DateTime(timezone=True), **kw)


agency = Table(
    "agency", metadata,
    Column("code", String(32), primary_key=True),
    Column("name_zh", String(120), nullable=False),
    Column("name_en", String(160), nullable=False),
    Column("kind", String(16), nullable=False, server_default="bureau"),
    Column("parent_code", String(32), ForeignKey("agency.code")),
    Column("email", String(200)),
    Column("active", Boolean, nullable=False, server_default="1"),
    # The Kaohsiung district it sits in (bpmn/reference/districts.json): a
    # closure (停班) declared for that district closes this agency.
    Column("district", String(16)),
)

app_user = Table(
    "app_user", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False, unique=True),
    Column("password_hash", String(256), nullable=False),
    Column("display_name", String(120), nullable=False, server_default=""),
    Column("email", String(200)),
    Column("agency_code", String(32), ForeignKey("agency.code"), nullable=False),
    Column("roles", String(200), nullable=False),  # comma separated
    Column("locale", String(8), nullable=False, server_default="zh_TW"),
    Column("active", Boolean, nullable=False, server_default="1"),
    ts("created_at", nullable=False),
    # An admin reset the password: the user chooses a new one at the next sign-in (0006).
    Column("must_change_password", Boolean, nullable=False, server_default="0"),
    ts("last_login_at"),
    # Raised by sign-out, a password change or reset, a deactivation: a session
    # cookie carrying an older number no longer opens a page (0007).
    Column("session_epoch", Integer, nullable=False, server_default="0"),
)

# Failed password sign-ins, shared by every worker and host through the
# database: the per-account lockout and per-address throttle count them (0007).
login_failure = Table(
    "login_failure", metadata,
    Column("id", Integer, primary_key=True),
    Column("username", String(64), nullable=False),
    Column("address", String(64), nullable=False),
    ts("at", nullable=False),
    Index("ix_login_failure_username_at", "username", "at"),
    Index("ix_login_failure_address_at", "address", "at"),
)

api_token = Table(
    "api_token", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("app_user.id"), nullable=False),
    Column("token_hash", String(64), nullable=False, unique=True),
    Column("label", String(120), nullable=False, server_default=""),
    ts("created_at", nullable=False),
    ts("last_used_at"),
    Column("revoked", Boolean, nullable=False, server_default="0"),
    ts("expires_at"),   # None: until revoked (0006)
)

process_definition = Table(
    "process_definition", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(120), nullable=False),
    Column("version", Integer, nullable=False),
    Column("name", String(200), nullable=False, server_default=""),
    Column("content_hash", String(64), nullable=False),
    Column("sources", Text, nullable=False),   # JSON {filename: xml text}
    Column("meta", Text, nullable=False),      # JSON: forms, lanes, task properties
    ts("deployed_at", nullable=False),
    Column("deployed_by", String(64), nullable=False, server_default=""),
    Column("comment", Text, nullable=False, server_default=""),
    UniqueConstraint("key", "version"),
    UniqueConstraint("key", "content_hash"),
)

case_number_seq = Table(
    "case_number_seq", metadata,
    Column("year", Integer, primary_key=True),  # ROC year
    Column("last", Integer, nullable=False),
)

case = Table(
    "case", metadata,
    Column("id", Integer, primary_key=True),
    Column("number", String(20), nullable=False, unique=True),
    Column("definition_id", Integer, ForeignKey("process_definition.id"), nullable=False),
    Column("process_key", String(120), nullable=False),
    Column("status", String(16), nullable=False),  # open, completed, error, cancelled
    Column("title", String(300), nullable=False, server_default=""),
    Column("category", String(64)),
    Column("channel", String(16)),
    Column("district", String(32)),
    Column("responsible_agency", String(32)),
    Column("priority", Integer, nullable=False, server_default="0"),
    Column("confidential", Boolean, nullable=False, server_default="0"),
    Column("language", String(8), nullable=False, server_default="zh_TW"),
    ts("received_at", nullable=False),
    ts("created_at", nullable=False),
    ts("updated_at", nullable=False),
    ts("due_at"),          # earliest due instant of the open tasks
    ts("closed_at"),
    Column("clock_stopped_at", DateTime(timezone=True)),  # waiting on the petitioner
    Column("escalation_level", Integer, nullable=False, server_default="0"),
    Column("extended", Boolean, nullable=False, server_default="0"),
    Column("version", Integer, nullable=False, server_default="1"),
    Column("summary", Text, nullable=False, server_default="{}"),  # JSON, searchable bits
    Index("ix_case_process_status", "process_key", "status"),
    Index("ix_case_agency_status_due", "responsible_agency", "status", "due_at"),
    Index("ix_case_received", "received_at"),
    Index("ix_case_definition_status", "definition_id", "status"),   # cases per version
    Index("ix_case_similar", "category", "process_key", "received_at"),   # similar cases: 0020
)

# The SpiffWorkflow state of a case, split so a command writes only what changed:
# one row for the workflow itself (no spec, no tasks), one per subprocess,
# one per task.  Finished subprocesses are not loaded again.
case_state = Table(
    "case_state", metadata,
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), primary_key=True),
    Column("workflow", Text, nullable=False),
)

case_subprocess = Table(
    "case_subprocess", metadata,
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), primary_key=True),
    Column("sub_id", String(36), primary_key=True),
    Column("completed", Boolean, nullable=False),
    Column("body", Text, nullable=False),
)

case_wf_task = Table(
    "case_wf_task", metadata,
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), primary_key=True),
    Column("task_id", String(36), primary_key=True),
    Column("owner", String(36), nullable=False),  # '' = top workflow, else subprocess id
    Column("body", Text, nullable=False),
    Index("ix_case_wf_task_owner", "case_id", "owner"),
)

task = Table(
    "task", metadata,
    Column("id", String(36), primary_key=True),   # SpiffWorkflow task id
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), nullable=False),
    Column("process_key", String(120), nullable=False),
    Column("element_id", String(120), nullable=False),
    Column("name", String(300), nullable=False, server_default=""),
    Column("lane", String(120)),
    Column("candidate_agency", String(32)),
    Column("candidate_role", String(32)),
    Column("assignee", String(64)),
    Column("state", String(16), nullable=False),  # ready, completed, cancelled
    Column("priority", Integer, nullable=False, server_default="0"),
    ts("created_at", nullable=False),
    ts("due_at"),
    ts("completed_at"),
    Column("completed_by", String(64)),
    Column("reminded", Integer, nullable=False, server_default="0"),
    Column("escalation_level", Integer, nullable=False, server_default="0"),
    Column("item", String(200)),   # what one of like tasks is about (the office): 0021
    Index("ix_task_queue", "candidate_agency", "state", "due_at"),
    Index("ix_task_assignee", "assignee", "state", "due_at"),
    Index("ix_task_case", "case_id", "state", "due_at"),   # MIN(due_at) of a case: 0020
    Index("ix_task_state_due", "state", "due_at"),
    # The decisions badge (0012); the agency queue's indexes follow the table.
    Index("ix_task_role_state_agency", "candidate_role", "state", "candidate_agency"),
)

timer = Table(
    "timer", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), nullable=False),
    Column("task_id", String(36), nullable=False),
    Column("element_id", String(120), nullable=False),
    ts("due_at", nullable=False),
    Column("state", String(12), nullable=False),  # pending, claimed, fired, cancelled
    Column("claimed_by", String(64)),
    ts("claimed_at"),
    ts("fired_at"),
    Column("attempts", Integer, nullable=False, server_default="0"),
    Column("last_error", Text),   # why the last firing failed; state 'failed' after too many
    UniqueConstraint("case_id", "task_id"),
    Index("ix_timer_state_due", "state", "due_at"),
)

# Moving open cases to a newer version of their model (engine/cases/migration):
# one row per run (its plan as JSON), one per chosen case with its outcome.
case_migration_run = Table(
    "case_migration_run", metadata,
    Column("id", Integer, primary_key=True),
    Column("process_key", String(120), nullable=False),
    Column("to_definition_id", Integer, ForeignKey("process_definition.id"), nullable=False),
    Column("plan", Text, nullable=False),
    Column("state", String(16), nullable=False),   # running, finished
    Column("requested_by", String(64), nullable=False),
    ts("created_at", nullable=False),
    ts("finished_at"),
)

case_migration_case = Table(
    "case_migration_case", metadata,
    Column("id", Integer, primary_key=True),
    Column("run_id", Integer, ForeignKey("case_migration_run.id", ondelete="CASCADE"),
           nullable=False),
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), nullable=False),
    Column("from_definition_id", Integer, ForeignKey("process_definition.id"), nullable=False),
    Column("state", String(16), nullable=False),   # pending, moved, refused
    Column("reason_code", String(40)),
    Column("reason_params", Text),                 # JSON
    ts("done_at"),
    UniqueConstraint("run_id", "case_id"),
    Index("ix_case_migration_case_run_state", "run_id", "state"),
)

# A task waiting for a message: lets the engine find the receiving case.
message_wait = Table(
    "message_wait", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), nullable=False),
    Column("task_id", String(36), nullable=False),
    Column("message", String(200), nullable=False),
    Column("correlation", String(400), nullable=False, server_default=""),
    UniqueConstraint("case_id", "task_id", "message"),
    Index("ix_message_wait_lookup", "message", "correlation"),
)

audit = Table(
    "audit", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), index=True),
    ts("at", nullable=False),
    Column("actor", String(64), nullable=False),
    Column("action", String(40), nullable=False),
    Column("task_id", String(36)),
    Column("detail", Text, nullable=False, server_default="{}"),  # JSON: what changed
    Column("chain", String(64)),   # HMAC of this row and the previous chain (engine/data/audit.py)
)

petitioner = Table(
    "petitioner", metadata,
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), primary_key=True),
    Column("name", String(200), nullable=False, server_default=""),
    Column("email", String(200)),
    Column("phone", String(64)),
    Column("address", String(300)),
    Column("status_password_hash", String(256)),
    # The contact as the same-petitioner match compares it, and the case's
    # received instant: an index seek per key (engine/cases/petitioner_keys.py, 0022).
    Column("phone_key", String(64)),
    Column("email_key", String(200)),
    ts("received_at"),
    Index("ix_petitioner_phone", "phone_key", "received_at"),
    Index("ix_petitioner_email", "email_key", "received_at"),
)

case_link = Table(
    "case_link", metadata,
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), primary_key=True),
    Column("other_case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), primary_key=True),
    Column("kind", String(16), nullable=False),  # repeat, related, duplicate
)

extension_request = Table(
    "extension_request", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), nullable=False),
    Column("task_id", String(36), nullable=False),
    Column("requested_by", String(64), nullable=False),
    ts("requested_at", nullable=False),
    Column("reason", Text, nullable=False),
    ts("proposed_due_at", nullable=False),
    Column("status", String(12), nullable=False),  # pending, approved, rejected
    Column("decided_by", String(64)),
    ts("decided_at"),
    Index("ix_extension_status", "status", "case_id"),
)

# 補正: what an officer asked the petitioner to complete while the case's
# clock stood still (case.clock_stopped_at), and the answer that resumed it
# (0013). At most one open request per case: the stopped clock says so.
supplement_request = Table(
    "supplement_request", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), nullable=False),
    Column("task_id", String(36)),                 # the handling step it was asked from
    Column("asked_by", String(64), nullable=False),
    ts("asked_at", nullable=False),
    Column("request", Text, nullable=False),
    Column("answered_by", String(64)),             # "petitioner" from the status page
    ts("answered_at"),
    Column("answer", Text),
    # 0016: the answer's first look by an officer of the step it was asked on
    # (the inbox's 已補正 until then), and the call that told a petitioner
    # with no e-mail what to send.
    Column("seen_by", String(64)),
    ts("seen_at"),
    Column("phoned_by", String(64)),
    ts("phoned_at"),
    # 0019: asked on the lead's (responsible agency's) step, not a co-handling
    # agency's: its answer belongs to whichever agency is responsible now.
    Column("on_lead_step", Boolean, nullable=False, server_default="0"),
    Index("ix_supplement_request_case_id", "case_id"),
)

# The period report's prose per period and section, edited by the department
# (engine/report/prose.py); the figures in it are placeholders, never typed.
report_prose = Table(
    "report_prose", metadata,
    Column("id", Integer, primary_key=True),
    Column("period_start", Date, nullable=False),
    Column("period_end", Date, nullable=False),
    Column("section", String(64), nullable=False),
    Column("text", Text, nullable=False, server_default=""),
    Column("updated_by", String(64), nullable=False),
    ts("updated_at", nullable=False),
    UniqueConstraint("period_start", "period_end", "section"),
)

# The mail server's and the single sign-on's settings an administrator keeps at
# /admin/connections (engine/data/connection_settings.py, migration 0018): one
# row per section, its settings as JSON (secrets sealed), `version` for two
# administrators saving at once.
connection_setting = Table(
    "connection_setting", metadata,
    Column("section", String(16), primary_key=True),   # mail, sso
    Column("version", Integer, nullable=False),
    Column("settings", Text, nullable=False),
    Column("updated_by", String(64), nullable=False),
    ts("updated_at", nullable=False),
)

calendar_override = Table(
    "calendar_override", metadata,
    Column("day", Date, primary_key=True),
    Column("kind", String(12), nullable=False),   # holiday (closed) or workday
    Column("reason", String(200), nullable=False, server_default=""),
    Column("created_by", String(64), nullable=False, server_default=""),
    ts("created_at", nullable=False),
    # Sorted comma-separated district codes a closure covers; null: the whole city.
    Column("districts", String(400)),
)

outbox = Table(
    "outbox", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id", ondelete="SET NULL")),
    Column("kind", String(40), nullable=False),
    Column("recipient", String(200), nullable=False),
    Column("locale", String(8), nullable=False, server_default="zh_TW"),
    Column("subject", String(300), nullable=False),
    Column("body", Text, nullable=False),
    Column("dedupe_key", String(200), nullable=False, unique=True),
    Column("status", String(12), nullable=False),  # pending, sending, sent, dead
    Column("attempts", Integer, nullable=False, server_default="0"),
    ts("created_at", nullable=False),
    ts("next_attempt_at", nullable=False),
    ts("claimed_at"),
    ts("sent_at"),
    Column("last_error", Text),
    Index("ix_outbox_status_next", "status", "next_attempt_at"),
)

comment = Table(
    "comment", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("author", String(64), nullable=False),
    ts("at", nullable=False),
    Column("body", Text, nullable=False),
)

attachment = Table(
    "attachment", metadata,
    Column("id", Integer, primary_key=True),
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), nullable=False, index=True),
    Column("filename", String(255), nullable=False),
    Column("content_type", String(100), nullable=False),
    Column("size", Integer, nullable=False),
    Column("sha256", String(64), nullable=False),
    Column("storage_key", String(200), nullable=False),
    Column("uploaded_by", String(64), nullable=False),
    ts("at", nullable=False),
)

satisfaction = Table(
    "satisfaction", metadata,
    Column("case_id", Integer, ForeignKey("case.id", ondelete="CASCADE"), primary_key=True),
    Column("rating", Integer, nullable=False),
    Column("remark", Text, nullable=False, server_default=""),
    ts("at", nullable=False),
)

saved_filter = Table(
    "saved_filter", metadata,
    Column("id", Integer, primary_key=True),
    Column("user_id", Integer, ForeignKey("app_user.id", ondelete="CASCADE"), nullable=False),
    Column("name", String(120), nullable=False),
    Column("page", String(40), nullable=False),
    Column("query", Text, nullable=False),
    UniqueConstraint("user_id", "page", "name"),
)

# One analyst's work in progress on a model, before it is deployed as a version.
model_draft = Table(
    "model_draft", metadata,
    Column("id", Integer, primary_key=True),
    Column("key", String(120), nullable=False, unique=True),
    Column("name", String(200), nullable=False, server_default=""),
    Column("files", Text, nullable=False),   # JSON {filename: xml text}
    Column("base_version", Integer),         # the deployed version it started from
    Column("created_by", String(64), nullable=False),
    ts("created_at", nullable=False),
    Column("updated_by", String(64), nullable=False),
    ts("updated_at", nullable=False),
)

scheduler_lock = Table(
    "scheduler_lock", metadata,
    Column("name", String(80), primary_key=True),   # e.g. job:2026-11-26 digest
    Column("holder", String(64), nullable=False),
    ts("at", nullable=False),
)

# -- the supervisors' deadline board (engine/board*.py, migration 0003) --------
# Completed tasks counted per week (Monday, Asia/Taipei), agency, step and
# handling time in 24-hour days begun. A trigger adds one delta row per task
# that becomes completed, in the completing transaction (an append: no row
# that concurrent completions would queue on); the board folds deltas into
# the rollup, so what it reads stays a few rows per agency and week.
def _board_counts():
    return [Column("on_time", Integer, nullable=False),
            Column("with_due", Integer, nullable=False),
            Column("taken_secs", BigInteger, nullable=False),
            Column("allowed_secs", BigInteger, nullable=False)]


board_task_week = Table(
    "board_task_week", metadata,
    Column("week", Date, primary_key=True),
    Column("agency", String(32), primary_key=True),   # the task's candidate_agency, '' if none
    Column("process_key", String(120), primary_key=True),
    Column("element_id", String(120), primary_key=True),
    Column("days", Integer, primary_key=True),
    Column("completed", Integer, nullable=False),
    *_board_counts(),
)

board_task_delta = Table(
    "board_task_delta", metadata,
    Column("id", Integer, primary_key=True),
    Column("week", Date, nullable=False),
    Column("agency", String(32), nullable=False),
    Column("process_key", String(120), nullable=False),
    Column("element_id", String(120), nullable=False),
    Column("days", Integer, nullable=False),
    *_board_counts(),
)

# Cars, drivers and meeting rooms an administrator keeps (issue 17, 0010),
# and their reservations by cases. On PostgreSQL an exclusion constraint
# (migration 0010, btree_gist) refuses two held reservations of one resource
# whose [starts_at, ends_at) ranges overlap; on SQLite the check runs under
# the command's BEGIN IMMEDIATE (engine/resources/reservations.py).
resource = Table(
    "resource", metadata,
    Column("id", Integer, primary_key=True),
    Column("kind", String(16), nullable=False),   # car, driver, room
    Column("code", String(32), nullable=False, unique=True),
    Column("name_zh", String(120), nullable=False),
    Column("name_en", String(160), nullable=False),
    Column("centre", String(32), nullable=False, server_default=""),  # sihwei, fengshan
    Column("capacity", Integer),   # seats of a car, people a room holds
    Column("active", Boolean, nullable=False, server_default="1"),
)

reservation = Table(
    "reservation", metadata,
    Column("id", Integer, primary_key=True),
    Column("resource_id", Integer, ForeignKey("resource.id"), nullable=False),
    Column("case_id", Integer, ForeignKey("case.id"), nullable=False),
    ts("starts_at", nullable=False),
    ts("ends_at", nullable=False),
    Column("state", String(16), nullable=False, server_default="held"),   # held, released
    ts("created_at", nullable=False),
    ts("released_at"),
    Index("ix_reservation_resource_id_starts_at", "resource_id", "starts_at"),
    Index("ix_reservation_case_id", "case_id"),
)

# The agency queue (0012): unclaimed ready tasks in the order a page reads them,
# soonest due or highest priority first, the role last (the capped count checks
# it in the index). Partial, so the query states the same literal condition
# (engine/cases/queries.py, READY); `state` is in the columns too, though
# constant, so SQLite's planner prefers them to ix_task_queue.
_UNCLAIMED = task.c.assignee.is_(None) & (task.c.state == "ready")
Index("ix_task_queue_unclaimed", task.c.candidate_agency, task.c.state, task.c.due_at,
      task.c.candidate_role, sqlite_where=_UNCLAIMED, postgresql_where=_UNCLAIMED)
Index("ix_task_queue_priority", task.c.candidate_agency, task.c.state, task.c.priority.desc(),
      task.c.due_at, task.c.id, task.c.candidate_role,
      sqlite_where=_UNCLAIMED, postgresql_where=_UNCLAIMED)

# Open-case figures per agency read from this index alone.
Index("ix_case_board", case.c.status, case.c.responsible_agency, case.c.process_key,
      case.c.due_at, case.c.extended, case.c.escalation_level)

# The cases waiting on their petitioner (補正, 0014): the few the timer claim
# sets aside and the board counts as 待補正. Partial: queries state the condition.
_STOPPED = case.c.clock_stopped_at.is_not(None)
Index("ix_case_clock_stopped", case.c.status, case.c.responsible_agency, case.c.process_key,
      case.c.due_at, sqlite_where=_STOPPED, postgresql_where=_STOPPED)

# 已補正 (0017): the few answers no officer of their step has seen yet, read
# once per inbox page (engine/cases/supplement_seen.py). Partial: the query
# states the condition.
_UNSEEN = supplement_request.c.answered_at.is_not(None) & supplement_request.c.seen_at.is_(None)
Index("ix_supplement_request_unseen", supplement_request.c.case_id, supplement_request.c.task_id,
      sqlite_where=_UNSEEN, postgresql_where=_UNSEEN)
