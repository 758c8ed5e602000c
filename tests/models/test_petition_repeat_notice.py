"""The notice a petitioner gets when the clerk closes a petition as a repeat
(bpmn/petition.bpmn `closed_repeat`: `notify('repeat', ...)`, templates
engine/scheduling/templates/repeat.*.txt): it says, in the petition's
language, that the matter was answered before, with the earlier case's
number, its reply's date (ROC in Chinese) and number, signed by the sending
agency's full name. A case on a version that still calls the shared reply
notice closes as it did."""
from sqlalchemy import select

from engine.data.schema import outbox

from .conftest import at
from .petition_versions import files, petition_old_repeat_notice
from .test_petition_repeat import answered, cite, petition

REF = "高市工務字第1150000001號"   # as test_petition_repeat.cite gives it


def closed_as_repeat(lib, **over):
    """(the repeat, the earlier case's number, the repeat's last notice:
    kind, recipient, subject, body)."""
    lib.clock.set(at(2026, 3, 2))
    repeat = petition(lib, art173_ground="repeat", **over)
    earlier = lib.case(answered(lib)).number
    cite(lib, repeat, earlier)
    with lib.db.connect() as conn:
        notice = conn.execute(select(outbox.c.kind, outbox.c.recipient, outbox.c.subject,
                                     outbox.c.body).where(outbox.c.case_id == repeat)
                              .order_by(outbox.c.id.desc())).first()
    return repeat, earlier, notice


def test_the_petitioner_reads_that_the_matter_was_answered_before(library):
    _, earlier, (kind, recipient, subject, body) = closed_as_repeat(library)
    assert (kind, recipient) == ("repeat", "wang@example.org")
    assert subject.startswith("陳情案件答覆通知：同一事由前已答覆")
    assert f"與前案（案號 {earlier}）為同一事由" in body
    assert f"前案業於民國115年3月2日以{REF}函明確答覆在案" in body
    assert "依行政程序法第173條規定，本案不再重複答覆" in body
    assert body.rstrip().endswith("\n高雄市政府行政暨國際處")   # the sending agency, in full
    assert "答復" not in subject + body and "2026-03-02" not in body and "DOA" not in body


def test_an_english_petition_is_told_in_english(library):
    repeat, earlier, (kind, _, subject, body) = closed_as_repeat(library, language="en")
    number = library.case(repeat).number
    assert kind == "repeat" and subject == f"Your petition was answered before (case {number})"
    said = " ".join(body.split())                                 # as a mail reader reflows it
    assert f"concerns the same matter as case {earlier}, which was answered on 2 March 2026" in said
    assert f"(reference {REF})" in body and "Article 173" in body
    assert body.rstrip().endswith(
        "\nDepartment of Administration and International Affairs, Kaohsiung City Government")
    assert "民國" not in body


def test_a_case_on_the_older_version_is_still_told_with_the_reply_notice(library):
    library.engine.deploy(files(petition_old_repeat_notice()))   # the older script, deployed
    repeat, earlier, (kind, _, _, body) = closed_as_repeat(library)
    assert kind == "reply"                                        # nothing broke: as it was
    assert f"本案與前案 {earlier} 同一事由，業經 民國115年3月2日 {REF} 函明確答覆" in body
    assert "This petition" not in body      # its English half is an English petition's
    assert library.data(repeat)["outcome"] == "closed_repeat"

