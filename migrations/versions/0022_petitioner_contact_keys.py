"""petitioners: the contact as the same-petitioner match compares it, indexed

At registration the receipt lists earlier cases of the same petitioner: the
same phone number (digits only, +886 read as 0) or the same e-mail within
90 days (engine/cases/queries.same_petitioner). With no index on the
contact it read every case of the 90 days by ix_case_received and each
one's petitioner row, normalising the phone in SQL: 0.4-0.8 s per 100,000
cases in the window on SQLite. The petitioner row now keeps its keys and
its case's received instant (a case's never changes), written with the
contact (engine/cases/petitioner_keys.py); ix_petitioner_phone and
ix_petitioner_email (key, received_at) make each key one index seek.
Existing rows are filled here by the same rule, in Python: SQL's lower()
and a digits-only test differ between the two databases.

Revision ID: 0022
Revises: 0021
"""
import sqlalchemy as sa
from alembic import op


revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

CHUNK = 5000
# engine/cases/petitioner_keys.py's rule as of this revision (a migration
# keeps the rule it filled the rows by).
PHONE_STEPS = (("+886", "0"), ("-", ""), (" ", ""), ("(", ""), (")", ""), (".", ""))

petitioner = sa.table('petitioner', sa.column('case_id', sa.Integer), sa.column('phone'),
                      sa.column('email'), sa.column('phone_key'), sa.column('email_key'))


def _phone_key(text):
    for old, new in PHONE_STEPS:
        text = (text or "").replace(old, new)
    return text if len(text) >= 6 and text.isdigit() else None


def _email_key(text):
    text = (text or "").strip().lower()
    return text if "@" in text else None


# Plain ALTERs, not a batch: SQLite's batch mode copies the table.
def upgrade():
    op.add_column('petitioner', sa.Column('phone_key', sa.String(64), nullable=True))
    op.add_column('petitioner', sa.Column('email_key', sa.String(200), nullable=True))
    op.add_column('petitioner', sa.Column('received_at', sa.DateTime(timezone=True), nullable=True))
    op.execute('UPDATE petitioner SET received_at = (SELECT c.received_at FROM "case" AS c '
               'WHERE c.id = petitioner.case_id)')
    _fill_keys(op.get_bind())
    op.create_index('ix_petitioner_phone', 'petitioner', ['phone_key', 'received_at'])
    op.create_index('ix_petitioner_email', 'petitioner', ['email_key', 'received_at'])


def _fill_keys(conn):
    """The keys of every petitioner with a contact, a chunk at a time by case id."""
    after, p = 0, petitioner.c
    while True:
        rows = conn.execute(sa.select(p.case_id, p.phone, p.email).where(
            p.case_id > after, sa.or_(p.phone.is_not(None), p.email.is_not(None)))
            .order_by(p.case_id).limit(CHUNK)).all()
        if not rows:
            return
        keyed = [{"cid": r.case_id, "pk": _phone_key(r.phone), "ek": _email_key(r.email)}
                 for r in rows]
        conn.execute(petitioner.update().where(p.case_id == sa.bindparam("cid"))
                     .values(phone_key=sa.bindparam("pk"), email_key=sa.bindparam("ek")), keyed)
        after = rows[-1].case_id


def downgrade():
    op.drop_index('ix_petitioner_email', table_name='petitioner')
    op.drop_index('ix_petitioner_phone', table_name='petitioner')
    op.drop_column('petitioner', 'received_at')
    op.drop_column('petitioner', 'email_key')
    op.drop_column('petitioner', 'phone_key')
