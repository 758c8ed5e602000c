"""supplement requests (補正): the answer seen, the petitioner phoned

The officer's inbox marks a task 已補正 while its case has an answer no
officer of its open task has looked at yet (seen_at); a petitioner with no
e-mail is told by phone, and the request keeps when and by whom (phoned_at,
the call's audit row is 'contact_recorded').

Revision ID: 0016
Revises: 0015
"""
import sqlalchemy as sa
from alembic import op


revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

COLUMNS = (('seen_by', sa.String(length=64)), ('seen_at', sa.DateTime(timezone=True)),
           ('phoned_by', sa.String(length=64)), ('phoned_at', sa.DateTime(timezone=True)))


def upgrade():
    with op.batch_alter_table('supplement_request') as batch:
        for name, type_ in COLUMNS:
            batch.add_column(sa.Column(name, type_, nullable=True))


def downgrade():
    with op.batch_alter_table('supplement_request') as batch:
        for name, _type in reversed(COLUMNS):
            batch.drop_column(name)
