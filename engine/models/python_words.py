"""Why an expression is refused, said in zh-TW.

The sandbox (engine/sandbox) and Python give their reasons in English; a
zh-TW analyst must read them in Chinese. Each known reason is matched and
said anew; anything else falls back to a generic sentence with its line,
never to the English text.
"""
from __future__ import annotations

import re

_LINE = re.compile(r"\s*\(line (\d+)\)$")
_SYNTAX = re.compile(r"^Python syntax error on line (\d+|None): (.*)$", re.S)
_EXCEPTION_AT = re.compile(r"^(.*?)\s*\((?:<[^>]*>|[^()]*), line (\d+)\)\s*$", re.S)

# Python's own SyntaxError messages (3.11), most frequent first.
_SYNTAX_ZH = (
    (r"^'(.)' was never closed$", "括號「{0}」未閉合"),
    (r"^unmatched '(.)'$", "多了一個「{0}」，前面沒有對應的左括號"),
    (r"^closing parenthesis '(.)' does not match opening parenthesis '(.)'", "右括號「{0}」與左括號「{1}」不成對"),
    (r"^unterminated (?:triple-quoted )?string literal", "字串少了結尾的引號"),
    (r"^EOL while scanning string literal", "字串少了結尾的引號"),
    (r"^expected ':'$", "少了冒號「:」"),
    (r"^unexpected indent$", "此行不應縮排"),
    (r"^expected an indented block", "少了應縮排的程式區塊"),
    (r"^unindent does not match", "縮排層級不一致"),
    (r"^invalid character '(.)' \(U\+", "含有不能使用的字元「{0}」（請改用半形符號）"),
    (r"^invalid non-printable character", "含有看不見的特殊字元"),
    (r"^leading zeros in decimal integer literals", "整數不可以 0 開頭"),
    (r"^invalid (?:decimal|hexadecimal|octal|binary) literal$|^invalid digit", "數字的寫法不正確"),
    (r"^invalid syntax\. Perhaps you forgot a comma\?$", "語法錯誤，可能少了逗號"),
    (r"^invalid syntax\. Maybe you meant '==' or ':=' instead of '='\?$|^cannot assign to",
     "語法錯誤：比較是否相等請用「==」"),
    (r"^unexpected EOF|^unexpected end", "運算式不完整"),
    (r"^'(\w+)' outside (?:function|loop)", "「{0}」只能用在函式或迴圈內"),
    (r"^positional argument follows keyword argument", "未具名的參數須寫在具名參數之前"),
    (r"^unexpected character after line continuation character", "反斜線「\\」後面不可再有字元"),
    (r"^f-string", "格式字串的寫法不正確"),
)
_ERRORS_ZH = (
    (r"^name '(\w+)' is not defined", "名稱「{0}」未定義（沒有這個變數或函式）"),
    (r"^unsupported operand type", "運算的兩邊型別不相容"),
)
# What a model's code raised while it ran, by the exception's type (str() of
# a KeyError is only the key): the first pattern that matches its text.
_RAISED_ZH = {
    "ZeroDivisionError": ((r"", "除以零"),),
    "KeyError": ((r"^'?(.*?)'?$", "資料中沒有「{0}」這一項"),),
    "IndexError": ((r"", "清單或文字的位置超出範圍"),),
    "AttributeError": ((r"has no attribute '(\w+)'", "這個值沒有「.{0}」"),),
    "TypeError": (
        (r"^can only concatenate str", "文字只能與文字相接（數字請先以 str() 轉成文字）"),
        (r"^unsupported operand type", "運算的兩邊型別不相容"),
        (r"not supported between instances", "兩個值的型別不同，無法比較"),
        (r"object is not subscriptable", "這個值不能以 [] 取出其中一項"),
        (r"object is not callable", "這個值不是函式，不能呼叫"),
        (r"argument", "函式的參數不正確"),
        (r"", "值的型別不符"),
    ),
    "ValueError": ((r"^invalid literal for int", "文字無法轉成整數"), (r"", "值不正確")),
}
# engine/sandbox/static.py and evaluator.py: what a model expression may not do.
_SANDBOX_ZH = (
    (r"^not allowed in model expressions and scripts: (import|global|nonlocal|with|yield|async|await|match)$",
     "模型運算式與腳本不可使用「{0}」"),
    (r"^not allowed in model expressions and scripts: class definition$", "模型運算式與腳本不可定義類別"),
    (r"^not allowed in model expressions and scripts", "模型運算式與腳本不可使用這種寫法"),
    (r"^names starting with '_' are not allowed: (\S+)$", "名稱不可以底線開頭：「{0}」"),
    (r"^the attribute '\.(\w+)' is not allowed$", "不可使用屬性「.{0}」"),
    (r"^assigning to or deleting attributes is not allowed$", "不可設定或刪除物件的屬性"),
    (r"^(\w+)\(\) is not available in model expressions and scripts$", "模型運算式與腳本不可呼叫「{0}()」"),
    (r"^a range of more than (\d+) numbers", "「range」超過 {0} 個數字，執行時會被中止"),
    (r"^this loop never ends", "這個迴圈永遠不會結束（「while」的條件恆為真，且沒有「break」）"),
    (r"^decorators are not allowed$", "不可使用裝飾器（「@」）"),
    (r"^async comprehensions are not allowed$", "不可使用非同步（「async」）寫法"),
    (r"^a format width taken from data is not allowed", "格式字串的寬度不可取自資料"),
    (r"^an f-string width above (\d+) is not allowed$", "格式字串的寬度不可超過 {0}"),
    (r"^this power is too large to compute$", "次方太大，無法計算"),
    (r"^this repetition builds too large a value$", "重複運算會產生過大的值"),
    (r"^this shift builds too large a number$", "位移運算會產生過大的數字"),
    (r"^the text is longer than (\d+) characters$", "內容超過 {0} 個字元"),
    (r"^the expression is too deeply nested$", "運算式的巢狀層數太多"),
    (r"^an unquoted ISO 8601 duration is read as a variable name$", "期間未加引號，會被當成變數名稱"),
)


