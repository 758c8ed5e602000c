"""The petition model's handling form has conditional fields (`when`): each
action needs its own fields, the others' are dropped, and nothing closes with
an empty reply. Driven through the engine with the shipped model."""
import pytest

from engine.data.errors import InvalidData

from .test_petition import new_case, register


def refused(lib, cid, **form):
    with pytest.raises(InvalidData) as err:
        lib.complete(cid, "handle", **form)
    assert lib.open_elements(cid) == ["handle"]   # nothing moved
    assert lib.case(cid).status != "completed"
    return err.value.errors


@pytest.fixture
def handling(library):
    cid = new_case(library)
    register(library, cid)
    assert library.open_elements(cid) == ["handle"]
    return cid


@pytest.mark.parametrize("text", [None, "", "   \n "])
def test_a_reply_with_an_empty_text_is_refused(library, handling, text):
    form = dict(handling_action="reply", legal_basis="市區道路條例第9條")
    if text is not None:
        form["reply_text"] = text
    errors = refused(library, handling, **form)
    assert set(errors) == {"reply_text"} and errors["reply_text"].code == "required"


def test_a_reply_needs_its_legal_basis(library, handling):
    errors = refused(library, handling, handling_action="reply", reply_text="已派員修補。")
    assert set(errors) == {"legal_basis"}


def test_a_transfer_without_the_agency_or_reason_is_refused(library, handling):
    errors = refused(library, handling, handling_action="transfer", reply_text="不相干")
    assert set(errors) == {"competent_agency", "transfer_reason"}


def test_an_extension_request_needs_its_reason(library, handling):
    errors = refused(library, handling, handling_action="extension", extension_days=5)
    assert "extension_reason" in errors


def test_a_reply_drops_what_was_typed_for_a_transfer(library, handling):
    library.complete(handling, "handle", handling_action="reply", reply_text="已派員修補。",
                     legal_basis="市區道路條例第9條", competent_agency="TRB", transfer_reason="誤填")
    data = library.wf_data(handling)
    assert data["outcome"] == "replied" and data["reply_text"] == "已派員修補。"
    assert data["competent_agency"] == "" and data["transfer_reason"] == ""   # the model's initial values
    assert library.case(handling).responsible_agency == "PWB"


def test_a_transfer_drops_a_half_written_reply_and_moves_the_case(library, handling):
    library.complete(handling, "handle", handling_action="transfer", competent_agency="TRB",
                     transfer_reason="號誌屬交通局權責", reply_text="草稿")
    assert library.task(handling, "handle").candidate_agency == "TRB"
    assert library.wf_data(handling)["reply_text"] == ""
