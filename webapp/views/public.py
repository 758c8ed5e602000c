"""Pages for citizens: the landing page, the petition form (rate-limited;
photos, location), the receipt, the status page (case number + password;
only failed look-ups are limited) and the satisfaction rating."""
from __future__ import annotations

import json

from flask import (Blueprint, abort, current_app, flash, redirect, render_template, request,
                   session, url_for)
from flask_babel import get_locale, gettext as _
from sqlalchemy import select
from sqlalchemy.dialects import postgresql, sqlite

from engine.data import audit
from engine.cases import closing, queries, replies_sent, supplements
from engine.cases.actors import Actor
from engine.data.schema import case, satisfaction

from engine.data.errors import Conflict, EngineError, InvalidData, NotFound

from .. import attachments, consent, labels, language_switch, petitions, public_complaint, public_form
from .. import photo_refusal, status_files, supplement_page, upload_limits
from ..extensions import clock, db, runtime
from ..form_limits import FAILED_LOOK_UPS, over_the_limit, used_up
from ..reply_to_deliver import remedy_named

bp = Blueprint("public", __name__, url_prefix="/public")
PUBLIC_FIELDS = ("subject", "content", "category", "district", "confidential", "anonymous")
CITIZEN = Actor("citizen", None, frozenset())
RATINGS = ("1", "2", "3", "4", "5")
FORM_ROOM = 256 * 1024   # the text fields of the form, beside its files


@bp.app_context_processor
def _upload_words():
    # base.html hands the upload limit's words to static/js/upload-size.js.
    return {"upload_limit_message": upload_limits.message}


def landing():
    """What a newcomer sees at `/`: what this service is and the two things a
    citizen comes for; staff sign in from here."""
    return render_template("public/home.html")


@bp.url_value_preprocessor
def _room_to_refuse_beside_the_field(endpoint, _values):
    # Runs before the CSRF check reads the body: a petition whose photos are
    # over the limit (up to twice it) is still read, so the refusal is shown
    # beside the photo field and what the citizen typed is kept.
    if endpoint in ("public.petition", "public.supplement"):
        request.max_content_length = 2 * current_app.config["MAX_CONTENT_LENGTH"] + FORM_ROOM
    elif endpoint == "public.complaint":
        request.max_content_length = FORM_ROOM   # text only


@bp.before_request
def _a_language_switch_keeps_what_was_typed():
    # The header's language switch on a public form is a button of the form
    # (base.html), so it posts what was typed: shown again in the other
    # language with it (and the errors it showed), never filed nor counted
    # against the limit; files sent along are not kept.
    again = {"public.petition": _petition_again, "public.complaint": _complaint_again,
             "public.rate": _rating_again, "public.supplement": _supplement_again}
    if request.endpoint in again and language_switch.switched():
        return again[request.endpoint]()
    return None


def _petition_again():
    with db().connect() as conn:
        fields = _public_fields(petitions.register_fields(conn))
        errors = _petition_checked(conn, fields)[2] if language_switch.errors_shown() else {}
    refused = _refusal_on_switch()
    if refused:
        errors[public_form.FILE_FIELD] = refused
    return _form_page(fields, language_switch.kept(fields, request.form), errors,
                      422 if errors else 200,
                      files_dropped=language_switch.files_left() or refused is not None)


def _refusal_on_switch():
    """The photos' refusal to show after a switch. The photos are not sent
    again: a refusal the page showed beside them comes as its reason, to be
    said again in the language chosen. Photos the switch did send (no script
    left them behind) are other ones than those refused: they are checked as
    a petition's are, read only for that, and never kept."""
    sent = [f for f in language_switch.files_sent() if f.name == public_form.FILE_FIELD]
    if not sent:
        return photo_refusal.carried(request.form)
    max_bytes = current_app.config["MAX_CONTENT_LENGTH"]
    return photo_refusal.of([(f.filename, _head(f, max_bytes + 1)) for f in sent], max_bytes)


