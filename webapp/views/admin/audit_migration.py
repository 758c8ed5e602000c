"""Moving cases to a new model version, as the audit trail words it
(engine/cases/migration/): the steps a plan maps (old → new), the values
given to new fields, and why a case could not move, in the sentence the
migration page uses; every step and field by its name in any version of
the process, never its id."""
from __future__ import annotations

from ...labels import unnamed
from ...migration_reasons import reason_text
from . import audit_models as models

ACTIONS = frozenset({"migrate", "migrate_refused", "migration_run", "migration_dry_run"})
# A refusal's parameters that name a step (engine/cases/migration/moving.py, transplant.py).
STEP_PARAMS = ("element", "target")


class MigrationWords:
    """Step and field names over every version of the processes the records move."""

    def __init__(self, conn, keys: set[str]):
        self.steps: dict[str, dict] = {}
        self.fields: dict[str, dict] = {}
        for key, did in models.versions(conn, keys):   # oldest first: the newest name wins
            self.steps.setdefault(key, {}).update(models.steps(conn, did))
            self.fields.setdefault(key, {}).update(models.field_labels(conn, did))

    def step(self, key: str, element) -> str:
        return self.steps.get(key, {}).get(element) or unnamed(None)

    def field(self, key: str, name) -> str:
        return self.fields.get(key, {}).get(name) or str(name)

    def mapping(self, key: str, value: dict, sep: str) -> str:
        """作成紀錄並向陳情人宣讀 → 作成紀錄、…"""
        return sep.join(f"{self.step(key, old)} → {self.step(key, new)}"
                        for old, new in value.items()) or "—"

    def defaults(self, key: str, value, colon: str, sep: str) -> str:
        """A plan's {field: value} (身分查核方式：3), or the fields a case was given."""
        if isinstance(value, dict):
            return sep.join(f"{self.field(key, k)}{colon}{v}" for k, v in value.items()) or "—"
        return sep.join(self.field(key, k) for k in value) or "—"

    def refusal(self, key: str, data: dict) -> str:
        """Why the case stayed on its version, as the migration page says it."""
        params = {k: v for k, v in data.items() if k not in ("run", "reason")}
        names = {str(params[p]): self.step(key, params[p]) for p in STEP_PARAMS if p in params}
        if "name" in params:
            names["field:" + str(params["name"])] = self.field(key, params["name"])
        return reason_text(str(data.get("reason", "failed")), params, names)
