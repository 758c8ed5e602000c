"""Flask application factory."""
from flask import Flask, render_template, request

import config


def create_app(test_config: dict | None = None) -> Flask:
    app = Flask(__name__, instance_path=str(config.INSTANCE_DIR))
    app.config.from_mapping(config.load())
    if test_config:
        app.config.update(test_config)
    from . import (case_number_spans, extensions, favicon, form_errors, i18n, labels,
                   request_clock, security)
    extensions.init_app(app)
    request_clock.init_app(app)
    i18n.init_app(app)
    form_errors.init_app(app)
    labels.init_app(app)
    case_number_spans.init_app(app)
    security.init_app(app)
    _register_blueprints(app)
    favicon.init_app(app)
    _register_errors(app)
    return app


def _register_blueprints(app: Flask) -> None:
    from .api import bp as api_bp
    from .open311 import bp as open311_bp
    from .views import (account, admin, auth, board, cases, decisions, inbox, intake, models,
                        migrations, open_data, public, report, start, versions)
    from .extensions import csrf, login_manager
    from . import users
    # start before cases: /cases/new is not a case number
    for bp in (start.bp, auth.bp, inbox.bp, cases.bp, intake.bp, public.bp, api_bp, open311_bp,
               models.bp, versions.bp, migrations.bp, board.bp, report.bp, decisions.bp, admin.bp, account.bp,
               open_data.bp):
        app.register_blueprint(bp)
    # Token-authenticated machine APIs carry no cookies, so no CSRF risk.
    csrf.exempt(api_bp)
    csrf.exempt(open311_bp)

    @login_manager.user_loader
    def _load(user_id):
        from .extensions import db
        with db().connect() as conn:
            return users.load(conn, int(user_id))


def _register_errors(app: Flask) -> None:
    from flask_wtf.csrf import CSRFError

    def page(code):
        def handler(err):
            response = app.make_response(_error_response(code, getattr(err, "description", "") or ""))
            if getattr(err, "valid_methods", None):   # a 405 says what is allowed (RFC 9110)
                response.headers["Allow"] = ", ".join(err.valid_methods)
            return response
        return handler
    for code in (400, 403, 404, 405, 413, 429, 500):
        app.register_error_handler(code, page(code))
    app.register_error_handler(CSRFError, page(400))


def _too_large_on_its_page():
    """The page with an upload form answers its own 413 (webapp/upload_limits.py)."""
    from .upload_limits import case_page_answer
    from .views.public import petition_too_large
    if request.endpoint == "cases.add_attachment" and request.view_args:
        return case_page_answer()
    if request.endpoint == "public.petition":
        return petition_too_large()
    return None


def _error_response(code: int, description: str):
    """The one place that decides how an error looks: Open311's own format,
    JSON for the REST API and the model editor's endpoints, else the HTML page."""
    from .api.errors import json_error
    from .open311.render import error_for_request
    from .views.models import wants_json
    if code == 413 and (answer := _too_large_on_its_page()) is not None:
        return answer   # an over-size upload: answered on its page, beside the field
    if request.path.startswith("/open311/"):
        return error_for_request(code, description)
    if request.path.startswith("/api/") or wants_json():
        return json_error(code, description)
    return render_template("error.html", code=code), code
