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
