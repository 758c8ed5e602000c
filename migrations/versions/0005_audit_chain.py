"""the audit trail chained by an HMAC per row; TRUNCATE refused on PostgreSQL

Revision ID: 0005
Revises: 0004
"""
import sqlalchemy as sa
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade():
    # ADD COLUMN, not batch_alter_table: a batch copy of the table would need
    # DELETE/INSERT, which the append-only triggers refuse (and rightly so).
    op.add_column('audit', sa.Column('chain', sa.String(length=64), nullable=True))
    if op.get_bind().dialect.name == "postgresql":
        # Row triggers do not fire on TRUNCATE; a statement trigger does.
        op.execute("""CREATE TRIGGER audit_no_truncate BEFORE TRUNCATE ON audit
                      FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()""")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER audit_no_truncate ON audit")
    op.drop_column('audit', 'chain')
