"""陳小姐 prints the receipt for the petitioner at the counter: it holds the
case number and the status password, and never the earlier cases the
system flagged for her (another person's case and its title are not the
petitioner's to take home); on the screen she still sees them, one click away."""
import pytest
from playwright.sync_api import expect

from webtest_support import fill_intake, registered_petition

pytestmark = pytest.mark.browser
OTHERS = "建工路415號前人行道地磚翹起（王小明家門口）"


@pytest.fixture
def someone_elses(live_server, db, clock):
    """王小明's petition about the pavement in 三民區, registered: the same matter."""
    return registered_petition(db, clock, OTHERS, {"name": "王小明", "phone": "0912345678"},
                               category="road_damage", district="D-SANMIN")


def test_the_printed_receipt_holds_no_other_case(login, live_server, someone_elses, shot,
                                                 accessible):
    page = login("clerk")
    page.goto(f"{live_server}/intake/new")
    fill_intake(page, f_subject="人行道破損", f_content="建工路人行道地磚破損翹起，長者差點跌倒。",
                f_category="road_damage", f_district="D-SANMIN",
                person_name="李美玲", person_phone="0922333444")
    page.click("button:has-text('登記')")
    earlier = page.locator("section.earlier-cases")
    expect(earlier).to_contain_text(OTHERS)   # hers to see: the earlier case one click away
    expect(earlier.locator(f"a:has-text('{someone_elses}')")).to_be_visible()
    accessible(page)
    page.emulate_media(media="print")
    expect(page.locator("#receipt-number")).to_be_visible()
    expect(page.locator("#receipt-password")).to_be_visible()
    expect(earlier).to_be_hidden()
    lookup = page.locator("#receipt-lookup")   # when, and where to look it up
    expect(lookup).to_contain_text("民國115年3月2日 08:45")
    expect(lookup).to_contain_text(f"{live_server}/public/status")
    assert OTHERS not in page.locator("body").inner_text()   # what the paper shows
    shot(page, "intake-receipt-print")
