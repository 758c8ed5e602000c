"""Audit actions in words: the trail stores codes, a person reads these.
An action not named here (a future one) is shown as stored."""
import json

from flask_babel import lazy_gettext as _l

from engine.cases import kept

from ...people import account_code, person_name


ACTION_NAMES = {
    "start": _l("Case started"), "claim": _l("Task claimed"), "unclaim": _l("Task released"),
    "complete": _l("Task completed"), "transfer": _l("Transferred"),
    "reassign": _l("Task reassigned"), "cancel": _l("Case cancelled"),
    "extension": _l("Deadline extended"), "reply": _l("Reply sent"),
    "message": _l("Message received"), "timer": _l("Timer fired"),
    "timer_failed": _l("Timer failed"), "timer_retried": _l("Timer retried"),
    "contact_recorded": _l("Contact recorded"), "notice_skipped": _l("Notice not sent"),
    "notice_resent": _l("Notice sent again"), "comment": _l("Comment"),
    "attach": _l("File attached"), "rate": _l("Satisfaction rated"),
    "signed_in": _l("Signed in"), "user_created": _l("Account created"),
    "user_changed": _l("Account changed"), "user_deactivated": _l("Account deactivated"),
    "user_reactivated": _l("Account reactivated"), "password_reset": _l("Password reset"),
    "password_changed": _l("Password changed"), "token_created": _l("API token created"),
    "token_revoked": _l("API token revoked"),
    "agency_created": _l("Agency added"), "agency_changed": _l("Agency changed"),
    "agency_deactivated": _l("Agency deactivated"), "agency_reactivated": _l("Agency reactivated"),
    "calendar_override": _l("Calendar override declared"),
    "calendar_override_removed": _l("Calendar override removed"),
    "deadline_moved": _l("Deadline moved by the calendar"),
    "agency_district_moved": _l("Deadlines moved: the agency changed district"),
    "migrate": _l("Moved to a new model version"),
    "migrate_refused": _l("Could not move to a new model version"),
    "migration_dry_run": _l("Dry run of moving cases requested"),
    "migration_run": _l("Cases moved to a new model version"),
    "signed_out": _l("Signed out"), "account_locked": _l("Account locked"),
    "account_unlocked": _l("Account unlocked"),
    "clock_stopped": _l("Deadline clock stopped"), "clock_resumed": _l("Deadline clock resumed"),
    "refer_ftc": _l("Referred to the Fair Trade Commission"),
    "service_call": _l("External service called"),
    "report_prose_saved": _l("Report text saved"), "resource_added": _l("Resource added"),
    "resource_changed": _l("Resource changed"), "resource_deactivated": _l("Resource deactivated"),
    "resource_reactivated": _l("Resource reactivated"),
    "connection_settings_saved": _l("Connection settings saved"),
}


def action_name(code: str) -> str:
    return str(ACTION_NAMES.get(code, code))


KEPT = _l("Given back to its officer")   # as the case timeline says it (macros/case_panel.html)


def record_action(code: str, detail: str | None) -> str:
    """A record's action in words. A claim the system made, handing a task
    back to the officer who did the step before (keep_with), is no claim of
    his: it reads as the case timeline says it, by the same signal (kept.py)."""
    if code == "claim":
        try:
            data = json.loads(detail or "{}")
        except ValueError:
            data = None
        if isinstance(data, dict) and kept.is_kept(code, data):
            return str(KEPT)
    return action_name(code)


