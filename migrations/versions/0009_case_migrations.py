"""moving running cases to a new model version: plans, runs and per-case results (issue 16)

Revision ID: 0009
Revises: 0008
"""
import sqlalchemy as sa
from alembic import op


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "case_migration_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("process_key", sa.String(120), nullable=False),
        sa.Column("to_definition_id", sa.Integer(), nullable=False),
        sa.Column("plan", sa.Text(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("requested_by", sa.String(64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True)),
        sa.ForeignKeyConstraint(["to_definition_id"], ["process_definition.id"],
                                name="fk_case_migration_run_to_definition_id_process_definition"),
        sa.PrimaryKeyConstraint("id", name="pk_case_migration_run"),
    )
    op.create_table(
        "case_migration_case",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("from_definition_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(16), nullable=False),
        sa.Column("reason_code", sa.String(40)),
        sa.Column("reason_params", sa.Text()),
        sa.Column("done_at", sa.DateTime(timezone=True)),
        sa.ForeignKeyConstraint(["run_id"], ["case_migration_run.id"], ondelete="CASCADE",
                                name="fk_case_migration_case_run_id_case_migration_run"),
        sa.ForeignKeyConstraint(["case_id"], ["case.id"], ondelete="CASCADE",
                                name="fk_case_migration_case_case_id_case"),
        sa.ForeignKeyConstraint(["from_definition_id"], ["process_definition.id"],
                                name="fk_case_migration_case_from_definition_id_process_definition"),
        sa.PrimaryKeyConstraint("id", name="pk_case_migration_case"),
        sa.UniqueConstraint("run_id", "case_id", name="uq_case_migration_case_run_id_case_id"),
    )
    op.create_index("ix_case_migration_case_run_state", "case_migration_case",
                    ["run_id", "state"])


def downgrade():
    op.drop_index("ix_case_migration_case_run_state", table_name="case_migration_case")
    op.drop_table("case_migration_case")
    op.drop_table("case_migration_run")
