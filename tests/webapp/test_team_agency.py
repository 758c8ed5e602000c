"""The team view's agency (webapp/team_agency.py): the department, which
coordinates cross-agency cases, reads another agency's workload (figures
only: that agency's tasks stay with its own supervisors); other supervisors
read their own; an agency that cannot be chosen is a 400 naming it, in the
reader's language, beside the choice."""
import re

from test_team_workload import ROW, _story


def _options(page: str) -> dict:
    """{code: (name, selected)} of the team view's agency choice."""
    choice = re.search(r'<select name="agency" id="workload-agency".*?</select>', page, re.S).group(0)
    return {code: (name, bool(chosen)) for code, chosen, name in re.findall(
        r'<option value="(\w+)" (selected)?>([^<]*)</option>', choice)}


def _rows(page: str) -> dict:
    section = page[page.index('id="workload"'):page.index("</details>")]
    return dict(ROW.findall(section))


def test_the_department_chooses_another_agencys_team_and_reads_its_figures(app, rt, client_for, clock):
    _story(app, rt, clock)
    boss = client_for("doaboss")
    own = boss.get("/inbox?view=team").get_data(as_text=True)
    assert 'id="workload-agency"' in own and "行政暨國際處 目前未完成的工作" in own
    options = _options(own)   # every bureau by its zh-TW name, their own chosen
    assert options["DOA"] == ("行政暨國際處", True)
    assert (options["PWB"], options["EPB"]) == (("工務局", False), ("環境保護局", False))
    page = boss.get("/inbox?view=team&agency=PWB").get_data(as_text=True)
    assert "這是工務局的工作量，供協調參考" in page
    assert '<option value="PWB" selected>工務局</option>' in page
    rows = _rows(page)
    assert set(rows) == {"pwb1", "pwb2", "pwbboss", "-"}
    assert re.search(r'data-figure="held"><span>3</span>', rows["pwb1"])     # a number, not a link
    assert 'id="inbox-table"' not in page and 'id="bulk-form"' not in page   # PWB's tasks are not listed
    back = boss.get("/inbox?view=team&agency=DOA").get_data(as_text=True)
    assert "供協調參考" not in back and "只列出" not in back          # their own: the usual page


def test_another_agencys_team_builds_no_list_it_would_hide(app, rt, client_for, clock, monkeypatch):
    """Its tasks, their count and the officers to move them to are not read
    at all: the page shows the figures only."""
    from engine.cases import team
    from webapp.views import inbox
    _story(app, rt, clock)

    def unread(*args, **kwargs):
        raise AssertionError("another agency's team list was built")
    for module, name in ((team, "team_tasks"), (team, "team_count"), (inbox, "_officers")):
        monkeypatch.setattr(module, name, unread)
    answer = client_for("doaboss").get("/inbox?view=team&agency=PWB&assignee=pwb1&figure=waiting")
    page = answer.get_data(as_text=True)
    assert answer.status_code == 200 and set(_rows(page)) == {"pwb1", "pwb2", "pwbboss", "-"}
    assert "供協調參考" in page and 'id="no-match"' not in page and "只列出" not in page


def test_an_agency_that_cannot_be_chosen_is_refused_beside_the_choice(app, client_for):
    boss = client_for("doaboss")
    refused = boss.get("/inbox?view=team&agency=NOPE")
    text = refused.get_data(as_text=True)
    assert refused.status_code == 400
    assert '<p class="field-error" id="workload-agency-err">「NOPE」不是您可查看工作量的機關，請從清單中選擇機關。</p>' in text
    assert 'aria-describedby="workload-agency-err"' in text and ">環境保護局</option>" in text
    admin = client_for("admin")
    admin.post("/lang/en", data={"next": "/inbox"})
    english = admin.get("/inbox?view=team&agency=%3Cb%3E")
    assert english.status_code == 400
    assert "“&lt;b&gt;” is not an agency whose team you can see; choose one from the list." in english.get_data(as_text=True)


def test_other_supervisors_read_their_own_team_only(app, rt, client_for, clock):
    _story(app, rt, clock)
    boss = client_for("pwbboss")
    for asked in ("EPB", "NOPE"):
        answer = boss.get(f"/inbox?view=team&agency={asked}")
        page = answer.get_data(as_text=True)
        assert answer.status_code == 200 and "工務局 目前未完成的工作" in page
        assert 'id="workload-agency"' not in page and "供協調參考" not in page
