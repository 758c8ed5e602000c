"""Open311 GeoReport v2: services and requests in XML and JSON."""
import re
import xml.etree.ElementTree as ET

import pytest

from webapp import users


@pytest.fixture
def api_key(app, db):
    with db.begin() as conn:
        return users.create_token(conn, "clerk", "311 app")


def test_services_in_both_formats(app):
    client = app.test_client()
    services = client.get("/open311/v2/services.json").get_json()
    assert {"service_code": "street_light", "metadata": True}.items() <= services[1].items()
    root = ET.fromstring(client.get("/open311/v2/services.xml").data)
    assert root.tag == "services" and root.find("service/service_code").text == "road_damage"


def test_service_definition_lists_the_district_attribute(app):
    client = app.test_client()
    body = client.get("/open311/v2/services/street_light.json").get_json()
    assert body["attributes"][0]["code"] == "district"
    root = ET.fromstring(client.get("/open311/v2/services/street_light.xml").data)
    assert root.tag == "service_definition" and root.find("attributes/attribute/values/value/key") is not None
    assert client.get("/open311/v2/services/nope.json").status_code == 404


def _post(client, fmt="json", **over):
    data = {"service_code": "street_light", "lat": "22.63", "long": "120.30",
            "description": "路燈不亮", "email": "a@example.tw", "first_name": "小", "last_name": "明",
            "attribute[district]": "D-GUSHAN"}
    data.update(over)
    return client.post(f"/open311/v2/requests.{fmt}", data=data)


def test_post_needs_an_api_key(app):
    resp = _post(app.test_client())
    assert resp.status_code == 403 and resp.get_json()[0]["code"] == 403


def test_post_then_read_the_request(app, api_key, clock):
    client = app.test_client()
    created = _post(client, api_key=api_key)
    assert created.status_code == 201
    request_id = created.get_json()[0]["service_request_id"]
    got = client.get(f"/open311/v2/requests/{request_id}.json").get_json()[0]
    assert got["status"] == "open" and got["service_code"] == "street_light"
    assert got["agency_responsible"] == "行政暨國際處"   # at registration (DOA)
    assert got["expected_datetime"].endswith("+08:00") and got["lat"] == 22.63
    root = ET.fromstring(client.get(f"/open311/v2/requests/{request_id}.xml").data)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == request_id
    listed = client.get("/open311/v2/requests.json?status=open").get_json()
    assert [r["service_request_id"] for r in listed] == [request_id]


def test_bad_requests_get_open311_errors(app, api_key):
    client = app.test_client()
    missing = _post(client, api_key=api_key, lat="", long="")
    assert missing.status_code == 400
    root = ET.fromstring(_post(client, "xml", api_key=api_key, service_code="nope").data)
    assert root.tag == "errors" and root.find("error/code").text == "400"
    assert client.get("/open311/v2/requests/115-999999.json").status_code == 404
    assert client.get("/open311/v2/requests.json?start_date=bad").status_code == 400


def test_unknown_open311_path_answers_in_open311_format(app):
    """Errors raised before any Open311 route matched still speak Open311, not the REST API."""
    client = app.test_client()
    resp = client.get("/open311/v2/nope.xml")
    assert resp.status_code == 404
    root = ET.fromstring(resp.data)
    assert root.tag == "errors" and root.find("error/code").text == "404"
    assert client.get("/open311/v2/nope.json").get_json()[0]["code"] == 404


def _token_of(db, username, label="311"):
    with db.begin() as conn:
        return users.create_token(conn, username, label)


def test_an_officers_token_may_not_post_petitions(app, db):
    """The REST API refuses an officer starting cases (403): Open311 too."""
    client = app.test_client()
    for username in ("pwb1", "pwbboss", "analyst"):
        resp = _post(client, api_key=_token_of(db, username))
        assert resp.status_code == 403, username
    assert client.get("/open311/v2/requests.json").get_json() == []   # no case was started


def test_a_registered_open311_client_posts_with_its_service_account_key(app, db):
    from webapp import users as user_admin
    with db.begin() as conn:
        user_admin.add_user(conn, "city311app", "DOA", ["officer"], "a long service password")
    key = _token_of(db, "city311app")
    client = app.test_client()
    assert _post(client, api_key=key).status_code == 403     # not registered yet
    app.config["OPEN311_CLIENTS"] = "other-app, city311app"
    assert _post(client, api_key=key).status_code == 201


def test_each_key_is_limited_and_another_key_still_posts(app, db, api_key):
    app.config["OPEN311_RATE_LIMIT"] = "2/hour"
    client = app.test_client()
    assert [_post(client, api_key=api_key).status_code for _ in range(3)] == [201, 201, 429]
    refused = _post(client, "xml", api_key=api_key)
    assert refused.status_code == 429 and ET.fromstring(refused.data).find("error/code").text == "429"
    assert _post(client, api_key=_token_of(db, "clerk", "second app")).status_code == 201


def test_service_request_ids_cannot_be_guessed(app, api_key):
    client = app.test_client()
    first = _post(client, api_key=api_key).get_json()[0]
    second = _post(client, api_key=api_key).get_json()[0]
    ids = [first["service_request_id"], second["service_request_id"]]
    number = re.search(r"\d+-\d{6}", first["service_notice"]).group()   # for the petitioner
    assert number.startswith("115-") and number not in ids[0]
    assert client.get(f"/open311/v2/requests/{ids[0]}.json").status_code == 200
    head, _, tag = ids[1].partition("-")
    assert len(tag) >= 20 and tag != ids[0].partition("-")[2]
    for guess in (number, head, f"{head}-{'0' * len(tag)}", f"{int(head) + 1}-{tag}"):
        assert client.get(f"/open311/v2/requests/{guess}.json").status_code == 404, guess
    assert client.get(f"/open311/v2/requests/{head}-案號.json").status_code == 404
    listed = client.get(f"/open311/v2/requests.json?service_request_id={number},{ids[1]}").get_json()
    assert [r["service_request_id"] for r in listed] == [ids[1]]
