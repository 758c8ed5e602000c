"""The demo's deployments: one per process, holding its BPMN file and the
files it needs (the BPMN of each process it calls, the DMN of each decision
it or they call), so the editor opens a process with its own files only."""
from __future__ import annotations

from engine.models import parsing
from engine.models.validation.bpmn import SPIFF_NS, reachable_from
from engine.models.xmlsafe import parse_xml


def bundles(files: dict[str, bytes]) -> dict[str, dict[str, bytes]]:
    """{process key: {file name: bytes}} for each executable process of `files`."""
    roots = {name: parse_xml(data, name) for name, data in files.items()}
    processes, file_of = _processes(roots)
    decision_file = _decisions(roots)
    out = {}
    for name, root in roots.items():
        for proc in _bpmn_processes(root):
            if proc.get("isExecutable", "true") != "true":
                continue
            reach = reachable_from(processes, [proc.get("id")])
            needed = {file_of[p] for p in reach}
            needed |= {decision_file[d] for p in reach for d in called_decisions(processes[p])
                       if d in decision_file}
            out[proc.get("id")] = {n: files[n] for n in sorted(needed, key=lambda n: (n != name, n))}
    return out


def called_decisions(process) -> set[str]:
    """The decision ids the business rule tasks of `process` call."""
    found = set()
    for task in process.iter(f"{{{parsing.BPMN_NS}}}businessRuleTask"):
        found |= {(el.text or "").strip() for el in task.iter(f"{{{SPIFF_NS}}}calledDecisionId")}
        found.add(task.get(f"{{{SPIFF_NS}}}calledDecisionId") or "")
    return found - {""}


def _bpmn_processes(root) -> list:
    if parsing.kind(root) != "bpmn":
        return []
    return list(root.iter(f"{{{parsing.BPMN_NS}}}process"))


def _processes(roots) -> tuple[dict, dict]:
    """process id -> element, process id -> its file."""
    processes, file_of = {}, {}
    for name, root in roots.items():
        for proc in _bpmn_processes(root):
            processes[proc.get("id")], file_of[proc.get("id")] = proc, name
    return processes, file_of


def _decisions(roots) -> dict[str, str]:
    """decision id -> the DMN file defining it."""
    return {el.get("id"): name for name, root in roots.items() if parsing.kind(root) == "dmn"
            for el in root.iter() if isinstance(el.tag, str) and el.tag.endswith("}decision")}
