"""an index of the cases whose clock is stopped (補正)

While a case waits on its petitioner, its timers are not claimed and the
board counts it as 待補正 rather than overdue or due soon. Few cases wait at
once: a partial index over them alone lets the scheduler's claim set them
aside and the board count them per agency without reading every open case
(ix_case_board has no room for the column: its counts are index-only).

Revision ID: 0014
Revises: 0013
"""
import sqlalchemy as sa
from alembic import op


revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

STOPPED = "clock_stopped_at IS NOT NULL"


def upgrade():
    where = {"sqlite_where": sa.text(STOPPED), "postgresql_where": sa.text(STOPPED)}
    op.create_index('ix_case_clock_stopped', 'case',
                    ['status', 'responsible_agency', 'process_key', 'due_at'], unique=False, **where)


def downgrade():
    op.drop_index('ix_case_clock_stopped', table_name='case')
