"""A model's notice values as the reader reads them (engine/cases/notices.py
`_said`): an agency's code as its name, a list as its items, yes/no in words,
a date inside a text in ROC, a sentence in both languages as the reader's
half; never a Python repr. An unknown code stays as written."""
from collections import namedtuple

from engine.cases import notices

Agency = namedtuple("Agency", "code name_zh name_en kind email")
KNOWN = {a.code: a for a in (
    Agency("PWB", "工務局", "Public Works Bureau", "bureau", "pwb@city.example"),
    Agency("TRB", "交通局", "Transportation Bureau", "bureau", "trb@city.example"),
    Agency("D-GUSHAN", "鼓山區公所", "Gushan District Office", "district", None))}


def said(value, locale="zh_TW"):
    return notices._said(value, locale, KNOWN)


def test_an_agencys_code_reads_as_its_name():
    assert said("PWB") == "高雄市政府工務局"
    assert said("D-GUSHAN") == "高雄市鼓山區公所"
    assert said("PWB", "en") == "Public Works Bureau"
    assert said("XYZ") == "XYZ"                                   # unknown: as written
    assert said("號誌屬PWB權責") == "號誌屬PWB權責"                  # a text is not a code


def test_a_list_reads_as_its_items_not_as_python_prints_it():
    assert said(["PWB", "TRB"]) == "高雄市政府工務局、高雄市政府交通局"
    assert said(("PWB", "TRB"), "en") == "Public Works Bureau, Transportation Bureau"
    assert said({"agency": "TRB", "opinion": "同意"}) == "高雄市政府交通局、同意"
    assert said(True) == "是" and said(False, "en") == "no" and said(None) == ""


def test_a_date_inside_a_models_text_reads_as_the_readers_date():
    text = "如有異議請於 2026-03-12 前提出（消費者保護法第45條之3）。"
    assert said(text) == "如有異議請於 民國115年3月12日 前提出（消費者保護法第45條之3）。"
    assert said("期限 2026-03-12T17:00:00+08:00 止") == "期限 民國115年3月12日 止"
    assert said("電話 07-3368333") == "電話 07-3368333"             # no date
    assert said("案號 1150000001-2026-03-12") == "案號 1150000001-2026-03-12"


def test_a_sentence_in_both_languages_reads_in_the_readers():
    both = "調解不成立，您可向法院提起小額訴訟。 / Mediation failed; you may bring a small-claims action."
    assert said(both) == "調解不成立，您可向法院提起小額訴訟。"
    assert said(both, "en") == "Mediation failed; you may bring a small-claims action."
    officer = "電話 / Tel 07-3368333"                              # not a model's sentence pair
    assert said(officer) == officer


def test_a_reference_number_quoted_in_both_halves_keeps_the_pair_apart():
    both = ("本案與前案 115-000002 同一事由，業經 2026-03-02 高市工務字第1150000001號 函明確答覆。"
            " / This petition repeats case 115-000002, answered on 2026-03-02 (高市工務字第1150000001號).")
    assert said(both) == "本案與前案 115-000002 同一事由，業經 民國115年3月2日 高市工務字第1150000001號 函明確答覆。"
    assert said(both, "en") == ("This petition repeats case 115-000002, answered on 2 March 2026 "
                                "(高市工務字第1150000001號).")
