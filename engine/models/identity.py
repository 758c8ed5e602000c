"""Which of a model's form fields hold the petitioner's identity (Art. 170):
the fields named petitioner_* (petitioner_name, petitioner_contact,
petitioner_new_email...) and the fields a start declares for the person
(`<civicflow:start petitioner="consumer_name consumer_contact">`).

A confidential petitioner's identity reaches only those
engine/cases/queries.sees_identity allows: the case data handed to anyone
else holds none of these fields (engine/cases/casefile.read), and a task's
`show_fields` may not name them (meta.problems): the panel's own
petitioner row shows the person, by the same rule.
"""
from __future__ import annotations

# The same prefix the audit trail masks (engine/data/audit_search.IDENTITY_PREFIX).
PREFIX = "petitioner"


def declared(process) -> frozenset:
    """The fields a process's start names for the person (none without a start)."""
    start = getattr(process, "start", None)
    return frozenset(start.petitioner if start else ())


def is_identity(name: str, process=None) -> bool:
    return str(name).startswith(PREFIX) or name in declared(process)


def without(data: dict, process=None) -> dict:
    """`data` without the petitioner's identity fields."""
    named = declared(process)
    return {k: v for k, v in data.items() if not str(k).startswith(PREFIX) and k not in named}
