"""The result of validating a set of model files."""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

VERDICTS = ("deployable", "draft", "refused", "fault")


@dataclass
class Problem:
    file: str
    element_id: str | None
    line: int | None
    code: str
    message_en: str
    message_zh: str

    def to_dict(self) -> dict:
        return asdict(self)

    def describe(self, lang: str = "en") -> str:
        where = self.file
        if self.line:
            where += f":{self.line}"
        if self.element_id:
            where += f" [{self.element_id}]"
        text = self.message_zh if lang.startswith("zh") else self.message_en
        return f"{where}: {text}"


@dataclass
class Report:
    """verdict: deployable (every check passed and something can run),
    draft (well-formed but no executable process), refused (a problem
    listed), fault (a bug in civicflow itself)."""
    verdict: str
    problems: list[Problem] = field(default_factory=list)
    processes: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"verdict": self.verdict, "processes": list(self.processes),
                "problems": [p.to_dict() for p in self.problems]}


def line_index(root) -> dict[str, int]:
    """element id -> source line, for pointing at elements SpiffWorkflow names."""
    return {el.get("id"): el.sourceline for el in root.iter() if
            isinstance(el.tag, str) and el.get("id")}
