"""Words a model declares for the reader, in zh-TW and English: a field's or
column's label, and the two words of a yes/no (核定 / 不核定)."""
from __future__ import annotations


class Worded:
    """For a dataclass with label_zh, label_en, yes_zh, no_zh, yes_en, no_en;
    `_unlabelled()` is what shows when it declares no label at all."""

    def _unlabelled(self) -> str:
        return ""

    def label(self, locale: str) -> str:
        text = self.label_en if locale.startswith("en") else self.label_zh
        return text or self.label_zh or self.label_en or self._unlabelled()

    def answer_word(self, value: bool, locale: str) -> str:
        """The word for `value` in `locale` (是/否, Yes/No when undeclared)."""
        zh, en = (self.yes_zh, self.yes_en) if value else (self.no_zh, self.no_en)
        if locale.startswith("en"):
            return en or ("Yes" if value else "No")
        return zh or ("是" if value else "否")
