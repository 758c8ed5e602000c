"""PostgreSQL statistics of the task table's agency and state taken together

The workload per officer (engine/board/workload.py) counts an agency's open
tasks through ix_task_queue (candidate_agency, state). PostgreSQL estimates
"this agency and ready" as if the two were independent; for the department
whose intake steps every case passes (DOA: many completed tasks, few open)
that guess is tens of thousands of rows and the planner read the whole task
table (33 ms at 100k open tasks, growing with every completed task) instead
of the index (under 1 ms). Statistics over both columns give it the real
combinations. Not an index: nothing to write per row, and SQLite has no
such thing (its plan takes the index already).

Revision ID: 0015
Revises: 0014
"""
from alembic import op


revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None


def upgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("CREATE STATISTICS IF NOT EXISTS st_task_agency_state (mcv, dependencies) "
                   "ON candidate_agency, state FROM task")
        op.execute("ANALYZE task")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP STATISTICS IF EXISTS st_task_agency_state")
