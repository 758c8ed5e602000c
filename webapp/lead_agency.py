"""The lead agency of a case before and after routing: the case's own once
routed; until then (an oral petition is routed only after its read-back) the
agency the intake clerk chose on the registration form (`routed_agency`),
else the one the model's routing table gives for the case's answers. The
receipt and the case panel name it the same way."""
from __future__ import annotations

from dataclasses import dataclass

from engine.cases import routing_hint

from .extensions import runtime


@dataclass(frozen=True)
class Lead:
    agency: str                 # the agency code
    chosen: bool                # named by the clerk at intake (not the routing rules)
    routed: bool                # the case's own responsible agency already
    co_agencies: tuple = ()     # the routing table's co-handling agencies


def of_case(conn, c, known: dict) -> Lead | None:
    """`c`'s lead agency from its data `known`; None when nobody handles it
    (registered for the record) or nothing names one."""
    if known.get("art173_ground") not in (None, "none"):
        return None   # registered for the record: handled by nobody
    answers = {k: known.get(k) for k in ("category", "district")}
    hint = routing_hint.suggest(runtime(), conn, answers, definition_id=c.definition_id)
    chosen = known.get("routed_agency")
    agency = chosen or c.responsible_agency or (hint.agency if hint else None)
    if not agency:
        return None
    co = tuple(a for a in (hint.co_agencies if hint else ()) if a != agency)
    return Lead(agency, bool(chosen), agency == c.responsible_agency, co)
