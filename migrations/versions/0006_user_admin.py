"""user administration: a reset password must be changed, last sign-in, token expiry

Revision ID: 0006
Revises: 0005
"""
import sqlalchemy as sa
from alembic import op


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN (no batch copy): plain, and the same on SQLite and PostgreSQL.
    op.add_column('app_user', sa.Column('must_change_password', sa.Boolean(), nullable=False,
                                        server_default=sa.false()))
    op.add_column('app_user', sa.Column('last_login_at', sa.DateTime(timezone=True)))
    op.add_column('api_token', sa.Column('expires_at', sa.DateTime(timezone=True)))


def downgrade():
    op.drop_column('api_token', 'expires_at')
    op.drop_column('app_user', 'last_login_at')
    op.drop_column('app_user', 'must_change_password')
