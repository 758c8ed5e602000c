"""The deadline board and the team workload count different things and say
so: the board a lead agency's cases (主辦), a case waiting on its co-handling
agencies (會辦) included; the team view the tasks waiting at an agency, its
co-handling for another's case included. A night-market petition led by
經發局 and co-handled by 環保局, 警察局 and 交通局, near its deadline, is due
soon on 經發局's board row and on the co-handlers' team views, not on 經發局's."""
import re

from sqlalchemy import select

from engine.data.schema import case
from webtest_support import make_case, page_text

CO_HANDLERS = ("EPB", "POL", "TRB")


def _co_handled_case_near_its_deadline(app, rt, clock):
    receipt = make_case(app, rt, category="night_market", district="D-XINXING", subject="夜市噪音",
                        content="六合夜市攤商深夜噪音擾鄰")
    with rt.db.connect() as conn:
        lead, due = conn.execute(select(case.c.responsible_agency, case.c.due_at)
                                 .where(case.c.id == receipt.case_id)).one()
    assert lead == "EDB"
    clock.advance(days=(due.date() - clock.now().date()).days - 1)   # the day before it is due


def _board_figure(page: str, agency: str, figure: str) -> int:
    row = re.search(rf'<tr data-agency="{agency}".*?</tr>', page, re.S).group(0)
    return int(re.search(rf'data-figure="{figure}"[^>]*>(\d+)<', row).group(1))


def _team_due_soon(page: str) -> int:
    table = page[page.index('id="workload-table"'):page.index("</table>", page.index('id="workload-table"'))]
    return sum(int(n) for n in re.findall(r'data-figure="due_soon"><span>(?:<a [^>]*>)?(\d+)', table))


def test_the_board_counts_the_lead_agencys_cases_the_team_view_the_tasks_held(app, rt, client_for, clock):
    _co_handled_case_near_its_deadline(app, rt, clock)
    admin = client_for("admin")
    board = admin.get("/board/?agency=EDB").get_data(as_text=True)
    assert _board_figure(board, "EDB", "due_soon") == 1
    assert _team_due_soon(admin.get("/inbox?view=team&agency=EDB").get_data(as_text=True)) == 0
    for agency in CO_HANDLERS:
        team = admin.get(f"/inbox?view=team&agency={agency}").get_data(as_text=True)
        assert _team_due_soon(team) == 1, agency


def test_each_page_says_what_it_counts(app, rt, client_for, clock):
    _co_handled_case_near_its_deadline(app, rt, clock)
    admin = client_for("admin")
    board = admin.get("/board/?agency=EDB").get_data(as_text=True)
    assert re.search(r'scope="colgroup">主辦案件（目前未結）<', board)
    note = page_text(board[board.index('id="board-counts"'):board.index("</p>", board.index('id="board-counts"'))])
    assert "主辦的案件，含會辦中案件" in note and "團隊工作量則計算在該機關同仁待辦的工作" in note
    assert "不論該工作在哪個機關，含會辦中案件" in board   # the legend of 2 個工作日內到期
    team = admin.get("/inbox?view=team&agency=EDB").get_data(as_text=True)
    assert '<th scope="col" class="num">2 個工作日內到期工作</th>' in team
    said = page_text(team[team.index('id="workload-counts"'):team.index("</p>", team.index('id="workload-counts"'))])
    assert "此處計算經濟發展局同仁待辦的工作" in said and "期限管控則計算經濟發展局主辦的案件（含會辦中案件）" in said


def test_in_english_too(client_for):
    admin = client_for("admin")
    admin.post("/lang/en", data={"next": "/board/"})
    board = admin.get("/board/").get_data(as_text=True)
    assert "Open cases the agency leads, now" in board and "including those whose open step sits with a co-handling agency" in board
    team = admin.get("/inbox?view=team&agency=EDB").get_data(as_text=True)
    assert "Tasks due within 2 working days" in team and "The deadline board counts the cases" in team
