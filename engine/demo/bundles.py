"""The demo's deployments: one per process, holding its BPMN file and the
files it needs (the BPMN of each process it calls, the DMN of each decision
it or they call), so the editor opens a process with its own files only.
What a process calls is read as validation reads it (engine/models/validation/bpmn.py)."""
from __future__ import annotations

from engine.models import parsing
from engine.models.validation.bpmn import called_decisions, processes_of, reachable_from
from engine.models.xmlsafe import parse_xml


def bundles(files: dict[str, bytes]) -> dict[str, dict[str, bytes]]:
    """{process key: {file name: bytes}} for each executable process of `files`."""
    roots = {name: parse_xml(data, name) for name, data in files.items()}
    processes, file_of = processes_of(roots)
    decision_file = _decisions(roots)
    out = {}
    for key, proc in processes.items():
        if proc.get("isExecutable", "true") != "true":
            continue
        reach = reachable_from(processes, [key])
        needed = {file_of[p] for p in reach}
        needed |= {decision_file[d] for p in reach for d in called_decisions(processes[p])
                   if d in decision_file}
        own = file_of[key]
        out[key] = {n: files[n] for n in sorted(needed, key=lambda n: (n != own, n))}
    return out


def _decisions(roots) -> dict[str, str]:
    """decision id -> the DMN file defining it."""
    return {el.get("id"): name for name, root in roots.items() if parsing.kind(root) == "dmn"
            for el in root.iter() if isinstance(el.tag, str) and el.tag.endswith("}decision")}
