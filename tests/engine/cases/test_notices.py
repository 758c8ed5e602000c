"""How a notice says what a model passed (engine/cases/notices.py): a date
field's value as the reader's date, and the sending agency signing in full."""
from collections import namedtuple
from types import SimpleNamespace

from engine.cases import notices

Agency = namedtuple("Agency", "name_zh name_en kind")


def test_a_date_field_reads_as_the_readers_date():
    assert notices._said("2026-03-02", "zh_TW") == "民國115年3月2日"
    assert notices._said("2026-03-02", "en") == "2 March 2026"
    assert notices._said("2026-12-31T23:59:59+08:00", "zh_TW") == "民國115年12月31日"
    assert notices._said("2026-02-30", "zh_TW") == "2026-02-30"        # no date: as given
    assert notices._said("高市工務字第1150000001號", "zh_TW") == "高市工務字第1150000001號"


def test_a_letter_is_signed_by_the_agency_in_full():
    doa = Agency("行政暨國際處", "Department of Administration and International Affairs", "bureau")
    gushan = Agency("鼓山區公所", "Gushan District Office", "district")
    city = Agency("高雄市政府", "Kaohsiung City Government", "government")
    assert notices._signature(doa, "zh_TW") == "高雄市政府行政暨國際處"
    assert notices._signature(doa, "en") == (
        "Department of Administration and International Affairs, Kaohsiung City Government")
    assert notices._signature(gushan, "zh_TW") == "高雄市鼓山區公所"      # the city's, not its government's
    assert notices._signature(gushan, "en") == "Gushan District Office, Kaohsiung City"
    assert notices._signature(city, "zh_TW") == notices._signature(None, "zh_TW") == "高雄市政府"


def test_a_transfer_is_sent_by_the_agency_that_transfers_it():
    # The case row may already name the agency it went to (a later read).
    cmd = SimpleNamespace(responsible_agency=None, case=SimpleNamespace(responsible_agency="TRB"))
    transfer = {"kind": "transfer", "to": "petitioner",
                "params": {"from_agency": "PWB", "to_agency": "TRB"}}
    assert notices._greeted(cmd, transfer) == "PWB"
    reply = {"kind": "reply", "to": "petitioner", "params": {}}
    assert notices._greeted(cmd, reply) == "TRB"
