"""On the dry run and the move's own page each case number opens its case
page, which the analyst who runs the move may read
(webapp/templates/versions/migrate_dryrun.html, migration.html)."""
from test_migration_pages import _dry_run, _oral_case_and_renamed_v2, _scheduler_works

MAPPED = {"map-read_back": "read_back_record"}


def _link(number: str) -> str:
    return f'<a href="/cases/{number}">{number}</a>'


def test_case_numbers_open_their_case_pages(app, rt, client_for):
    receipt = _oral_case_and_renamed_v2(app, rt)
    analyst = client_for("analyst")
    assert _link(receipt.number) in _dry_run(analyst, rt, MAPPED)
    started = analyst.post("/models/petition/versions/2/migrate/run", data=MAPPED)
    assert _link(receipt.number) in analyst.get(started.headers["Location"]).get_data(as_text=True)
    assert _scheduler_works(rt) == 1
    page = analyst.get(started.headers["Location"]).get_data(as_text=True)
    assert _link(receipt.number) in page
    case_page = analyst.get(f"/cases/{receipt.number}")
    assert case_page.status_code == 200 and receipt.number in case_page.get_data(as_text=True)


def test_a_case_the_analyst_may_not_open_is_listed_without_a_link(app, rt, client_for, db):
    """An analyst of another agency, whose agency the case never passed
    through, reads its number plain: a link would answer 找不到."""
    from webapp import users
    from webtest_support import PASSWORD
    receipt = _oral_case_and_renamed_v2(app, rt)
    with db.begin() as conn:
        users.add_user(conn, "epb.analyst", "EPB", ["analyst"], PASSWORD, "環保局分析人員")
    other = client_for("epb.analyst")
    assert other.get(f"/cases/{receipt.number}").status_code == 404
    page = _dry_run(other, rt, MAPPED)
    assert receipt.number in page and _link(receipt.number) not in page
