"""agencies located in districts; calendar closures scoped to districts (issue 13)

Revision ID: 0008
Revises: 0007

agency.district: the code of the Kaohsiung district the agency sits in
(bpmn/reference/districts.json), null when unknown. calendar_override.districts:
the sorted, comma-separated district codes a closure (停班) covers; null is
the whole city, as every override was before.
"""
import sqlalchemy as sa
from alembic import op


revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN (no batch copy): plain, and the same on SQLite and PostgreSQL.
    op.add_column('agency', sa.Column('district', sa.String(length=16), nullable=True))
    op.add_column('calendar_override', sa.Column('districts', sa.String(length=400),
                                                 nullable=True))


def downgrade():
    op.drop_column('calendar_override', 'districts')
    op.drop_column('agency', 'district')
