"""engine/data/masking.py: a confidential petitioner (Art. 170) as staff
pages and exports show them: the address masked, the name, addresses,
e-mails and phone numbers masked wherever a text names them."""
from __future__ import annotations

from engine.data.masking import MASK, Identity, mask_address

PERSON = Identity.of(name="蘇祕密", email="Hidden.P@example.tw", phone="0987-654-321",
                     address="高雄市鼓山區保密路七號")


def test_an_address_keeps_its_first_letter_and_domain_only():
    assert mask_address("citizen@example.org") == "c***@example.org"
    assert [mask_address(a) for a in (None, "", "0912345678", "@example.org")] == [MASK] * 4


def test_the_name_and_the_postal_address_are_masked_wherever_they_stand():
    assert PERSON.redact("蘇祕密君您好，寄至高雄市鼓山區保密路七號。") == "***君您好，寄至***。"


def test_an_e_mail_is_masked_in_any_case_and_a_further_address_too():
    text = "請寫信至 hidden.p@EXAMPLE.tw 或 old@mail.tw"
    assert PERSON.also("old@mail.tw").redact(text) == "請寫信至 H***@example.tw 或 o***@mail.tw"


def test_a_phone_is_masked_however_it_is_written_but_not_inside_a_longer_number():
    text = "0987654321、0987 654 321、+886-987-654-321、案號 10987654321"
    assert PERSON.redact(text) == "***、***、***、案號 10987654321"


def test_nothing_to_mask_leaves_the_text_alone():
    assert Identity.of(name="王").redact("王先生") == "王先生"    # one character: no name
    assert Identity().redact("路燈已修復") == "路燈已修復" and PERSON.redact(None) is None


def test_an_address_is_masked_as_people_write_it_without_city_district_or_floor():
    person = Identity.of(name="黃美玲", address="高雄市苓雅區山仙里中正一路100號3樓")
    text = "住苓雅區山仙里中正一路100號，會勘地點：中正一路100號前；中正一路100號3樓住戶"
    assert person.redact(text) == "住***，會勘地點：***前；***住戶"
    assert person.redact("中正一路10號、中正一路1000號、中正一路") == "中正一路10號、中正一路1000號、中正一路"


def test_the_surname_with_a_form_of_address_is_masked_but_not_the_surname_alone():
    assert PERSON.redact("蘇先生您好，會同蘇女士及蘇小姐會勘；蘇澳鎮") == "***您好，會同***及***會勘；蘇澳鎮"
    assert Identity.of(name="歐陽娜娜").redact("歐陽小姐、歐小姐") == "***、歐小姐"
    assert Identity.of(name="Hidden Person").redact("Hidden先生") == "Hidden先生"


# Art. 170 as officers shorten an address: the district kept, the village
# dropped, the digits full-width, a 之 number, a floor (engine/data/masking).
SHORTENED = Identity.of(name="黃美玲", address="高雄市苓雅區山仙里12鄰中正一路100之2號5樓")


def test_an_address_is_masked_whole_with_any_of_its_divisions_left_out():
    for written in ("苓雅區中正一路100之2號", "高雄市苓雅區中正一路100之2號", "山仙里中正一路100之2號",
                    "苓雅區山仙里中正一路100之2號", "高雄市中正一路100之2號", "苓雅區12鄰中正一路100之2號",
                    "高雄市苓雅區山仙里12鄰中正一路100之2號5樓", "苓雅區 中正一路100之2號 5樓"):
        assert SHORTENED.redact(f"住{written}，請查") == "住***，請查", written


def test_an_address_is_masked_however_its_number_and_floor_are_written():
    for written in ("中正一路１００之２號", "中正一路100-2號", "中正一路１００－２號五樓",
                    "中正一路100之2號5F", "中正一路100之2號3樓之1"):
        assert SHORTENED.redact(f"地點：{written}。") == "地點：***。", written
    person = Identity.of(name="林志豪", address="臺北市大安區信義路4段1號")
    assert person.redact("台北市大安區信義路四段1號、大安區信義路４段１號") == "***、***"


