"""The first screen after signing in, chosen by the person's work: case
roles (intake, officer, supervisor) have their inbox; an administrator with
no case work has /admin (failed timers, unsent notices, locked accounts); an
analyst with no case work has the models list. An empty inbox tells them nothing."""
from __future__ import annotations

from flask import url_for

# Roles whose work arrives as tasks in the inbox.
CASE_ROLES = ("intake", "officer", "supervisor")


def landing_url(user) -> str:
    if user.has_role(*CASE_ROLES):
        return url_for("inbox.index")
    if user.has_role("admin"):
        return url_for("admin.home")
    if user.has_role("analyst"):
        return url_for("models.index")
    return url_for("inbox.index")
