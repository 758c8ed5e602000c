"""Deploy-time validation of uploaded BPMN/DMN files: every problem a Problem
naming the file, element and line, in zh-TW and English (`report`), from
static checks of BPMN (`bpmn`) and DMN (`dmn`); `worker` runs it in a child
process with a time limit per file.

Offers `validate(files) -> Report`.
"""
from .files import validate
from .report import Problem, Report

__all__ = ["Problem", "Report", "validate"]
