"""Deploying process definitions, and the in-process cache of their specs."""
from __future__ import annotations

import hashlib
import json
import threading
from dataclasses import dataclass, replace

from SpiffWorkflow.bpmn.specs.mixins.multiinstance_task import LoopTask
from sqlalchemy import bindparam, func, insert, select

from . import meta as modelmeta, parsing, validation
from engine.data.errors import ModelRefused, NotFound
from engine.data.schema import agency, process_definition
from .xmlsafe import parse_xml


@dataclass
class Deployed:
    id: int
    key: str
    version: int
    created: bool


@dataclass
class Definition:
    """A deployed version, ready to run: spec, called specs and civicflow's metadata."""
    id: int
    key: str
    version: int
    spec: object
    subprocess_specs: dict
    meta: modelmeta.ProcessMeta
    tasks: dict  # element id -> TaskMeta, across the called and embedded processes


def content_hash(files: dict[str, bytes]) -> str:
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode() + b"\0" + files[name] + b"\0")
    return digest.hexdigest()


def known_lanes(conn) -> set[str]:
    codes = set(conn.execute(select(agency.c.code)).scalars())
    return codes | set(modelmeta.ROLES)


def deploy(conn, files: dict[str, bytes], actor: str, now, comment: str = "",
           report=None, only: str | None = None) -> list[Deployed]:
    """Validate (unless the caller passes the validation `report` of these very
    files) and store every executable process of `files` as a new version, or
    only process `only`: the processes it calls came along to be parsed with it
    and keep their own versions (and their own files).

    Identical content deployed again is a no-op. Refused files raise
    ModelRefused naming each problem's element.
    """
    report = report or validation.validate(files, known_lanes(conn))
    if report.verdict != "deployable":
        problems = [p.__dict__ if hasattr(p, "__dict__") else p for p in report.problems]
        reason = "no executable process" if report.verdict == "draft" else "the model is refused"
        raise ModelRefused(reason, problems)
    if only is not None:
        report = _keeping(report, only)
    digest = content_hash(files)
    metas = _metas(files)
    sources = json.dumps({n: d.decode("utf-8") for n, d in files.items()}, ensure_ascii=False)
    # Once per deployment, not once per process stored (asdict is slow).
    meta = json.dumps({k: m.to_dict() for k, m in metas.items()}, ensure_ascii=False)
    return [_store(conn, pid, metas, digest, (sources, meta), actor, now, comment)
            for pid in report.processes]


def _keeping(report, only: str):
    """The report with `only` as its one process to store."""
    if only not in report.processes:
        raise ModelRefused(f"no executable process '{only}' in these files", [])
    return replace(report, processes=[only])


def _metas(files) -> dict:
    metas = {}
    for name, data in files.items():
        if not name.lower().endswith(".dmn"):
            metas.update(modelmeta.extract(parse_xml(data, name)))
    return metas


def _store(conn, pid, metas, digest, texts, actor, now, comment) -> Deployed:
    t = process_definition.c
    existing = conn.execute(select(t.id, t.version).where(
        t.key == pid, t.content_hash == digest)).first()
    if existing:
        return Deployed(existing.id, pid, existing.version, False)
    version = (conn.execute(select(func.max(t.version)).where(t.key == pid)).scalar() or 0) + 1
    sources, meta = texts
    new_id = conn.execute(insert(process_definition).values(
        key=pid, version=version, name=metas[pid].name if pid in metas else pid,
        content_hash=digest, sources=sources, meta=meta,
        deployed_at=now, deployed_by=actor, comment=comment,
    ).returning(t.id)).scalar_one()
    return Deployed(new_id, pid, version, True)


def _connect_loops(spec) -> None:
    """A loop task wires itself to its child's completion only when it creates a
    child, so a workflow loaded mid-loop would never see the iteration end.
    SpiffWorkflow's own spec deserializer makes the same connection."""
    for task_spec in spec.task_specs.values():
        if isinstance(task_spec, LoopTask):
            child = spec.task_specs[task_spec.task_spec]
            if not child.completed_event.is_connected(task_spec.merge_child):
                child.completed_event.connect(task_spec.merge_child)


# Built once: every case started over the API or a page asks it, and building
# it anew each time cost four times what running it does (~0.15 ms).
_LATEST_ID = (select(process_definition.c.id).where(process_definition.c.key == bindparam("key"))
              .order_by(process_definition.c.version.desc()).limit(1))


class SpecCache:
    """Parsed specs per definition id: parsing happens once per process."""

    def __init__(self):
        self._by_id: dict[int, Definition] = {}
        self._lock = threading.Lock()

    def get(self, conn, definition_id: int) -> Definition:
        found = self._by_id.get(definition_id)
        if found is None:
            found = self._build(conn, definition_id)
            with self._lock:
                self._by_id[definition_id] = found
        return found

    def latest_id(self, conn, key: str) -> int:
        found = conn.execute(_LATEST_ID, {"key": key}).scalar()
        if found is None:
            raise NotFound(f"no deployed process '{key}'")
        return found

    @staticmethod
    def _build(conn, definition_id) -> Definition:
        t = process_definition.c
        row = conn.execute(select(t.id, t.key, t.version, t.sources, t.meta)
                           .where(t.id == definition_id)).one()
        files = {n: s.encode("utf-8") for n, s in json.loads(row.sources).items()}
        spec, subs = parsing.load_specs(files, row.key)
        for each in (spec, *subs.values()):
            _connect_loops(each)
        metas = {k: modelmeta.ProcessMeta.from_dict(v) for k, v in json.loads(row.meta).items()}
        tasks = modelmeta.tasks_by_element(modelmeta.own_last(metas.values(), row.key))
        return Definition(row.id, row.key, row.version, spec, subs,
                          metas.get(row.key) or modelmeta.ProcessMeta(row.key), tasks)
