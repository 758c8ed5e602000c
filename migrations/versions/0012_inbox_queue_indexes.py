"""indexes for the inbox's agency queue and the supervisors' decisions badge

The queue (agency, ready, unclaimed, soonest due) had no index of its own:
SQLite read it through ix_task_assignee's `assignee IS NULL` entries, every
agency's unclaimed tasks; the role at its end lets the tab's capped count
check `candidate_role` without reading the rows. The navigation's decisions badge (supervisor tasks
of an agency) read the agency's whole queue, an administrator's every open task.

Revision ID: 0012
Revises: 0011
"""
from alembic import op


revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade():
    op.create_index('ix_task_agency_unclaimed', 'task',
                    ['candidate_agency', 'assignee', 'state', 'due_at', 'candidate_role'], unique=False)
    op.create_index('ix_task_role_state_agency', 'task',
                    ['candidate_role', 'state', 'candidate_agency'], unique=False)


def downgrade():
    op.drop_index('ix_task_role_state_agency', table_name='task')
    op.drop_index('ix_task_agency_unclaimed', table_name='task')
