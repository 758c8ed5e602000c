"""Single sign-on with the city's OpenID Connect provider (Authlib).

Offered on the sign-in page as soon as OIDC_ISSUER, OIDC_CLIENT_ID and
OIDC_CLIENT_SECRET are set, on the server or at /admin/connections (read when
used: webapp/connections.py); local passwords stay the default. The person the
provider vouches for is an existing account with the same username or
e-mail, or a new account whose agency and roles come from configured claims
(OIDC_AGENCY_CLAIM, OIDC_ROLES_CLAIM) or the defaults (OIDC_DEFAULT_AGENCY,
OIDC_DEFAULT_ROLES); with neither, an unknown person is refused.
"""
from __future__ import annotations

import secrets

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.flask_client import OAuth
from flask import Blueprint, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from sqlalchemy import func, select, update

from engine.data.schema import agency, app_user
from engine.models.meta import ROLES

from . import connections, users
from .extensions import clock, db
from .landing import landing_url
from .security import safe_next, start_session

bp = Blueprint("oidc", __name__, url_prefix="/login/sso")
ACTOR = "oidc"   # who the audit names for an account created at sign-on
NEXT = "sso_next"   # session key: the page asked for before the round trip to the provider


def enabled(config=None) -> bool:
    """Set and usable: a client secret saved under another SECRET_KEY is not offered."""
    config = config or connections.current()
    return not unreadable(config) and all(
        config.get(k) for k in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET"))


def unreadable(config) -> bool:
    """The client secret must be entered again (saved under another SECRET_KEY)."""
    return "sso" in getattr(config, "unusable", ())


def _client():
    """The provider's client for the settings in force, made again when an
    administrator changed them (one OAuth registry per app and settings)."""
    config = connections.current()
    if not enabled(config):
        abort(404)   # single sign-on is not configured
    key = tuple(config[k] for k in ("OIDC_ISSUER", "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET",
                                    "OIDC_SCOPE"))
    made = current_app.extensions.get("civicflow.oidc")
    if made is None or made[0] != key:
        made = key, _register(config)
        current_app.extensions["civicflow.oidc"] = made
    return made[1], config


def _register(config):
    oauth = OAuth(current_app._get_current_object())
    return oauth.register(
        "city", client_id=config["OIDC_CLIENT_ID"], client_secret=config["OIDC_CLIENT_SECRET"],
        server_metadata_url=discovery_url(config["OIDC_ISSUER"]),
        client_kwargs={"scope": config["OIDC_SCOPE"] or "openid email profile"})


def discovery_url(issuer: str) -> str:
    return issuer.rstrip("/") + "/.well-known/openid-configuration"


@bp.route("")
def start():
    # The page the person asked for (the sign-in page passes its `next`) waits
    # in the session while the provider vouches for them; only a path of this site.
    target = safe_next(request.args.get("next"))
    if target:
        session[NEXT] = target
    else:
        session.pop(NEXT, None)
    return _client()[0].authorize_redirect(url_for(".callback", _external=True))


@bp.route("/callback")
def callback():
    client, config = _client()
    try:
        token = client.authorize_access_token()
        claims = dict(token.get("userinfo") or {})
        claims.update(client.userinfo(token=token))
    except AuthlibBaseError:
        current_app.logger.warning("single sign-on failed", exc_info=True)
        flash(_("The city's sign-on did not confirm who you are. Please try again."), "error")
        return redirect(url_for("auth.login"))
    with db().begin() as conn:
        user = user_for_claims(conn, claims, config)
    if user is None:
        flash(_("Your city account has no access to this system yet. "
                "Please ask an administrator to add you."), "error")
        return redirect(url_for("auth.login"))
    target = safe_next(session.pop(NEXT, None))   # start_session clears the session
    start_session(user)
    return redirect(target or landing_url(user))


def user_for_claims(conn, claims: dict, config) -> users.User | None:
    """The active account the claims name, created when the mapping allows;
    None for a deactivated account or an unmapped person."""
    username = _username(claims, config)
    email = claims.get("email") if claims.get("email_verified", True) is not False else None
    row = _existing(conn, username, email)
    if row is None:
        row = _create(conn, username, email, claims, config)
    return users.load(conn, row.id) if row is not None else None


def _username(claims: dict, config) -> str:
    name = claims.get(config["OIDC_USERNAME_CLAIM"]) or claims.get("email") or claims["sub"]
    return str(name).strip()[:64]


def _existing(conn, username: str, email: str | None):
    match = func.lower(app_user.c.username) == username.lower()
    if email:
        match = match | (func.lower(app_user.c.email) == email.lower())
    # A username match wins over an e-mail match.
    return conn.execute(select(app_user).where(match).order_by(
        (func.lower(app_user.c.username) != username.lower()), app_user.c.id)).first()


def _create(conn, username: str, email: str | None, claims: dict, config):
    agency_code, roles = _mapped(claims, config)
    if not agency_code or not roles or any(r not in ROLES for r in roles):
        return None
    if conn.execute(select(agency.c.code).where(agency.c.code == agency_code,
                                                agency.c.active.is_(True))).first() is None:
        return None
    # A random password nobody knows: the account signs in through the city only.
    user_id = users.create_user(conn, username, agency_code, roles, secrets.token_urlsafe(32),
                                str(claims.get("name") or username)[:120], actor=ACTOR,
                                now=clock().now())
    if email:
        conn.execute(update(app_user).where(app_user.c.id == user_id).values(email=email[:200]))
    return conn.execute(select(app_user).where(app_user.c.id == user_id)).one()


def _mapped(claims: dict, config) -> tuple[str, list[str]]:
    agency_code = (claims.get(config["OIDC_AGENCY_CLAIM"]) if config["OIDC_AGENCY_CLAIM"]
                   else None) or config["OIDC_DEFAULT_AGENCY"]
    roles = (claims.get(config["OIDC_ROLES_CLAIM"]) if config["OIDC_ROLES_CLAIM"]
             else None) or config["OIDC_DEFAULT_ROLES"]
    if isinstance(roles, str):
        roles = roles.split(",")
    return str(agency_code or "").strip(), [str(r).strip() for r in roles or () if str(r).strip()]
