"""indexes at a city's size: a case's open tasks by due instant, similar cases

Every command sets the case's due instant to the earliest due of its open
tasks (MIN(due_at) WHERE case_id = ? AND state = 'ready'), and the citizen's
status page reads the reply deadline the same way. With ix_task_case on
(case_id, state) only, SQLite answered the MIN by walking ix_task_state_due
(state, due_at) in due order until a row of the case came up: every open
task of the city. At 1,000,000 open tasks one case creation took 2.3 s
(bench/http.py's database after its inbox figures); with due_at in
ix_task_case the MIN is one index seek (0.05 ms).

The task page and the case page list possible duplicates: cases of the same
process and category received within 14 days (engine/cases/queries.
similar_cases). SQLite took ix_case_process_status (process_key = ?) and
read every petition of the city to keep a fortnight's: 456 ms at 1,000,000
cases. ix_case_similar (category, process_key, received_at) reads the
fortnight of that category only (0.14 ms).

Revision ID: 0020
Revises: 0019
"""
from alembic import op


revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('task') as batch:
        batch.drop_index('ix_task_case')
        batch.create_index('ix_task_case', ['case_id', 'state', 'due_at'], unique=False)
    with op.batch_alter_table('case') as batch:
        batch.create_index('ix_case_similar', ['category', 'process_key', 'received_at'], unique=False)


def downgrade():
    with op.batch_alter_table('case') as batch:
        batch.drop_index('ix_case_similar')
    with op.batch_alter_table('task') as batch:
        batch.drop_index('ix_task_case')
        batch.create_index('ix_task_case', ['case_id', 'state'], unique=False)