def _head(upload, limit: int) -> bytes:
    """Up to `limit` bytes of an uploaded file, from its start (the form's
    check may have read it already)."""
    upload.stream.seek(0)
    return upload.stream.read(limit)


def _complaint_again():
    cf = _complaint_form()
    errors = {}
    if language_switch.errors_shown():
        errors = public_complaint.check(cf, public_complaint.read(cf, request.form))[1]
    return public_complaint.page(cf, language_switch.kept(cf.asked, request.form), errors,
                                 422 if errors else 200)


def _complaint_form():
    """The deployed model's start form; 404 while it is not deployed."""
    try:
        with db().connect() as conn:
            return public_complaint.load(conn, runtime())
    except NotFound:
        abort(404)


def _public_fields(registered: list) -> list:
    """What the citizen fills in, of the model's register form."""
    by_name = {f.name: f for f in registered}
    return [by_name[n] for n in PUBLIC_FIELDS if n in by_name]


def _form_page(fields, values, errors, status=200, files_dropped=False):
    return render_template("public/petition.html", fields=fields, values=values, errors=errors,
                           files_dropped=files_dropped,
                           with_point=current_app.config.get("PUBLIC_MAP_POINT", False),
                           max_files=public_form.MAX_FILES, consent=consent.PETITION,
                           anonymous=petitions.allows_anonymous(fields)), status


@bp.route("/petition", methods=["GET", "POST"])
def petition():
    window = over_the_limit("PUBLIC_RATE_LIMIT") if request.method == "POST" else None
    if window:
        return _petition_refused(window)
    with db().connect() as conn:
        # The model's register form, read once: the public fields, the
        # page's language and the petitioner's fields all come from it.
        registered = petitions.register_fields(conn)
        fields = _public_fields(registered)
        checked = _petition_checked(conn, fields) if request.method == "POST" else None
    if checked is None:
        return _form_page(fields, {}, {})
    sub, clean, errors = checked
    if errors:
        return _form_page(fields, request.form, errors, 422, files_dropped=bool(sub.files))
    receipt = petitions.start(runtime(), {**clean, "channel": "web", **_page_language(registered),
                                          **consent.recorded(consent.PETITION),
                                          **petitions.person_fields(registered, sub.person)},
                              actor=CITIZEN, person=sub.person)
    _attach(receipt.case_id, sub.files)
    session["public_receipt"] = {"number": receipt.number, "password": receipt.password,
                                 "files": len(sub.files),
                                 "confidential": bool(clean.get("confidential"))}
    return redirect(url_for("public.receipt"))