# The detail keys the administrative and scheduling actions write; a case
# command's own keys (the model's field names) are shown as stored.
DETAIL_NAMES = {
    "user": _l("user"), "agency": _l("agency"), "roles": _l("roles"),
    "before": _l("before"), "after": _l("after"), "element": _l("Model step"),
    "timer": _l("timer"), "notice": _l("notice"), "kind": _l("kind"),
    "recipient": _l("recipient"), "token": _l("token"), "label": _l("name"),
    "expires_at": _l("valid until"), "error": _l("error"), "attempts": _l("attempts"),
    "day": _l("day"), "reason": _l("reason"), "due": _l("new due"),
    # a stopped clock resumed (補正, engine/cases/extensions.py resume_clock)
    "stopped_at": _l("paused since"), "working_days": _l("working days paused"),
    "tasks_moved": _l("open tasks moved"),
    "districts": _l("districts"), "closure": _l("districts closed now"),
    # reassign, unclaim and transfer (engine/cases/assignment.py, transfer.py)
    "previous": _l("held before by"), "to": _l("now held by"),
    "from_agency": _l("from agency"), "to_agency": _l("to agency"),
    # the sign-in throttle (account_locked) and a case's start
    "address": _l("from address"), "until": _l("until"), "process": _l("process"),
    "version": _l("version"), "data": _l("data"), "title": _l("title"), "code": _l("code"),
    "form": _l("form filled in"),   # a completed task's form (complete_task)
    # a service task's call (engine/cases/service_calls.py) and the resources page
    "function": _l("function"), "args": _l("arguments"), "result": _l("result"),
    "released": _l("bookings released"), "centre": _l("administrative centre"),
    "capacity": _l("capacity"), "name_zh": _l("name in Chinese"), "name_en": _l("name in English"),
    # moving cases to a new model version (engine/cases/migration/)
    "from_version": _l("from version"), "to_version": _l("to version"), "run": _l("migration run"),
    "mapping": _l("steps mapped"), "recompute_deadlines": _l("deadlines recomputed"),
    "defaults": _l("values given to new fields"), "cases": _l("cases"), "plan": _l("migration plan"),
    # a public form's consent box (webapp/consent.py), in its case's start
    "consent_disclosure": _l("Personal data consent"), "consent_version": _l("wording agreed to"),
    # /admin/connections (engine/data/connection_settings.py): names, never a secret
    "section": _l("settings of"), "settings": _l("settings changed"),
    "changes": _l("from → to"),
    # a task handed back to its earlier officer (engine/cases/keeping.py)
    "kept_with": _l("given back to"),
    "per_agency": _l("per agency"), "deadline": _l("deadline"),
    "deadlines": _l("task deadlines moved"), "decisions": _l("decision table"),
    "process_key": _l("process"),
    "note": _l("note"),   # a note's text (views/cases.add_comment, audit_search.NOTE)
    "rating": _l("rating"), "filename": _l("file name"),   # public.rate, an attachment
    "fields": _l("contact details given"),   # notices.record_contact
    "period_start": _l("period from"), "period_end": _l("period to"),   # report/prose.save
    "sections": _l("sections changed"),
    "parent_code": _l("parent agency"), "email": _l("e-mail"), "district": _l("district"),
    "moved": _l("deadlines moved"), "per_task": _l("working days paused, per task"),
    "payload": _l("message content"), "from_case": _l("from case"), "period": _l("period"),
}
# A key an action records with its own meaning: a skipped notice's `to` is
# whom it was for, not who now holds a task; a message's `name` is the message.
ACTION_DETAIL_NAMES = {
    ("notice_skipped", "to"): _l("addressed to"), ("message", "name"): _l("message"),
    ("reply", "text"): _l("reply text"),   # the words sent (engine/cases/notices.py)
    ("agency_district_moved", "before"): _l("district before"),
    ("agency_district_moved", "after"): _l("district after"),
    ("resource_added", "code"): _l("resource"), ("resource_changed", "code"): _l("resource"),
    ("resource_deactivated", "code"): _l("resource"), ("resource_reactivated", "code"): _l("resource"),
}


def detail_name(key: str) -> str:
    return str(DETAIL_NAMES.get(key, key))


def action_detail_name(action: str, key: str, label: str | None = None) -> str | None:
    """The name of a detail's key: the action's own, else `label` (a model
    field's), else the trail's; None for a model's variable no form labels."""
    own = ACTION_DETAIL_NAMES.get((action, key))
    if own is not None:
        return str(own)
    known = DETAIL_NAMES.get(key)
    return label or (str(known) if known is not None else None)


# Who did it, when not a person: the scheduler and the sign-in throttle write
# "system", an account made at single sign-on "oidc".
def actor_name(username: str) -> str:
    """The account's display name (工務局承辦人), as the case pages show it."""
    return str(person_name(username))


def actor_account(username: str) -> str | None:
    """The account code shown under the name (the search field takes it)."""
    return account_code(username)


NOTICE_KINDS = {
    "receipt": _l("receipt notice"), "reply": _l("reply notice"),
    "transfer": _l("transfer notice"), "extension": _l("extension notice"),
    "reminder": _l("reminder"), "escalation": _l("escalation notice"),
    "cancellation": _l("cancellation notice"), "digest": _l("daily digest"),
    "supplement": _l("request to complete the petition"),
    "supplement_answered": _l("the petitioner's supplement, to the officer"),
    "repeat": _l("repeat petition notice (answered before)"),
}


def notice_kind(code: str) -> str:
    return str(NOTICE_KINDS.get(code, code))


# A failed notice's stored error, or a test message's (connection_checks.py),
# is the mail library's English ("SMTPAuthenticationError: ..."): the pages say
# what it means first, naming the connections page's fields, the error itself
# sits under "technical detail". The first marker found in the text wins.
MAIL_ERRORS = (
    ("SMTPRecipientsRefused", _l("The mail server refused the recipient's address.")),
    ("SMTPSenderRefused", _l("The mail server refused the sender address: check the sender "
                             "address on the connections page.")),
    ("SMTPAuthenticationError", _l("The mail server refused the sign-in: check the sign-in "
                                   "account and password on the connections page.")),
    ("SMTPNotSupportedError",
     _l("The mail server does not offer what was asked (an encrypted connection or a "
        "sign-in): check the encryption box and the account.")),
    ("gaierror", _l("No mail server has this name: check the server address.")),
    ("ConnectionRefused",
     _l("The mail server refused the connection: check the address and port.")),
    ("TimeoutError", _l("The mail server did not answer in time: check the address and port.")),
    ("timed out", _l("The mail server did not answer in time: check the address and port.")),
    ("SMTPServerDisconnected", _l("The mail server could not be reached.")),
    ("SMTPConnectError", _l("The mail server could not be reached.")),
)


def mail_error(text: str | None) -> str:
    for marker, words in MAIL_ERRORS:
        if marker in (text or ""):
            return str(words)
    return str(_l("The mail server reported an error."))


TIMER_ERROR = _l("The model could not carry out this step, often because of a script or an "
                 "expression in it. Ask the model's author to fix it, then fire it again.")


def error_words(text: str | None) -> str:
    """A stored error (a mail library's or a model step's) in the reader's words."""
    return mail_error(text) if "SMTP" in (text or "") else str(TIMER_ERROR)
