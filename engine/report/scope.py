"""Whose rows a period report holds, and which agencies a viewer may choose.

Those who write the council's report (engine/board/scope.reads_city_report)
read the whole city's or any one agency's. A supervisor reads the agencies
the deadline board shows him (his own and those under it,
engine/board/scope.board_scope): one of them, or all of them together, issued
in his own agency's name. Anyone else reads their own agency's rows.
"""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from engine.board.scope import board_scope, reads_city_report
from engine.data.schema import agency

CONSUMER_AGENCIES = ("CPO", "CDMC")


class NotReadable(Exception):
    """An agency the viewer may not report on: `code` as asked; `known`
    whether such an agency exists at all (else the code is a typo)."""

    def __init__(self, code: str, known: bool):
        super().__init__(code)
        self.code, self.known = code, known


@dataclass(frozen=True)
class Scope:
    """What part of the city a report covers. `agency` issues it and its rows
    are in it (None: the whole city, issued by the department); `under`: the
    agencies below it whose rows it also holds (a supervisor's "all mine")."""
    agency: str | None
    under: frozenset = frozenset()

    @classmethod
    def of(cls, viewer) -> "Scope":
        """The viewer's own report: the whole city's for its writers, else
        their agency's (the agencies under it are added by `chosen`)."""
        return cls(None) if reads_city_report(viewer) else cls(viewer.agency)

    @property
    def agencies(self) -> frozenset | None:
        """The agencies whose rows the report holds; None: every agency."""
        return None if self.agency is None else frozenset({self.agency, *self.under})

    @property
    def department(self) -> bool:
        return self.agency is None

    @property
    def consumer(self) -> bool:
        return self.department or any(a in CONSUMER_AGENCIES for a in self.agencies)


def readable(conn, viewer) -> set[str] | None:
    """The agencies whose report the viewer may read; None: any, and the whole city's."""
    if reads_city_report(viewer):
        return None
    if "supervisor" in viewer.roles:
        return board_scope(conn, viewer)
    return {viewer.agency}


def chosen(conn, viewer, code: str | None) -> Scope:
    """The report on the agency `code`, or (none chosen) on all the viewer may
    read; NotReadable when that agency is not one of them."""
    codes, code = readable(conn, viewer), (code or "").strip()
    if not code:
        own = Scope.of(viewer)
        return own if codes is None else Scope(own.agency, frozenset(codes - {own.agency}))
    if codes is not None and code in codes:
        return Scope(code)
    known = conn.execute(select(agency.c.code).where(agency.c.code == code)).first() is not None
    if codes is None and known:
        return Scope(code)
    raise NotReadable(code, known)
