"""indexes for the inbox's agency queue and the supervisors' decisions badge

The queue (agency, ready, unclaimed, soonest due) had no index of its own:
SQLite read it through ix_task_assignee's `assignee IS NULL` entries, every
agency's unclaimed tasks. Two partial indexes over the unclaimed ready tasks
hold it in the orders a page reads: soonest due (the role at the end lets the
tab's capped count check `candidate_role` without reading the rows) and
highest priority first. Partial, because PostgreSQL takes no order from
`assignee IS NULL` in a full index's leading columns: it sorted the agency's
whole queue whenever a filter made the index scan a bitmap. Both planners use
them when the query states the same literal condition (queries.READY); the
constant `state` is a column too, or SQLite's planner (which counts equality
columns) keeps to ix_task_queue.
The navigation's decisions badge (supervisor tasks of an agency) read the
agency's whole queue, an administrator's every open task.

Revision ID: 0012
Revises: 0011
"""
import sqlalchemy as sa
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

UNCLAIMED = "assignee IS NULL AND state = 'ready'"


def upgrade():
    where = {"sqlite_where": sa.text(UNCLAIMED), "postgresql_where": sa.text(UNCLAIMED)}
    op.create_index('ix_task_queue_unclaimed', 'task',
                    ['candidate_agency', 'state', 'due_at', 'candidate_role'], unique=False, **where)
    op.create_index('ix_task_queue_priority', 'task',
                    ['candidate_agency', 'state', sa.text('priority DESC'), 'due_at', 'id',
                     'candidate_role'], unique=False, **where)
    op.create_index('ix_task_role_state_agency', 'task',
                    ['candidate_role', 'state', 'candidate_agency'], unique=False)


def downgrade():
    op.drop_index('ix_task_role_state_agency', table_name='task')
    op.drop_index('ix_task_queue_priority', table_name='task')
    op.drop_index('ix_task_queue_unclaimed', table_name='task')
