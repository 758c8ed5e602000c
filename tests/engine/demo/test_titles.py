"""Demo case titles read as a clerk writes them: in words, never a stored
code of a choice (消費爭議（健身中心）, not 消費爭議（fitness）)."""
import re

from sqlalchemy import select

from engine.data.schema import case

# A code is Latin letters (fitness, air_ticket); the demo's titles have none.
LATIN = re.compile(r"[A-Za-z_]{2,}")


def test_every_demo_title_is_in_words(demo):
    with demo.db.connect() as conn:
        rows = conn.execute(select(case.c.process_key, case.c.title)).all()
    coded = [(key, title) for key, title in rows if LATIN.search(title)]
    assert not coded, coded[:10]


def test_consumer_titles_name_the_category_label(demo):
    with demo.db.connect() as conn:
        titles = set(conn.execute(select(case.c.title)
                                  .where(case.c.process_key == "consumer_complaint")).scalars())
    assert titles and all(re.fullmatch(r"消費爭議（[^A-Za-z]+）", t) for t in titles), titles
    assert titles & {"消費爭議（旅遊服務）", "消費爭議（航空機票）", "消費爭議（健身中心）"}
