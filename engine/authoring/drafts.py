"""Model drafts: the files an analyst edits before deploying them.

A draft is kept per process key (`model_draft`), checked with the deploy-time
validation and deployed in the same transaction that removes it, so a refused
or failed deploy leaves both the draft and the deployed versions untouched.
Files are untrusted: names, sizes and XML are checked before anything is kept.
"""
from __future__ import annotations

import json
import re

from sqlalchemy import delete, func, insert, select, update

from engine.models import definitions, parsing, validation
from . import dmnwords, ignored as foreign, pinned
from engine.data.errors import Conflict, InvalidData, ModelRefused, NotFound
from engine.data.schema import model_draft, process_definition
from engine.models.xmlsafe import XmlRefused, parse_xml

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_FILES = 12
FILE_NAME = re.compile(r"^[A-Za-z0-9][\w.-]{0,100}\.(bpmn|dmn)$")
KEY = re.compile(r"^[A-Za-z_][\w.-]{0,119}$")


# ---- input ---------------------------------------------------------------
def clean_files(files) -> dict[str, bytes]:
    """Model files as {name: bytes}, or InvalidData naming what is wrong.

    Names are plain `x.bpmn` / `x.dmn` (never paths); every file is XML that
    xmlsafe accepts (no DOCTYPE or entities) and at most MAX_FILE_BYTES."""
    if not isinstance(files, dict) or not files:
        raise InvalidData("no model files", {"files": "required"})
    if len(files) > MAX_FILES:
        raise InvalidData(f"at most {MAX_FILES} files", {"files": "too many"})
    out = {}
    for name, text in files.items():
        if not isinstance(name, str) or not FILE_NAME.match(name):
            raise InvalidData(f"file name {str(name)[:60]!r} is not a .bpmn or .dmn name",
                              {"files": "bad name"})
        data = text.encode("utf-8") if isinstance(text, str) else text
        if not isinstance(data, bytes):
            raise InvalidData(f"{name}: the content must be XML text", {name: "not text"})
        _check_xml(name, data)
        out[name] = data
    if not any(n.lower().endswith(".bpmn") for n in out):
        raise InvalidData("a model needs a .bpmn file", {"files": "no bpmn"})
    return out


def _check_xml(name: str, data: bytes) -> None:
    try:
        parse_xml(data, name, max_bytes=MAX_FILE_BYTES)
    except XmlRefused as err:
        raise ModelRefused(f"{name}: {err.message_en}", [_problem(
            name, None, err.line, "xml", err.message_en, err.message_zh)]) from None


def process_key(files: dict[str, bytes]) -> str:
    """The key of a new model: the first executable process of its BPMN files."""
    for name in sorted(files):
        if name.lower().endswith(".bpmn"):
            root = parse_xml(files[name], name, max_bytes=MAX_FILE_BYTES)
            for proc in root.iter(f"{{{parsing.BPMN_NS}}}process"):
                if proc.get("isExecutable", "true") == "true" and KEY.match(proc.get("id") or ""):
                    return proc.get("id")
    raise InvalidData("the BPMN file has no executable process with a usable id",
                      {"files": "no executable process"})


def file_of(files: dict, key: str) -> str | None:
    """The name of the BPMN file that defines process `key` (a deployment may
    hold several processes' files): the editor opens it first."""
    for name in sorted(files):
        if name.lower().endswith(".bpmn"):
            try:
                root = parse_xml(_bytes(files[name]), name, max_bytes=MAX_FILE_BYTES)
            except XmlRefused:
                continue
            if any(p.get("id") == key for p in root.iter(f"{{{parsing.BPMN_NS}}}process")):
                return name
    return None


def _bytes(data) -> bytes:
    return data.encode("utf-8") if isinstance(data, str) else data


def merged(current: dict[str, str], changed: dict[str, bytes]) -> dict[str, bytes]:
    """The draft's files after a save that sends only the `changed` ones: every
    other file stays byte for byte as it was."""
    return {**{n: _bytes(x) for n, x in current.items()}, **changed}


# ---- storage -------------------------------------------------------------
def get(conn, key: str) -> dict | None:
    row = conn.execute(select(model_draft).where(model_draft.c.key == key)).first()
    if row is None:
        return None
    found = dict(row._mapping)
    found["files"] = json.loads(found["files"])
    return found


def save(conn, key: str, files: dict[str, bytes], actor: str, now, name: str = "") -> dict:
    """Create or replace the draft of `key`; a new draft remembers the version it starts from."""
    text = json.dumps({n: d.decode("utf-8") for n, d in files.items()}, ensure_ascii=False)
    values = {"files": text, "updated_by": actor, "updated_at": now}
    if name:
        values["name"] = name[:200]
    done = conn.execute(update(model_draft).where(model_draft.c.key == key).values(**values))
    if done.rowcount == 0:
        conn.execute(insert(model_draft).values(
            key=key, base_version=latest_version(conn, key), created_by=actor, created_at=now,
            **{"name": "", **values}))
    return get(conn, key)


def discard(conn, key: str) -> bool:
    return conn.execute(delete(model_draft).where(model_draft.c.key == key)).rowcount > 0


def list_drafts(conn) -> list[dict]:
    t = model_draft.c
    rows = conn.execute(select(t.key, t.name, t.base_version, t.created_by, t.created_at,
                               t.updated_by, t.updated_at).order_by(t.key))
    return [dict(r._mapping) for r in rows]


