"""supplement requests (補正): asked on the lead's step or a co-handler's

已補正 follows a transfer (改分): an answer to a request asked on the
responsible agency's step belongs to the agency responsible for the case
now, however its steps moved on since; a co-handling agency's stays with
that agency. The request records which when it is asked
(engine/cases/supplements.py). Existing requests: on the lead's step when
that step's agency is the case's responsible agency, or the same step was
opened at it (a transfer moved the work there).

Revision ID: 0019
Revises: 0018
"""
import sqlalchemy as sa
from alembic import op


revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

FILL = """
UPDATE supplement_request SET on_lead_step = TRUE WHERE EXISTS (
    SELECT 1 FROM task AS asked JOIN "case" AS c ON c.id = asked.case_id
    WHERE asked.id = supplement_request.task_id AND (
        asked.candidate_agency = c.responsible_agency OR EXISTS (
            SELECT 1 FROM task AS again WHERE again.case_id = asked.case_id
            AND again.element_id = asked.element_id
            AND again.candidate_agency = c.responsible_agency)))
"""


def upgrade():
    with op.batch_alter_table('supplement_request') as batch:
        batch.add_column(sa.Column('on_lead_step', sa.Boolean(), nullable=False,
                                   server_default=sa.false()))
    op.execute(FILL)


def downgrade():
    with op.batch_alter_table('supplement_request') as batch:
        batch.drop_column('on_lead_step')
