"""Who runs a command, and what they may do with a task."""
from __future__ import annotations

from dataclasses import dataclass, field

from engine.data.errors import Forbidden


@dataclass(frozen=True)
class Actor:
    username: str
    agency: str | None = None
    roles: frozenset = field(default_factory=frozenset)

    def has(self, role: str) -> bool:
        return role in self.roles or "admin" in self.roles


SYSTEM = Actor("system", None, frozenset({"admin"}))


def can_work(actor: Actor, candidate_agency, candidate_role) -> bool:
    """An officer works on their agency's tasks that need a role they hold;
    a supervisor may do their officers' work; an administrator anything."""
    if "admin" in actor.roles:
        return True
    if candidate_agency and candidate_agency != actor.agency:
        return False
    role = candidate_role or "officer"
    return actor.has(role) or (role == "officer" and actor.has("supervisor"))


def require_work(actor: Actor, row) -> None:
    if not can_work(actor, row.candidate_agency, row.candidate_role):
        raise Forbidden("this task belongs to another agency or role",
                        agency=row.candidate_agency, role=row.candidate_role)
