"""an index of the 補正 answers not seen yet (已補正)

The inbox marks a task 已補正 while an answer to a request asked on it has
not been seen by its officer (engine/cases/supplement_seen.py). Every page
reads those few answers once, as a set its rows are checked against: a
partial index over them alone keeps that read small however many requests
the years have answered and seen.

Revision ID: 0017
Revises: 0016
"""
import sqlalchemy as sa
from alembic import op


revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None

UNSEEN = "answered_at IS NOT NULL AND seen_at IS NULL"


def upgrade():
    where = {"sqlite_where": sa.text(UNSEEN), "postgresql_where": sa.text(UNSEEN)}
    op.create_index('ix_supplement_request_unseen', 'supplement_request',
                    ['case_id', 'task_id'], unique=False, **where)


def downgrade():
    op.drop_index('ix_supplement_request_unseen', table_name='supplement_request')
