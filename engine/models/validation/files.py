"""Deploy-time validation of uploaded BPMN/DMN files.

`validate(files)` never raises for a bad model: every problem becomes a
Problem naming the file, element id and line, in English and zh-TW. Only a
bug in civicflow itself gives the verdict "fault". Nothing is run: the specs
are built, and every expression is compiled through the sandbox.
"""
from __future__ import annotations

import logging
import time

from SpiffWorkflow.bpmn import BpmnWorkflow
from SpiffWorkflow.bpmn.parser.ValidationException import ValidationException
from SpiffWorkflow.spiff.parser.process import VALIDATOR

from engine.models import meta as modelmeta, parsing, services as model_services
from . import dmn, bpmn as validation_model, flows
from .parser_words import schema_zh, spiff_zh
from .report import Problem, Report, line_index
from engine.models.xmlsafe import XmlRefused, parse_xml

__all__ = ["validate", "Problem", "Report"]
log = logging.getLogger(__name__)


def validate(files: dict[str, bytes], known_lanes: set[str] | None = None,
             timeout: float = 5.0) -> Report:
    try:
        return _Validation(files, known_lanes, time.monotonic() + timeout).run()
    except Exception as err:  # a bug in civicflow: say so rather than blame the model
        log.exception("validation fault")
        return Report("fault", [Problem(
            "", None, None, "fault",
            f"civicflow failed while checking this model ({type(err).__name__}: {err}); please report it",
            "civicflow 檢查此模型時發生內部錯誤，請回報系統管理員")])


class _Validation:
    def __init__(self, files, known_lanes, deadline):
        self.files = files
        self.known_lanes = known_lanes
        self.deadline = deadline
        self.problems: list[Problem] = []
        self.lines: dict[str, dict] = {}

    def run(self) -> Report:
        steps = (self._read, self._schema, self._parse, self._static, self._decisions, self._build)
        for step in steps:
            step()
            if self.problems:
                return Report("refused", self.problems)
            if time.monotonic() > self.deadline:
                return Report("refused", [_timeout_problem()])
        executable = sorted(self.executable)
        if executable or (self.decisions and not self.processes):
            return Report("deployable", [], executable)
        return Report("draft", [], [])

    def add(self, file, element_id, code, en, zh, line=None):
        if line is None and element_id:
            line = self._lines(file).get(element_id)
        self.problems.append(Problem(file, element_id or None, line, code, en, zh))

    def _lines(self, file) -> dict:
        if file not in self.lines:
            root = self.roots.get(file)
            self.lines[file] = line_index(root) if root is not None else {}
        return self.lines[file]

    # -- 1. readable XML, and a BPMN or DMN document -----------------------
    def _read(self):
        self.roots = {}
        for name, data in self.files.items():
            try:
                root = parse_xml(data, name)
            except XmlRefused as err:
                self.add(name, None, "xml", err.message_en, err.message_zh, err.line)
                continue
            if parsing.kind(root) == "other":
                self.add(name, None, "not_a_model",
                         "this is neither a BPMN 2.0 nor a DMN model (no bpmn:definitions or dmn:definitions root)",
                         "這不是 BPMN 2.0 或 DMN 模型檔（根元素不是 definitions）", root.sourceline)
            self.roots[name] = root

    # -- 2. XSD, file by file so that each file's error is reported --------
    def _schema(self):
        for name, root in self.roots.items():
            validator = VALIDATOR if parsing.kind(root) == "bpmn" else parsing.dmn_validator_for(root)
            if validator is None:
                continue
            try:
                validator.validate(root, name)
            except ValidationException as err:
                self.add(name, None, "schema", f"the file does not follow the {parsing.kind(root).upper()} "
                         f"schema: {_text(err)}", schema_zh(_text(err), parsing.kind(root)), _line(err))

    # -- 3. SpiffWorkflow's own parse --------------------------------------
    def _parse(self):
        try:
            self.parser = parsing.build_parser(self.roots, validate=False)
        except Exception as err:  # SpiffWorkflow raises raw errors on odd input too
            self._spiff_problem(err, "parse")
            return
        self.processes, self.file_of = validation_model.processes_of(self.roots)
        self.executable = {pid for pid, proc in self.processes.items()
                           if proc.get("isExecutable", "true") == "true"}
        self.decisions = set(self.parser.dmn_parsers)

    # -- 4. static checks on what the executable processes reach -----------
    def _static(self):
        reach = validation_model.reachable_from(self.processes, self.executable)
        self.problems += validation_model.call_problems(self.processes, self.file_of, reach)
        for pid in sorted(reach):
            file, proc = self.file_of[pid], self.processes[pid]
            self.problems += validation_model.reserved_id_problems(file, proc)
            self.problems += validation_model.expression_problems(file, proc)
            self.problems += flows.unconnected_problems(file, proc)
            self.problems += flows.unnamed_problems(file, proc)
            self.problems += validation_model.decision_problems(file, proc, self.decisions)
            self.problems += [Problem(file, eid, line, "service", en, zh)
                              for eid, line, en, zh in model_services.problems(proc)]
        self._extension_problems(reach)

    def _extension_problems(self, reach):
        for name, root in self.roots.items():
            if parsing.kind(root) != "bpmn":
                continue
            try:
                metas = modelmeta.extract(root)
            except (ValueError, TypeError) as err:
                self.add(name, None, "extension", f"a civicflow extension attribute is invalid: {err}",
                         "civicflow 擴充屬性的數值不正確（優先順序、最小值、最大值與最大長度須為數字）")
                continue
            for pid, meta in metas.items():
                if pid in reach:
                    for element_id, en, zh in modelmeta.problems(meta, self.known_lanes):
                        self.add(name, element_id, "extension", en, zh)

    # -- 5. decision tables -------------------------------------------------
    def _decisions(self):
        for decision_id, dmn_parser in self.parser.dmn_parsers.items():
            file = dmn_parser.filename or ""
            try:
                dmn_parser.parse()
            except Exception as err:
                self._spiff_problem(err, "dmn", file)
                continue
            for table in dmn_parser.decision.decisionTables:
                self.problems += dmn.table_problems(file, table, self._lines(file))

    # -- 6. build every executable process ---------------------------------
    def _build(self):
        for pid in sorted(self.executable):
            try:
                spec, subprocess_specs = parsing.specs(self.parser, pid)
                BpmnWorkflow(spec, subprocess_specs)
            except Exception as err:
                self._spiff_problem(err, "build", self.file_of.get(pid))

    def _spiff_problem(self, err, stage, file=None):
        file = getattr(err, "file_name", None) or file or ""
        element_id = getattr(err, "id", None) or None
        raw = not isinstance(err, ValidationException)
        en = _text(err) if not raw else f"SpiffWorkflow could not read this model ({type(err).__name__}: {err})"
        zh = spiff_zh(_text(err), stage)
        verb = {"parse": "reading", "dmn": "reading the decision table", "build": "building the process"}[stage]
        self.add(file, element_id, stage, f"error while {verb}: {en}", zh, _line(err))


def _text(err) -> str:
    return str(err).rstrip(". ").strip() or type(err).__name__


def _line(err):
    line = getattr(err, "line_number", None)
    return line if isinstance(line, int) and line > 0 else None


def _timeout_problem() -> Problem:
    return Problem("", None, None, "timeout", "checking the model took too long",
                   "模型檢查逾時")
