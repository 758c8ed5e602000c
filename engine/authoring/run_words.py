"""Why a test-run stopped, said in zh-TW.

SpiffWorkflow, Python and the sandbox stop a run with English text. Each
known kind is said anew in Chinese (Python's own errors through
engine/models/python_words), with the expression it is about kept as code
beside it; anything else gets a generic sentence and `known` False, so the
page offers the English text only as a technical detail.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from SpiffWorkflow.exceptions import SpiffWorkflowException

from engine.data.errors import EngineError, InvalidData, ModelCodeStopped
from engine.sandbox import SandboxError
from engine.models.python_words import raised_zh, refusal_zh

_EXPRESSION = re.compile(r"^Error evaluating expression '(.*)'$", re.S)
_ROW = re.compile(r"(?:Rule failed|Failed to execute DMN Rule) on row (\d+)")
_SUGGEST = re.compile(r"Did you mean (?:one of )?'(.*)'\?")
_STOPPED = re.compile(r"was stopped: (.*)$", re.S)
_LINE = re.compile(r"\(line (\d+)\)\s*$")   # the sandbox's "(line 2)" after a script's error
# engine/sandbox/runtime.py and workers.py: why model code was stopped.
_BUDGET_ZH = (
    (r"^refused: (.*)$", None),
    (r"^the script ran more than (\d+) steps", "執行超過 {0} 步（可能是不會結束的迴圈）"),
    (r"^the script ran longer than ([\d.]+) s", "執行超過 {0} 秒"),
    (r"^(.*) would build a value of (\d+) items \(limit (\d+)\)", "「{0}」會產生 {1} 項的值（上限 {2} 項）"),
    (r"^the code built more than (\d+) items in all", "總共產生超過 {0} 項的值"),
    (r"^a number of about (\d+) bits is too large", "數字太大（約 {0} 位元）"),
    (r"width of (\d+) is too large", "格式寬度 {0} 太大"),
    (r"out of memory", "記憶體用盡"),
    (r"recursed too deeply", "函式呼叫自己的層數太深"),
)
_KIND_ZH = {"time": "執行太久", "memory": "用掉太多記憶體", "size": "產生的值太大",
            "steps": "執行的步數太多（可能是不會結束的迴圈）", "refused": "做了模型程式碼不可做的事"}


@dataclass
class Words:
    zh: str
    code: str | None = None   # the expression the sentence is about, shown as is
    known: bool = True
    line: int | None = None   # set when `code` is this line of the step's script


def run_error(err: BaseException) -> Words:
    """The zh-TW words for what stopped a test-run's walk."""
    if isinstance(err, ModelCodeStopped):
        found = _STOPPED.search(err.message)
        return Words(f"模型的程式碼被中止：{_budget_zh(found.group(1) if found else '', err.kind)}")
    if isinstance(err, InvalidData):
        return Words("範例資料不符合表單" if err.errors else "範例資料不被接受", known=bool(err.errors))
    text = str(err.args[0]) if err.args else ""
    notes = [n.strip() for n in getattr(err, "notes", None) or getattr(err, "__notes__", None) or []]
    if text.startswith("No conditions satisfied"):
        return Words("閘道所有連出路徑的條件都不成立，也沒有預設路徑，流程無法往下走。"
                     "請在閘道加上預設路徑，或檢查各路徑的條件與範例資料。")
    cause = _python_cause(err)
    if isinstance(err, SpiffWorkflowException) and cause is not None:
        return _code_error(err, text, notes, cause)
    return Words("流程引擎在此處無法繼續", known=False)


def _code_error(err, text: str, notes: list[str], cause: BaseException) -> Words:
    script_code, number = _script_line(err, cause)
    if isinstance(cause, SandboxError):
        return Words(f"模型的程式碼被中止：{_budget_zh(str(cause), getattr(cause, 'kind', 'refused'))}",
                     script_code, line=number)
    why = raised_zh(cause) + _suggestion(notes)
    row = next((m.group(1) for n in notes if (m := _ROW.search(n))), None)
    code = next((m.group(1) for t in (text, *notes) if (m := _EXPRESSION.match(t))), None)
    if row:
        return Words(f"決策表第 {row} 列的規則無法判斷：{why}", code)
    if code is not None:
        return Words(f"運算式無法計算：{why}", code)
    return Words(f"腳本執行失敗：{why}", script_code, line=number)


def _script_line(err: BaseException, cause: BaseException) -> tuple[str | None, int | None]:
    """(the failing line of the step's script, its number), which the page
    shows beside the words; (None, None) when either is unknown."""
    if isinstance(cause, SyntaxError):
        number = cause.lineno
    else:
        found = _LINE.search(str(cause.args[0]) if cause.args else "")
        number = int(found.group(1)) if found else None
    spec = getattr(getattr(err, "task", None), "task_spec", None)
    script = getattr(spec, "script", None)
    lines = script.splitlines() if isinstance(script, str) else []
    if not number or not 0 < number <= len(lines) or not lines[number - 1].strip():
        return None, None
    return lines[number - 1].strip(), number


def _suggestion(notes: list[str]) -> str:
    """SpiffWorkflow's "Did you mean 'x'?" as the names of the case data it lists."""
    found = next((m.group(1) for n in notes if (m := _SUGGEST.search(n))), None)
    names = re.findall(r"'(\w+)'", found) if found and found.startswith("[") else [found] if found else []
    return "。案件資料中相近的名稱：" + "、".join(f"「{n}」" for n in names) if names else ""


def _python_cause(err: BaseException) -> BaseException | None:
    """The Python exception the model's code raised, under SpiffWorkflow's wrapping."""
    seen = set()
    while err is not None and id(err) not in seen:
        seen.add(id(err))
        if not isinstance(err, (SpiffWorkflowException, EngineError)):
            return err
        err = getattr(err, "exception", None) or err.__cause__ or err.__context__
    return None


def _budget_zh(reason: str, kind: str) -> str:
    """Why the sandbox stopped model code, from its (English) reason."""
    for pattern, zh in _BUDGET_ZH:
        hit = re.search(pattern, reason.strip())
        if hit:
            return refusal_zh(hit.group(1)) if zh is None else zh.format(*hit.groups())
    return _KIND_ZH.get(kind, _KIND_ZH["refused"])


def no_process(key: str) -> Words:
    return Words(f"檔案中沒有可執行的流程「{key}」")


def overran(seconds: float) -> Words:
    return Words(f"試跑未在 {seconds:g} 秒內完成，已被停止")


def crashed() -> Words:
    return Words("試跑時 civicflow 本身發生錯誤", known=False)