def models(conn) -> list[dict]:
    """Each process key with its latest deployed version and its open draft, if any."""
    t = process_definition.c
    rows = conn.execute(select(t.key, t.version, t.name, t.deployed_at, t.deployed_by, t.comment)
                        .order_by(t.key, t.version.desc()))
    found: dict[str, dict] = {}
    for row in rows:
        found.setdefault(row.key, {**row._mapping, "draft": None})
    for draft in list_drafts(conn):
        entry = found.setdefault(draft["key"], {"key": draft["key"], "version": None,
                                                "name": draft["name"], "deployed_at": None,
                                                "deployed_by": None, "comment": ""})
        entry["draft"] = draft
    return [found[k] for k in sorted(found)]


def latest_version(conn, key: str) -> int | None:
    t = process_definition.c
    return conn.execute(select(func.max(t.version)).where(t.key == key)).scalar()


def deployed_files(conn, key: str) -> tuple[int, dict[str, str]] | None:
    """(version, {file: xml}) of the latest deployed version of `key`."""
    t = process_definition.c
    row = conn.execute(select(t.version, t.sources).where(t.key == key)
                       .order_by(t.version.desc()).limit(1)).first()
    return (row.version, json.loads(row.sources)) if row else None


# ---- checking and deploying ------------------------------------------------
def check(files: dict[str, bytes], known_lanes: set[str] | None, key: str | None = None) -> list[dict]:
    """Every problem of the files as {file, element_id, line, code, message_zh,
    message_en, severity}; an empty list means the draft can be deployed."""
    return problems_of(validation.validate(files, known_lanes), files, key)


def review(files: dict[str, bytes], known_lanes: set[str] | None, key: str | None = None) -> dict:
    """The verdict on the files as they are (deployable, draft or refused), their
    problems, their warnings (worth a look, they do not stop a deploy: rows of a
    Unique decision table that overlap), what civicflow ignores in them
    (attributes of other engines) and what it reads from Camunda's."""
    report = validation.validate(files, known_lanes)
    problems = problems_of(report, files, key)
    verdict = report.verdict if report.verdict != "deployable" or not problems else "refused"
    return {"verdict": verdict, "problems": problems, "warnings": dmnwords.overlap_warnings(files),
            **foreign.sort_out(files)}


def problems_of(report, files: dict[str, bytes], key: str | None = None) -> list[dict]:
    """check()'s problems from a validation report already made of `files`,
    each with what its element is called (pinned.words) for the editor's list."""
    ids = _id_index(files)
    problems = [_named(_problem(p.file, _element_of(p.element_id, p.file, ids), p.line, p.code,
                                p.message_en, p.message_zh), ids) for p in report.problems]
    if report.verdict == "draft":
        problems.append(_problem("", None, None, "not_executable",
                                 "no executable process: mark the process executable to deploy it",
                                 "沒有可執行的流程：請將流程設為可執行後再部署"))
    elif report.verdict == "deployable" and key and key not in report.processes:
        problems.append(_problem("", None, None, "key_changed",
                                 f"the process id must stay '{key}' (this model's key)",
                                 f"流程代號必須維持為「{key}」（此模型的代號）"))
    return problems


def _problem(file, element_id, line, code, en, zh, severity="error") -> dict:
    return {"file": file or "", "element_id": element_id, "line": line, "code": code,
            "message_en": en, "message_zh": zh, "severity": severity,
            "element_name": "", "element_type": "", "row": None}


def _named(problem: dict, ids: dict) -> dict:
    said = ids.get(problem["file"], {}).get("words", {}).get(problem["element_id"])
    return {**problem, **said} if said else problem


def _id_index(files) -> dict[str, dict]:
    """file -> {"ids": element ids, "lanes": lane name -> lane id, "words": what
    each element is called} of each readable file."""
    out = {}
    for name, data in files.items():
        try:
            root = parse_xml(data, name, max_bytes=MAX_FILE_BYTES)
        except XmlRefused:
            continue
        lanes = {(el.get("name") or el.get("id")): el.get("id")
                 for el in root.iter(f"{{{parsing.BPMN_NS}}}lane")}
        out[name] = {"ids": {el.get("id") for el in root.iter() if isinstance(el.tag, str)},
                     "lanes": lanes, "words": pinned.words(root)}
    return out


def _element_of(element_id, file, ids) -> str | None:
    """Lane problems name the lane; the editor needs its id to pin them."""
    known = ids.get(file)
    if not element_id or known is None or element_id in known["ids"]:
        return element_id
    return known["lanes"].get(element_id, element_id)


def deploy(conn, key: str, actor: str, now, comment: str = "", force: bool = False):
    """Deploy the draft of `key` and remove it, in the caller's transaction.

    Refuses (Conflict) when another version was deployed since the draft was
    started, unless `force`; refuses (ModelRefused) a draft with problems.
    Only process `key` gets a new version."""
    draft = get(conn, key)
    if draft is None:
        raise NotFound(f"no draft of '{key}'")
    latest = latest_version(conn, key)
    if not force and latest is not None and latest != draft["base_version"]:
        raise Conflict(f"version {latest} was deployed after this draft started from "
                       f"version {draft['base_version']}", latest=latest, base=draft["base_version"])
    files = {n: x.encode("utf-8") for n, x in draft["files"].items()}
    report = validation.validate(files, definitions.known_lanes(conn))   # once, for both
    problems = problems_of(report, files, key)
    if problems:
        raise ModelRefused("the model is refused", problems)
    # Only this model's process gets a new version: a process it calls came along
    # as a file to parse with it and keeps its own versions and files.
    deployed = definitions.deploy(conn, files, actor, now, comment, report=report, only=key)
    discard(conn, key)
    return deployed
