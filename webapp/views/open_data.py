"""Open data (開放資料), public without signing in: the report's figures per
month as CSV and JSON, each dataset with its data dictionary
(engine/report/open_data.py). Aggregates only, never a person or free text.
An unknown dataset, a malformed month or one without data is a 404 page that
says which datasets and months exist."""
from __future__ import annotations

import json

from flask import Blueprint, Response, render_template
from flask_babel import gettext as _

from engine.report.open_data import month_period, months, table
from engine.report.open_data_sets import DATASETS
from engine.report.period import PeriodError

from ..export import Sheet, csv_response
from ..extensions import clock, db
from ..labels import _pick

bp = Blueprint("open_data", __name__, url_prefix="/open-data")
FORMATS = ("csv", "json")


@bp.route("/")
def index():
    now = clock().now()
    with db().connect() as conn:
        listed = [(d, months(conn, d, now)) for d in DATASETS.values()]
    return render_template("open_data/index.html", listed=listed, pick=_pick)


@bp.route("/<key>/")
def dictionary(key):
    dataset = DATASETS.get(key)
    if dataset is None:
        return _not_found(_("There is no dataset named “%(key)s”.", key=key))
    with db().connect() as conn:
        available = months(conn, dataset, clock().now())
    return render_template("open_data/dictionary.html", d=dataset, months=available, pick=_pick)


@bp.route("/<key>/dictionary.json")
def dictionary_json(key):
    dataset = DATASETS.get(key)
    if dataset is None:
        return _not_found(_("There is no dataset named “%(key)s”.", key=key))
    fields = [{"field": f.name, "type": f.type, "meaning_zh": f.zh, "meaning_en": f.en} for f in dataset.fields]
    return _json({"dataset": key, "title_zh": dataset.zh, "title_en": dataset.en, "fields": fields})


@bp.route("/<key>/<filename>")
def month_file(key, filename):
    dataset = DATASETS.get(key)
    if dataset is None:
        return _not_found(_("There is no dataset named “%(key)s”.", key=key))
    month, _dot, fmt = filename.rpartition(".")
    if fmt not in FORMATS or not _readable(month):
        return _not_found(_("A file is named by its month and format, as 2026-03.csv or 2026-03.json."))
    now = clock().now()
    with db().connect() as conn:
        if month not in months(conn, dataset, now):
            return _not_found(_("“%(dataset)s” has no data for %(month)s.", dataset=_pick((dataset.zh, dataset.en), key),
                                month=month), dataset=dataset)
        rows = table(conn, dataset, month, now)
    names = [f.name for f in dataset.fields]
    if fmt == "csv":
        return csv_response(f"{key}-{month}.csv", Sheet(key, names, [[r[n] for n in names] for r in rows]))
    return _json({"dataset": key, "month": month, "generated_at": now.isoformat(), "fields": names, "rows": rows})


def _readable(month: str) -> bool:
    try:
        month_period(month)
    except (ValueError, PeriodError):
        return False
    return True


def _json(body: dict) -> Response:
    return Response(json.dumps(body, ensure_ascii=False, default=str), mimetype="application/json")


def _not_found(reason: str, dataset=None):
    return render_template("open_data/not_found.html", reason=reason, dataset=dataset,
                           datasets=DATASETS.values(), pick=_pick), 404