def at(line) -> str:
    """（第3行） for a line number; nothing without one."""
    return f"（第{line}行）" if line not in (None, "", "None", 0) else ""


def _said(table, text: str) -> str | None:
    for pattern, zh in table:
        found = re.search(pattern, text.strip())
        if found:
            return zh.format(*found.groups())
    return None


def syntax_zh(msg: str, line=None) -> str:
    """A SyntaxError's message and line in zh-TW: 括號「(」未閉合（第1行）."""
    said = _said(_SYNTAX_ZH, msg or "")
    return (said or "運算式語法錯誤") + at(line)


def error_zh(text: str) -> str:
    """str() of a Python exception raised over an expression in zh-TW:
    'invalid syntax (<unknown>, line 1)' or "name 'x' is not defined"."""
    found = _EXCEPTION_AT.match(text or "")
    if found:
        return syntax_zh(found.group(1), found.group(2))
    said = _said(_ERRORS_ZH, text or "") or _said(_SYNTAX_ZH, text or "")
    return said or "運算式無法執行"


def refusal_zh(reason: str) -> str:
    """A sandbox.check() reason in zh-TW."""
    syntax = _SYNTAX.match(reason or "")
    if syntax:
        return syntax_zh(syntax.group(2), syntax.group(1))
    line = _LINE.search(reason or "")
    text = _LINE.sub("", reason or "")
    said = _said(_SANDBOX_ZH, text)
    return (said or "運算式含有不被允許的寫法") + at(line.group(1) if line else None)


def raised_zh(err: BaseException) -> str:
    """What a model's script or expression raised, in zh-TW with its line
    when the sandbox gave one: 名稱「x」未定義（沒有這個變數或函式）（第1行）."""
    if isinstance(err, SyntaxError):
        return syntax_zh(err.msg, err.lineno)
    text = str(err.args[0]) if err.args else ""
    line = _LINE.search(text)
    text = _LINE.sub("", text)
    said = _said(_RAISED_ZH.get(type(err).__name__, ()), text) or error_zh(text)
    return said + at(line.group(1) if line else None)
