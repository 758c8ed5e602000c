"""Build SpiffWorkflow specs from uploaded files, through xmlsafe and the XSDs.

The BPMN validator is SpiffWorkflow's module-level one (built once on import);
SpiffWorkflow builds a new DMN validator for every DMN file (~15 ms each), so
the DMN ones are cached here per schema.
"""
from __future__ import annotations

import functools

from lxml import etree

from SpiffWorkflow.bpmn.parser.BpmnParser import BpmnValidator
from SpiffWorkflow.dmn.parser.BpmnDmnParser import SCHEMAS
from SpiffWorkflow.spiff.parser.process import VALIDATOR, SpiffBpmnParser
from SpiffWorkflow.spiff.specs.defaults import ServiceTask as _SpiffServiceTask

from .services import CivicflowServiceTaskParser
from .xmlsafe import parse_xml

BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL"


@functools.lru_cache(maxsize=8)
def _dmn_validator(schema_path: str) -> BpmnValidator | None:
    try:
        return BpmnValidator(schema_path)
    except etree.XMLSchemaParseError:
        # SpiffWorkflow 3.2 ships a DMN 1.2 XSD whose DMNDI import does not
        # resolve; such documents are checked by the DMN parser alone.
        return None


class CivicflowParser(SpiffBpmnParser):
    """SpiffBpmnParser with cached DMN validators; service tasks read
    `civicflow:service` (engine/models/services.py)."""

    OVERRIDE_PARSER_CLASSES = {
        **SpiffBpmnParser.OVERRIDE_PARSER_CLASSES,
        f"{{{BPMN_NS}}}serviceTask": (CivicflowServiceTaskParser, _SpiffServiceTask),
    }

    def add_dmn_xml(self, node, filename=None):
        validate = self.validator
        if validate:
            validator = dmn_validator_for(node)
            if validator is not None:
                validator.validate(node, filename)
        self.validator = None  # skip SpiffWorkflow's per-file validator build
        try:
            super().add_dmn_xml(node, filename)
        finally:
            self.validator = validate


def dmn_validator_for(root) -> BpmnValidator | None:
    """The cached XSD validator for a DMN document's version, if known."""
    namespaces = dict(root.nsmap)
    schema = SCHEMAS.get(namespaces.get(None) or namespaces.get("dmn"))
    return _dmn_validator(schema) if schema else None


def kind(root) -> str:
    """'bpmn', 'dmn' or 'other', from the root element's namespace."""
    if not isinstance(root.tag, str) or not root.tag.startswith("{"):
        return "other"
    namespace, local = root.tag[1:].split("}", 1)
    if local != "definitions":
        return "other"
    if namespace == BPMN_NS:
        return "bpmn"
    return "dmn" if "/DMN/" in namespace.upper() else "other"


def parse_files(files: dict[str, bytes]) -> dict[str, object]:
    """name -> lxml root, each through xmlsafe (raises XmlRefused)."""
    return {name: parse_xml(data, name) for name, data in files.items()}


def build_parser(roots: dict[str, object], validate: bool = True) -> CivicflowParser:
    """A parser holding every DMN (first, so business rule tasks find them)
    and then every BPMN document of `roots`. Raises SpiffWorkflow's
    ValidationException on schema or structure errors."""
    parser = CivicflowParser(validator=VALIDATOR if validate else None)
    for name, root in roots.items():
        if kind(root) == "dmn":
            parser.add_dmn_xml(root, name)
    for name, root in roots.items():
        if kind(root) == "bpmn":
            parser.add_bpmn_xml(root, name)
    return parser


def specs(parser: SpiffBpmnParser, process_id: str):
    """(spec, subprocess_specs) for one process."""
    return parser.get_spec(process_id), parser.get_subprocess_specs(process_id)


def load_specs(files: dict[str, bytes], process_id: str, validate: bool = False):
    """(spec, subprocess_specs) of `process_id` from raw files.

    Deployed files were validated at deploy time, so the XSD pass is skipped
    by default when loading them again."""
    return specs(build_parser(parse_files(files), validate), process_id)