def test_another_number_of_the_street_or_the_district_alone_is_kept():
    text = "苓雅區中正一路100號、中正一路100之3號、中正一路2100之2號、苓雅區公所、中正一路"
    assert SHORTENED.redact(text) == text


def test_the_given_name_alone_and_the_full_name_as_people_write_it_are_masked():
    text = "美玲您好；陳 美玲、黃 美玲女士、黃美玲 先生、黃美玲君、美玲小姐來電"
    assert SHORTENED.redact(text) == "***您好；陳 ***、***、***、***君、***來電"
    assert Identity.of(name="歐陽娜娜").redact("娜娜：歐陽 娜娜") == "***：***"


def test_a_given_name_going_on_into_a_place_and_a_one_letter_one_are_kept():
    person = Identity.of(name="陳美玲")
    assert person.redact("美玲路3號、美玲二街、美玲國小") == "美玲路3號、美玲二街、美玲國小"
    assert Identity.of(name="王明").redact("明天、說明、王 明") == "明天、說明、***"


def test_a_given_name_that_is_a_common_word_is_masked_only_where_it_stands_as_a_name():
    person = Identity.of(name="李建國")
    assert person.redact("建國，您好。建國先生來電。") == "***，您好。***來電。"
    text = "建國路100號、建國國小、重建國家、建國一百年"
    assert person.redact(text) == text


def test_a_text_without_the_person_is_left_whole():
    text = "陳先生來電：苓雅區中正一路99號前路燈不亮，美華里林美麗小姐亦反映，美景宜人"
    assert SHORTENED.redact(text) == text


def test_another_persons_full_name_holding_the_given_name_is_left_whole():
    person = Identity.of(name="王美玲")
    text = "林美玲來電，會同歐陽美玲、陳美玲女士會勘"
    assert person.redact(text) == text
    assert Identity.of(name="李建國").redact("林建國先生來電") == "林建國先生來電"


def test_the_petitioners_own_name_is_still_masked_beside_another_persons():
    person = Identity.of(name="王美玲")
    text = "王美玲、王 美玲女士、美玲您好，已轉知林美玲"
    assert person.redact(text) == "***、***、***您好，已轉知林美玲"


def test_where_unsure_the_given_name_is_masked():
    # a word ending in a surname's character (感謝, 照顧), a gap after the
    # surname, or no common surname before it: the name stays masked
    person = Identity.of(name="王美玲")
    assert person.redact("感謝美玲協助；照顧美玲；林 美玲；請美玲回電") == "感謝***協助；照顧***；林 ***；請***回電"


# The stored address leaves the village (里) and neighbourhood (鄰) out; a
# text writes them: they are masked with the street, not left before it.
NO_VILLAGE = Identity.of(name="黃美玲", address="高雄市苓雅區中正一路100號")


def test_a_village_written_but_not_stored_is_masked_with_the_address():
    for written in ("苓雅區山仙里中正一路100號", "高雄市苓雅區山仙里12鄰中正一路100號",
                    "苓雅區 山仙里 12 鄰 中正一路100號", "苓雅區十二鄰中正一路100號"):
        assert NO_VILLAGE.redact(f"住{written}，請查") == "住***，請查", written
    assert NO_VILLAGE.redact("地點：山仙里中正一路100號。") == "地點：***。"
    # no district before it: a word just before the village goes with the mask
    assert NO_VILLAGE.redact("住山仙里中正一路100號") == "***"


def test_another_village_written_before_the_stored_address_is_masked_too():
    assert SHORTENED.redact("苓雅區苓東里中正一路100之2號") == "***"
    assert SHORTENED.redact("住山仙里 12 鄰中正一路100之2號") == "住***"
    text = "前鎮區山仙里中正一路100號、美華里活動中心"
    assert NO_VILLAGE.redact(text) == "前鎮區***、美華里活動中心"
