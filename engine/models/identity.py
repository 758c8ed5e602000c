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

from engine.data.masking import Identity

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


def of_person(person, data: dict, process=None) -> Identity:
    """What names the petitioner, to mask in free text (Art. 170): the case's
    petitioner row (None: none) and the identity fields of its `data` (a
    contact field may hold an e-mail, a phone or an address)."""
    given = [str(v).strip() for k, v in data.items()
             if isinstance(v, str) and is_identity(k, process) and v.strip()]
    emails = [v for v in given if "@" in v]
    others = [v for v in given if "@" not in v]
    row = Identity.of(**{k: getattr(person, k, None) for k in ("name", "email", "phone", "address")})
    return Identity(names=_longest_first(*row.names, *others),
                    emails=_longest_first(*row.emails, *emails),
                    phones=_longest_first(*row.phones, *others))   # a contact may be a phone


def _longest_first(*values: str) -> tuple[str, ...]:
    """Longest first: a name inside an address is masked with the address."""
    return tuple(sorted(set(values), key=len, reverse=True))
