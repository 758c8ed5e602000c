"""engine/demo/reference.py: the city's agencies and demo accounts, loaded idempotently."""
from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from engine.demo.reference import demo_password, load_reference
from engine.data.schema import agency, app_user


def test_agencies_of_the_seed_report_with_their_supervisors(db):
    counts = load_reference(db, with_demo_users=False)
    assert counts["agencies_added"] == 64
    with db.connect() as conn:
        rows = {r.code: r for r in conn.execute(select(agency))}
    assert rows["DOA"].name_en == "Department of Administration and International Affairs"
    assert rows["DOA"].parent_code == "KCG" and rows["KCG"].parent_code is None
    assert (rows["CPO"].parent_code, rows["CDMC"].kind) == ("DOA", "committee")
    districts = [r for r in rows.values() if r.kind == "district"]
    assert len(districts) == 38 and {r.parent_code for r in districts} == {"CIVIL"}
    assert rows["D-NANZI"].name_zh == "楠梓區公所"


def test_loading_twice_changes_nothing_and_repairs_edits(db):
    load_reference(db, with_demo_users=False)
    with db.begin() as conn:
        conn.execute(update(agency).where(agency.c.code == "EPB").values(name_en="typo"))
    again = load_reference(db, with_demo_users=False)
    assert again == {"agencies_added": 0, "agencies_updated": 1}
    assert load_reference(db, with_demo_users=False) == {"agencies_added": 0, "agencies_updated": 0}


def test_demo_users_per_agency_share_the_documented_password(db):
    counts = load_reference(db)
    # three per agency, the analyst, the administrator and six named officers of
    # the busiest agencies (engine/demo/team.py shares the open tasks between them)
    assert counts["users_added"] == 64 * 3 + 2 + 6
    with db.connect() as conn:
        users = {r.username: r for r in conn.execute(select(app_user))}
    assert (users["pwb.officer"].agency_code, users["pwb.officer"].roles) == ("PWB", "officer")
    assert users["d-nanzi.supervisor"].roles == "supervisor,officer"
    assert (users["analyst"].agency_code, users["admin"].roles) == ("DOA", "admin")
    assert check_password_hash(users["cpo.intake"].password_hash, demo_password())
    assert (users["epb.huang"].display_name, users["epb.huang"].agency_code) == ("黃淑芬", "EPB")
    assert check_password_hash(users["doa.lin"].password_hash, "civicflow-demo")


def test_a_changed_password_is_never_reset(db):
    load_reference(db)
    with db.begin() as conn:
        conn.execute(update(app_user).where(app_user.c.username == "admin")
                     .values(password_hash=generate_password_hash("s3cret-admin")))
    assert load_reference(db)["users_added"] == 0
    with db.connect() as conn:
        pw = conn.execute(select(app_user.c.password_hash).where(app_user.c.username == "admin")).scalar()
    assert check_password_hash(pw, "s3cret-admin")
