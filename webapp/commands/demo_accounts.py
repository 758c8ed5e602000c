"""What `civicflow demo` says at its end: every demo account a person can
sign in with (bpmn/reference/demo_users.json: each agency's officer,
supervisor and intake clerk, the named officers of the busiest agencies, the
analyst and the administrator), a line per agency, by role, in the language
forced around it (flask_babel.force_locale), and the shared password."""
from __future__ import annotations

from flask_babel import gettext as _

from engine.demo.reference import demo_password, demo_user_rows, read_json
from webapp.extensions import db
from webapp.i18n import current_locale
from webapp.labels import agency_label, agency_names, role_label

# An account is listed under its most senior role (a supervisor also works as an officer).
SENIORITY = ("admin", "analyst", "supervisor", "officer", "intake")
ROLE_ORDER = ("officer", "supervisor", "intake", "analyst", "admin")


def account_lines() -> list[str]:
    """The heading with the password, a line per agency with accounts of its
    own (named officers, the analyst, the administrator), then one line for
    the many agencies that have only the three accounts named by their code
    (60 lines of them hid the few that matter)."""
    with db().connect() as conn:
        names = {"agencies": agency_names(conn)}
    suffixes = [s["suffix"] for s in read_json("demo_users.json")["per_agency"]]
    by_agency: dict[str, dict[str, list[str]]] = {}
    for user in demo_user_rows():
        roles = by_agency.setdefault(user["agency_code"], {})
        roles.setdefault(main_role(user["roles"]), []).append(shown(user, set(suffixes)))
    plain = [code for code, roles in by_agency.items() if only_generic(code, roles, suffixes)]
    heading = _("Demo accounts (the password of each is %(password)s):", password=demo_password())
    return [heading, *(f"  {agency_label(names, code)}{bracketed(code)}  {agency_roles(roles)}"
                       for code, roles in by_agency.items() if code not in plain),
            *([pattern_line(plain, suffixes)] if plain else [])]


def only_generic(code: str, roles: dict[str, list[str]], suffixes: list[str]) -> bool:
    """An agency whose accounts are just code.officer, code.supervisor, code.intake."""
    listed = sorted(name for names in roles.values() for name in names)
    return listed == sorted(f"{code.lower()}.{s}" for s in suffixes)


def pattern_line(codes: list[str], suffixes: list[str]) -> str:
    """The other N agencies' accounts as a pattern, with two examples."""
    m = marks()
    pattern = m["comma"].join(f"{_('code')}.{s}{bracketed(role_label(s))}" for s in suffixes)
    examples = [codes[0]] + [c for c in codes if c.startswith("D-")][:1]
    shown_examples = m["comma"].join(f"{c.lower()}.{suffixes[0]}" for c in dict.fromkeys(examples))
    return "  " + _("The other %(count)d agencies (district offices included) each have the same "
                    "accounts, named by the agency's code in small letters: %(pattern)s; for "
                    "example %(examples)s.", count=len(codes), pattern=pattern,
                    examples=shown_examples)


def marks() -> dict:
    """The punctuation of the operator's language."""
    if current_locale() == "en":
        return {"open": " (", "close": ")", "between": "; ", "colon": ": ", "comma": ", "}
    return {"open": "（", "close": "）", "between": "；", "colon": "：", "comma": "、"}


def bracketed(text: str) -> str:
    m = marks()
    return f"{m['open']}{text}{m['close']}"


def main_role(roles: str) -> str:
    given = roles.split(",")
    return next((r for r in SENIORITY if r in given), given[0])


def shown(user: dict, generic: set[str]) -> str:
    """doa.officer and analyst as they are; a named officer as 林怡君（doa.lin）."""
    username = user["username"]
    _code, dot, suffix = username.partition(".")
    named = dot and suffix not in generic and user.get("display_name")
    return f"{user['display_name']}{bracketed(username)}" if named else username


def agency_roles(roles: dict[str, list[str]]) -> str:
    """承辦人：doa.officer、林怡君（doa.lin）；主管：doa.supervisor."""
    m = marks()
    return m["between"].join(f"{role_label(r)}{m['colon']}{m['comma'].join(roles[r])}"
                        for r in sorted(roles, key=ROLE_ORDER.index))
