"""the period report's editable prose per period (issue 17)

Revision ID: 0011
Revises: 0010
"""
import sqlalchemy as sa
from alembic import op


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'report_prose',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('period_end', sa.Date(), nullable=False),
        sa.Column('section', sa.String(length=64), nullable=False),
        sa.Column('text', sa.Text(), nullable=False, server_default=''),
        sa.Column('updated_by', sa.String(length=64), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_report_prose')),
        sa.UniqueConstraint('period_start', 'period_end', 'section',
                            name=op.f('uq_report_prose_period_start_period_end_section')),
    )


def downgrade():
    op.drop_table('report_prose')
