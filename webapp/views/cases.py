"""The case page: the case panel (the petitioner's words, read-back, opinions,
files, related cases, comments, timeline), the diagram and the tasks."""
from __future__ import annotations

import json

from flask import (Blueprint, Response, abort, current_app, flash, redirect,
                   render_template, request, send_file, url_for)
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import insert

from engine.data import audit
from engine.cases import queries
from engine.data.schema import comment

from .. import access, attachments, casepanel, diagram_names, people
from ..extensions import clock, db
from ..i18n import current_locale

bp = Blueprint("cases", __name__, url_prefix="/cases")
# The case panel (a macro, so a global) and the task page name people, not accounts.
bp.add_app_template_global(people.person_name, "person_name")
# A file the pages show as a thumbnail (`f.content_type is photo`).
bp.add_app_template_test(attachments.is_photo, "photo")

def _case_or_404(conn, number):
    row = queries.visible_case(conn, access.viewer(), number=number)
    if row is None:
        abort(404)
    return row


@bp.route("/find")
@login_required
def find():
    number = (request.args.get("number") or "").strip()
    with db().connect() as conn:
        if number and queries.visible_case(conn, access.viewer(), number=number):
            return redirect(url_for("cases.show", number=number))
    flash(_("No case %(number)s that you may see.", number=number), "error")
    return redirect(url_for("inbox.index"))


@bp.route("/<number>")
@login_required
def show(number):
    viewer = access.viewer()
    with db().connect() as conn:
        c = _case_or_404(conn, number)
        page = dict(casepanel.context(conn, viewer, c),
                    tasks=queries.case_tasks(conn, c.id),
                    rating=queries.satisfaction_of(conn, c.id),
                    definition=queries.definition_of(conn, c.definition_id))
    page["current"] = [t.element_id for t in page["tasks"] if t.state == "ready"]
    page["done"] = sorted({t.element_id for t in page["tasks"] if t.state == "completed"})
    return render_template("cases/show.html", c=c, **page)


@bp.route("/<number>/diagram.bpmn")
@login_required
def diagram(number):
    with db().connect() as conn:
        c = _case_or_404(conn, number)
        d = queries.definition_of(conn, c.definition_id)
    sources = json.loads(d.sources)
    xml = next((text for text in sources.values() if f'id="{c.process_key}"' in text),
               next(iter(sources.values())))
    return Response(diagram_names.in_language(xml, current_locale()), mimetype="application/xml")


@bp.route("/<number>/comments", methods=["POST"])
@login_required
def add_comment(number):
    body = (request.form.get("body") or "").strip()
    if not body or len(body) > 4000:
        flash(_("A comment needs 1 to 4000 characters."), "error")
        return redirect(url_for("cases.show", number=number))
    now = clock().now()
    with db().begin() as conn:
        c = _case_or_404(conn, number)
        conn.execute(insert(comment).values(case_id=c.id, author=current_user.username,
                                            at=now, body=body))
        audit.record(conn, case_id=c.id, at=now, actor=current_user.username, action="comment",
                     note=body)   # the trail says what was written (masked when read)
    flash(_("Comment added."), "success")
    return redirect(url_for("cases.show", number=number) + "#comments")


@bp.route("/<number>/attachments", methods=["POST"])
@login_required
def add_attachment(number):
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        flash(_("Choose a file to attach."), "error")
        return redirect(url_for("cases.show", number=number))
    cfg = current_app.config
    data = upload.read(cfg["MAX_CONTENT_LENGTH"] + 1)
    now = clock().now()
    try:
        with db().begin() as conn:
            c = _case_or_404(conn, number)
            attachments.store(conn, cfg["ATTACHMENT_DIR"], c.id, upload.filename, data,
                              current_user.username, now, cfg["MAX_CONTENT_LENGTH"])
            audit.record(conn, case_id=c.id, at=now, actor=current_user.username,
                         action="attach", filename=upload.filename[:200])
    except attachments.Refused as exc:
        flash(_refusal(str(exc)), "error")
        return redirect(url_for("cases.show", number=number))
    flash(_("File attached."), "success")
    return redirect(url_for("cases.show", number=number) + "#files")


def _refusal(reason: str) -> str:
    return {"size": _("The file is too large."), "empty": _("The file is empty."),
            }.get(reason, _("This type of file is not accepted (PDF, images, text, Office documents)."))


@bp.route("/<number>/attachments/<int:file_id>")
@login_required
def download(number, file_id):
    row, path = _file_or_404(number, file_id)
    return send_file(path, mimetype=row.content_type, as_attachment=True,
                     download_name=row.filename)


@bp.route("/<number>/attachments/<int:file_id>/photo")
@login_required
def photo(number, file_id):
    """A photo shown in the page (its thumbnail, or opened in full), checked
    as the download is; only a real JPEG or PNG is sent inline, under its own
    type, and the browser is told not to guess another."""
    row, path = _file_or_404(number, file_id)
    shown_as = attachments.photo_type(row.content_type, path)
    if shown_as is None:
        abort(404)
    resp = send_file(path, mimetype=shown_as, as_attachment=False, download_name=row.filename)
    resp.headers["X-Content-Type-Options"] = "nosniff"
    resp.cache_control.private = True   # a petitioner's photo: never in a shared cache
    return resp


def _file_or_404(number, file_id):
    """(the attachment row, its file) of a case the viewer may see."""
    with db().connect() as conn:
        c = _case_or_404(conn, number)
        row = next((f for f in queries.attachments(conn, c.id) if f.id == file_id), None)
    if row is None:
        abort(404)
    return row, attachments.path_of(current_app.config["ATTACHMENT_DIR"], row.storage_key)
