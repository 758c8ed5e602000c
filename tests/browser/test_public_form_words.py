"""The petition form on a phone says what asking for confidentiality does in
words a citizen reads (not only "Art. 170"), read out with the box."""
import pytest

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.mark.parametrize("locale, words", [
    ("zh-TW", "勾選後，只有受理登記的單位與承辦人看得到您的姓名及聯絡方式。"),
    ("en-US", "only the office that registers your petition and the officer who handles it see "
              "your name and contact details."),
])
def test_the_confidentiality_box_says_who_still_sees_the_name(live_server, browser, accessible,
                                                              locale, words):
    page = browser.new_page(viewport=PHONE, locale=locale)
    page.goto(live_server + "/public/petition")
    assert words in page.inner_text("#f-confidential-hint")
    assert page.get_attribute("#f-confidential", "aria-describedby") == "f-confidential-hint"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    accessible(page)
