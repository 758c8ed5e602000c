"""the mail server's and the single sign-on's settings, kept by an administrator

Until now they were environment variables only: changing one needed a shell
on the server and a restart. /admin/connections keeps them here, one row per
section (mail, sso) with its settings as JSON (the SMTP password and the
client secret sealed with a key derived from SECRET_KEY) and a version that
refuses the second of two administrators saving at once.

Revision ID: 0018
Revises: 0017
"""
import sqlalchemy as sa
from alembic import op


revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'connection_setting',
        sa.Column('section', sa.String(length=16), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('settings', sa.Text(), nullable=False),
        sa.Column('updated_by', sa.String(length=64), nullable=False),
        sa.Column('updated_at', sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint('section', name=op.f('pk_connection_setting')),
    )


def downgrade():
    op.drop_table('connection_setting')
