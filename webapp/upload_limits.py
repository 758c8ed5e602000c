"""An upload over MAX_CONTENT_LENGTH answered on the page it came from, with
the reason beside the file field, instead of a bare 413 page.

The browser checks the size first (static/js/upload-size.js, limit and words
from base.html); this is the answer for the upload that got past it.
"""
from __future__ import annotations

from flask import current_app, flash, redirect, request, url_for
from flask_babel import gettext as _


def message(max_bytes: int | None = None) -> str:
    """The words for a file over the limit, with the limit in MB."""
    max_bytes = max_bytes or current_app.config["MAX_CONTENT_LENGTH"]
    return _("The file is too large: at most %(mb)s MB (all files together). Please choose a "
             "smaller file; a photo can be sent at a lower resolution.",
             mb=f"{max_bytes / (1024 * 1024):g}")


def case_page_answer():
    """The case page's answer to an over-size attachment: back to its files,
    the reason flashed. Nothing was read or stored (the body was refused
    unread), so no CSRF check is needed before answering."""
    flash(message(), "error")
    return redirect(url_for("cases.show", number=request.view_args["number"]) + "#files")
