"""resources (cars, drivers, rooms) and their reservations (issue 17)

Revision ID: 0010
Revises: 0009
"""
import sqlalchemy as sa
from alembic import op


revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

# Two held reservations of one resource may not overlap: the database says so
# on PostgreSQL, whatever process inserts ([) ranges: a trip ending at 12:00
# and one starting at 12:00 do not collide).
NO_OVERLAP = (
    "ALTER TABLE reservation ADD CONSTRAINT ex_reservation_no_overlap "
    "EXCLUDE USING gist (resource_id WITH =, tstzrange(starts_at, ends_at, '[)') WITH &&) "
    "WHERE (state = 'held')"
)


def upgrade():
    op.create_table(
        'resource',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('name_zh', sa.String(length=120), nullable=False),
        sa.Column('name_en', sa.String(length=160), nullable=False),
        sa.Column('centre', sa.String(length=32), nullable=False, server_default=''),
        sa.Column('capacity', sa.Integer(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False, server_default='1'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_resource')),
        sa.UniqueConstraint('code', name=op.f('uq_resource_code')),
    )
    op.create_table(
        'reservation',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('resource_id', sa.Integer(), nullable=False),
        sa.Column('case_id', sa.Integer(), nullable=False),
        sa.Column('starts_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('ends_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('state', sa.String(length=16), nullable=False, server_default='held'),
        sa.Column('created_at', sa.DateTime(timezone=True), nullable=False),
        sa.Column('released_at', sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(['resource_id'], ['resource.id'],
                                name=op.f('fk_reservation_resource_id_resource')),
        sa.ForeignKeyConstraint(['case_id'], ['case.id'],
                                name=op.f('fk_reservation_case_id_case')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reservation')),
    )
    op.create_index('ix_reservation_resource_id_starts_at', 'reservation',
                    ['resource_id', 'starts_at'])
    op.create_index('ix_reservation_case_id', 'reservation', ['case_id'])
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
        op.execute(NO_OVERLAP)


def downgrade():
    op.drop_index('ix_reservation_case_id', table_name='reservation')
    op.drop_index('ix_reservation_resource_id_starts_at', table_name='reservation')
    op.drop_table('reservation')
    op.drop_table('resource')
