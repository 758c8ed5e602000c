"""supplement requests (補正): what the petitioner was asked and answered

An officer asks the petitioner to complete a petition; the case's deadline
clock stops (case.clock_stopped_at) until the answer comes. The request and
the answer are the case's own record, shown to the officer and the citizen,
so they get a table rather than living only in audit details.

Revision ID: 0013
Revises: 0012
"""
import sqlalchemy as sa
from alembic import op


revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('supplement_request',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('case_id', sa.Integer(), nullable=False),
    sa.Column('task_id', sa.String(length=36), nullable=True),
    sa.Column('asked_by', sa.String(length=64), nullable=False),
    sa.Column('asked_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('request', sa.Text(), nullable=False),
    sa.Column('answered_by', sa.String(length=64), nullable=True),
    sa.Column('answered_at', sa.DateTime(timezone=True), nullable=True),
    sa.Column('answer', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['case_id'], ['case.id'],
                            name=op.f('fk_supplement_request_case_id_case'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_supplement_request'))
    )
    op.create_index('ix_supplement_request_case_id', 'supplement_request', ['case_id'],
                    unique=False)


def downgrade():
    op.drop_index('ix_supplement_request_case_id', table_name='supplement_request')
    op.drop_table('supplement_request')
