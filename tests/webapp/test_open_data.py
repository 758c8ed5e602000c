"""/open-data/: public monthly datasets as CSV and JSON with their data
dictionaries; aggregates only (a petitioner's name, phone, address and words,
planted in a case of every process, appear in no file); a bad dataset or
month is a zh-TW 404 page, never a server error."""
from __future__ import annotations

import csv
import io
import json
import re
import sys
from pathlib import Path

import pytest

from engine.report.open_data_sets import DATASETS

sys.path.insert(0, str(Path(__file__).parent))
from report_rows import PERSONAL, plant_march  # noqa: E402

SECRETS = (*PERSONAL.values(), "chiu@example.tw", PERSONAL["name"] + "協會", "driver01", "0987654321")


@pytest.fixture
def march(app, db, clock):
    plant_march(db)
    clock.set(clock.now().replace(year=2026, month=4, day=2))
    return app.test_client()


def test_index_lists_every_dataset_with_its_months_without_signing_in(march):
    resp = march.get("/open-data/")
    html = resp.get_data(as_text=True)
    assert resp.status_code == 200 and "開放資料" in html
    for key, d in DATASETS.items():
        assert f'id="ds-{key}"' in html and d.zh in html
        assert f"/open-data/{key}/2026-03.csv" in html and f"/open-data/{key}/2026-04.json" in html
        assert f"/open-data/{key}/2026-02.csv" not in html     # before the first case


def file_links(client) -> list[str]:
    html = client.get("/open-data/").get_data(as_text=True)
    return sorted(set(re.findall(r'href="(/open-data/[^/"]+/\d{4}-\d{2}\.(?:csv|json))"', html)))


def test_no_file_holds_personal_data(march):
    links = file_links(march)
    assert len(links) == len(DATASETS) * 2 * 2       # two months, two formats
    for link in links:
        resp = march.get(link)
        assert resp.status_code == 200, link
        body = resp.get_data(as_text=True)
        for secret in SECRETS:
            assert secret not in body, (link, secret)


def test_files_follow_their_dictionary(march):
    for key, d in DATASETS.items():
        names = [f.name for f in d.fields]
        rows = list(csv.reader(io.StringIO(march.get(f"/open-data/{key}/2026-03.csv").get_data(as_text=True)
                                           .lstrip("\ufeff"))))
        assert rows[0] == names and len(rows) > 1, key   # every dataset has March figures
        doc = json.loads(march.get(f"/open-data/{key}/2026-03.json").data)
        assert doc["fields"] == names and all(list(r) == names for r in doc["rows"]), key
        meaning = json.loads(march.get(f"/open-data/{key}/dictionary.json").data)["fields"]
        assert [f["field"] for f in meaning] == names and all(f["meaning_zh"] and f["meaning_en"] for f in meaning)
        page = march.get(f"/open-data/{key}/").get_data(as_text=True)
        assert all(f"<code>{n}</code>" in page for n in names)


def test_march_figures(march):
    cars = json.loads(march.get("/open-data/car-trips/2026-03.json").data)["rows"]
    assert cars == [{"month": "2026-03", "trips": 2, "trips_lent": 1, "mileage_km": 36, "cancelled": 0, "refused": 0}]
    channels = json.loads(march.get("/open-data/petitions-by-channel/2026-03.json").data)["rows"]
    letter = next(r for r in channels if r["channel"] == "letter")
    assert letter["received"] == 1 and letter["on_time_rate"] == 100.0 and letter["channel_zh"] == "書面/傳真"
    repairs = json.loads(march.get("/open-data/facility-repairs/2026-03.json").data)["rows"]
    assert {(r["trade_zh"], r["received"]) for r in repairs} == {("土木", 2), ("電梯", 1)}
    assert json.loads(march.get("/open-data/car-trips/2026-04.json").data)["rows"][0]["trips"] == 0


@pytest.mark.parametrize("path,words", [
    ("/open-data/nonsense/", "沒有名為"), ("/open-data/nonsense/2026-03.csv", "沒有名為"),
    ("/open-data/car-trips/2026-13.csv", "檔名"), ("/open-data/car-trips/2026-3.csv", "檔名"),
    ("/open-data/car-trips/march.json", "檔名"), ("/open-data/car-trips/2026-03.xml", "檔名"),
    ("/open-data/car-trips/0000-01.csv", "檔名"), ("/open-data/car-trips/9999-12.csv", "檔名"),
    ("/open-data/car-trips/1911-12.json", "檔名"), ("/open-data/car-trips/2030-01.csv", "沒有 2030-01 的資料"),
    ("/open-data/car-trips/2026-02.json", "沒有 2026-02 的資料"), ("/open-data/car-trips/dictionary.xml", "檔名"),
])
def test_a_bad_dataset_or_month_is_a_zh_tw_404(march, path, words):
    resp = march.get(path)
    html = resp.get_data(as_text=True)
    assert resp.status_code == 404 and resp.mimetype == "text/html"
    assert words in html and "這個開放資料檔案不存在" in html


def test_english_on_request(march):
    march.post("/lang/en", data={"next": "/open-data/"})
    html = march.get("/open-data/").get_data(as_text=True)
    assert "Open data" in html and "Official car trips" in html