def _petition_refused(window: int):
    """Over the limit: nothing is checked nor stored, and the form comes
    back with what the citizen typed (the photos must be chosen again),
    saying when to send it, as the status look-up does."""
    with db().connect() as conn:
        fields = _public_fields(petitions.register_fields(conn))
    flash(_("Your petition was not sent: too many petitions were sent from your connection. "
            "What you wrote is kept below; please send it again later, at the latest in "
            "%(minutes)s minutes.", minutes=max(1, window // 60)), "error")
    sent_files = any(f.filename for f in request.files.getlist(public_form.FILE_FIELD))
    return _form_page(fields, request.form, {}, 429, files_dropped=sent_files)


def _page_language(registered: list) -> dict:
    """The petition is written in the page's language, so its reply letter is
    too: the model's `language` choice that matches it (none: the default)."""
    field = next((f for f in registered if f.name == "language"), None)
    if field is None:
        return {}
    page = get_locale().language   # 'zh' for zh_Hant_TW, 'en'
    match = next((c[0] for c in field.choices if c[0].split("_")[0] == page), None)
    return {"language": match} if match else {}


def _petition_checked(conn, fields) -> tuple:
    """(what was sent, its clean values, its errors by field) of the posted petition."""
    max_bytes = current_app.config["MAX_CONTENT_LENGTH"]
    sub = public_form.read(fields, request.form, request.files, max_bytes=max_bytes,
                           with_point=current_app.config.get("PUBLIC_MAP_POINT", False))
    return (sub, *public_form.check(conn, fields, sub, max_bytes))


def _attach(case_id: int, files: list) -> None:
    """The photos, checked before the case started, with their audit records."""
    if not files:
        return
    now, max_bytes = clock().now(), current_app.config["MAX_CONTENT_LENGTH"]
    with db().begin() as conn:
        for name, data in files:
            attachments.store(conn, current_app.config["ATTACHMENT_DIR"], case_id, name, data,
                              "petitioner", now, max_bytes)
            audit.record(conn, case_id=case_id, at=now, actor="petitioner", action="attach",
                         filename=attachments.display_name(name))


def petition_too_large():
    """The answer when even the room for a refusal was exceeded: the form
    again with the reason beside the photo field (the body was not read)."""
    with db().connect() as conn:
        fields = _public_fields(petitions.register_fields(conn))
    errors = {public_form.FILE_FIELD: photo_refusal.Refusal("size")}
    flash(_("Your petition was not sent: the photos were too large. Please fill in the form "
            "again and choose smaller photos."), "error")
    return _form_page(fields, {}, errors, 413, files_dropped=True)


@bp.route("/complaint", methods=["GET", "POST"])
def complaint():
    """A consumer complaint (消費爭議申訴): the consumer_complaint model's start form."""
    cf = _complaint_form()
    if request.method == "GET":
        return public_complaint.page(cf, {}, {})
    window = over_the_limit("PUBLIC_RATE_LIMIT")
    if window:   # nothing checked nor filed; what was typed comes back
        flash(_("Your complaint was not sent: too many complaints were sent from your "
                "connection. What you wrote is kept below; please send it again later, at the "
                "latest in %(minutes)s minutes.", minutes=max(1, window // 60)), "error")
        return public_complaint.page(cf, request.form, {}, 429)
    filed = public_complaint.read(cf, request.form)
    clean, errors = public_complaint.check(cf, filed)
    if errors:
        return public_complaint.page(cf, request.form, errors, 422)
    try:
        receipt = public_complaint.start(runtime(), cf, clean, filed.person)
    except EngineError as exc:   # e.g. the model changed meanwhile: nothing was filed
        flash(_("Your complaint was not filed. Please check it and send it again."), "error")
        shown = public_complaint.beside_fields(cf, exc)
        return public_complaint.page(cf, request.form, shown, 422 if shown else 503)
    session["public_receipt"] = {"number": receipt.number, "password": receipt.password,
                                 "files": 0, "kind": public_complaint.PROCESS}
    return redirect(url_for("public.receipt"))


@bp.route("/receipt")
def receipt():
    data = session.pop("public_receipt", None)
    if not data:
        return redirect(url_for("public.petition"))
    if data.get("kind") == public_complaint.PROCESS:
        return render_template("public/complaint_receipt.html", receipt=data)
    return render_template("public/receipt.html", receipt=data)


@bp.route("/status", methods=["GET", "POST"])
def status():
    if request.method == "POST":
        number = (request.form.get("number") or "").strip()[:20]
        window = used_up("PUBLIC_RATE_LIMIT", FAILED_LOOK_UPS)
        if window:
            return _look_up_refused(number, window)
        with db().connect() as conn:
            row = petitions.check_status_password(conn, number, request.form.get("password", ""))
        if row is not None:
            session["status_case"] = row.number
            return redirect(url_for("public.status_page"))
        over_the_limit("PUBLIC_RATE_LIMIT", FAILED_LOOK_UPS)   # only a failed look-up counts
        flash(_("Case number or password is wrong."), "error")
        return render_template("public/status_form.html", number=number)
    # A repeat's status page links the earlier case's look-up with its number filled in.
    return render_template("public/status_form.html",
                           number=(request.args.get("number") or "").strip()[:20])


def _look_up_refused(number: str, window: int):
    """The look-up form again, its number kept, saying how long to wait:
    too many wrong look-ups from this address (guessing is slowed)."""
    flash(_("Too many wrong look-ups from your connection. To protect the cases, please try "
            "again in %(minutes)s minutes.", minutes=max(1, window // 60)), "error")
    return render_template("public/status_form.html", number=number), 429


def _status_case(conn):
    number = session.get("status_case")
    if not number:
        return None
    return conn.execute(select(case).where(case.c.number == number)).first()


@bp.route("/status/case")
def status_page(errors=None, values=None):
    with db().connect() as conn:
        c = _status_case(conn)
        if c is None:
            return redirect(url_for("public.status"))
        # 補正: what the officer asked while the clock stands still, and the answer form.
        asked = (supplements.open_request(conn, c.id)
                 if c.clock_stopped_at and c.status == "open" else None)
        files, answered = status_files.grouped(conn, c.id)
        page = dict(c=c, rating=queries.satisfaction_of(conn, c.id), asked=asked,
                    errors=errors or {}, values=values or {}, files=files, answered=answered,
                    labels=labels.for_case(conn, c.definition_id),
                    where=json.loads(c.summary or "{}").get("location_address"),
                    **_outcome(conn, c), **_progress(conn, c))
    return render_template("public/status.html", **page)


def _outcome(conn, c) -> dict:
    """What the citizen reads of the outcome: a petition's reply (with its
    legal basis and remedy); else the replies the model sent (a consumer
    complaint's answer, the business's reply, the officer's findings, the
    mediation's outcome), dated; else why the case ended with none."""
    reply = queries.reply_of(conn, c)
    sent = [] if reply else replies_sent.of_case(conn, c.id)
    return {"reply": reply, "sent": sent, "remedy": remedy_named(conn, c, reply, str(get_locale())),
            "closing": None if sent else closing.why(conn, c, reply)}


def _progress(conn, c) -> dict:
    """Where the case stands, in the words of its kind: a petition is being
    registered while the department's intake step is open; any other kind
    (a consumer complaint the centre registered) is named by its process
    and is under way from the start, due by its next step's deadline."""
    if c.process_key == petitions.PROCESS:
        return {"kind": None, "registering": petitions.in_registration(conn, c.id),
                "reply_due": petitions.reply_deadline(conn, c) if c.status != "completed" else None}
    due = min((t.due_at for t in queries.case_tasks(conn, c.id)
               if t.state == "ready" and t.due_at), default=None)
    return {"kind": labels.process_title(c.process_key), "registering": False, "reply_due": due}


def _rating_again():
    """The status page in the language chosen, with the score and remark
    picked (the switch is a button of the rating form); the missing score
    is said again if it was said."""
    rating, remark = request.form.get("rating", ""), (request.form.get("remark") or "")[:2000]
    errors = {}
    if language_switch.errors_shown() and rating not in RATINGS:
        errors["rating"] = _("Please choose a score from 1 to 5.")
    return status_page(errors=errors, values={"rating": rating, "remark": remark})


def _supplement_again():
    """The status page in the language chosen, with the supplement typed;
    files chosen are asked for again (a browser cannot put them back)."""
    text = request.form.get("answer", "")
    errors = {}
    if language_switch.errors_shown():
        try:
            supplements.checked_text("answer", text)
        except InvalidData as exc:
            errors = exc.errors
    return status_page(errors=errors, values={"answer": text,
                                              "files_dropped": language_switch.files_left()})


@bp.route("/status/supplement", methods=["POST"])
def supplement():
    """The petitioner sends what was asked (text, photos or a PDF): it is kept
    on the case and the case's clock runs again, in one command."""
    window = over_the_limit("PUBLIC_RATE_LIMIT")
    with db().connect() as conn:
        c = _status_case(conn)
    if c is None:
        abort(403)
    text, uploads = request.form.get("answer", ""), request.files.getlist("files")
    if window:   # nothing stored; the text comes back, the files are asked for again
        return _supplement_refused(text, window)
    try:
        files = supplement_page.answer_checked(text, uploads)
        runtime().answer_supplement(c.id, supplements.PETITIONER, text, files)
    except InvalidData as exc:   # the files chosen are asked for again, whichever was refused
        flash(_("Your supplement was not sent: please correct the marked fields."), "error")
        return status_page(errors=exc.errors, values={
            "answer": text, "files_dropped": any(f.filename for f in uploads)}), 422
    except Conflict:   # sent twice, or the case stopped waiting while they wrote
        return _supplement_not_taken(c, text, any(f.filename for f in uploads))
    flash(_("Thank you: your supplement was received and the handling of your petition "
            "continues."), "success")
    return redirect(url_for("public.status_page"))


def _supplement_not_taken(c, text: str, files_dropped: bool):
    """The case no longer waits: this very text sent twice is received; else
    (the officer recorded an answer given by phone, the case was closed) what
    they wrote comes back to copy, saying why it was not sent (409)."""
    with db().connect() as conn:
        last = (supplements.history(conn, c.id) or [None])[-1]
        closed = conn.execute(select(case.c.status).where(case.c.id == c.id)).scalar() != "open"
    if last is not None and last.answered_by == supplements.PETITIONER.username \
            and (last.answer or "").strip() == text.strip():
        flash(_("Your supplement was already received; nothing more is needed for now."), "notice")
        return redirect(url_for("public.status_page"))
    flash(_("Your supplement was not sent: your petition was closed meanwhile. What you wrote "
            "is kept below; if it adds anything, please call the 1999 hotline.") if closed else
          _("Your supplement was not sent: meanwhile the agency recorded your supplement (given "
            "by phone, by letter or at the counter), so your petition no longer waits for it. "
            "What you wrote is kept below; if it adds anything, please call the 1999 hotline."),
          "error")
    return status_page(values={"answer": text, "unsent": True,
                               "files_dropped": files_dropped}), 409


def _supplement_refused(text: str, window: int):
    flash(_("Your supplement was not sent: too many were sent from your connection. What you "
            "wrote is kept below; please send it again later, at the latest in %(minutes)s "
            "minutes.", minutes=max(1, window // 60)), "error")
    sent_files = any(f.filename for f in request.files.getlist("files"))
    return status_page(values={"answer": text, "files_dropped": sent_files}), 429


def _rating_kept(conn, case_id: int, rating: int, remark: str, now) -> bool:
    """Insert the rating unless one exists (two sends at once: one wins).
    Asked by RETURNING: psycopg gives an INSERT's rowcount as -1 here, so on
    PostgreSQL every first rating read as a second one, and was not audited."""
    dialect = postgresql if conn.dialect.name == "postgresql" else sqlite
    res = conn.execute(dialect.insert(satisfaction).values(
        case_id=case_id, rating=rating, remark=remark, at=now).on_conflict_do_nothing()
        .returning(satisfaction.c.case_id))
    return res.first() is not None


@bp.route("/status/rate", methods=["POST"])
def rate():
    now = clock().now()
    rating, remark = request.form.get("rating", ""), (request.form.get("remark") or "")[:2000]
    with db().begin() as conn:
        c = _status_case(conn)
        if c is None:
            abort(403)
        refused = _rating_refused(conn, c, rating)
        if refused is None and _rating_kept(conn, c.id, int(rating), remark, now):
            audit.record(conn, case_id=c.id, at=now, actor="petitioner", action="rate", rating=int(rating))
        elif refused is None:   # a second send raced the first: it was received
            refused = "rated"
    if refused == "no_rating":   # said beside the stars, with the remark kept
        flash(_("Your rating was not sent: please choose a score."), "error")
        return status_page(errors={"rating": _("Please choose a score from 1 to 5.")},
                           values={"remark": remark}), 422
    flash(*((_("Your rating was already received. Thank you."), "notice") if refused == "rated"
            else (_("The rating could not be saved."), "error") if refused
            else (_("Thank you for your rating."), "success")))
    return redirect(url_for("public.status_page"))


def _rating_refused(conn, c, rating: str) -> str | None:
    """Why a rating is not kept: the case is not closed, it was rated, no score."""
    if c.status != "completed":
        return "not_closed"
    if queries.satisfaction_of(conn, c.id):
        return "rated"
    return None if rating in RATINGS else "no_rating"
