"""tasks: what one of several like tasks of a case is about

A records audit opens the same steps once per district office it visits; the
inbox listed them as identical rows and the task page did not say which
office. A model names the variable (`<civicflow:task item="office">`) and the
task row keeps its value. Existing rows stay empty: their pages read as
before.

Revision ID: 0021
Revises: 0020
"""
import sqlalchemy as sa
from alembic import op


revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


# Plain ALTERs, not a batch: SQLite's batch mode copies the table, and the
# copy would lose the board's triggers on it (0003).
def upgrade():
    op.add_column('task', sa.Column('item', sa.String(200), nullable=True))


def downgrade():
    op.drop_column('task', 'item')
