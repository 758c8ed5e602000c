"""deadline board rollups: completed tasks per week, agency, step and handling
days, kept by a trigger on task; an index for open-case figures; backfill

Revision ID: 0003
Revises: 0002
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None

KEYS = ("week", "agency", "process_key", "element_id", "days")
COUNTS = ("on_time", "with_due", "taken_secs", "allowed_secs")


def _count_columns():
    return [sa.Column('on_time', sa.Integer(), nullable=False),
            sa.Column('with_due', sa.Integer(), nullable=False),
            sa.Column('taken_secs', sa.BigInteger(), nullable=False),
            sa.Column('allowed_secs', sa.BigInteger(), nullable=False)]


def upgrade():
    op.create_table('board_task_week',
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('agency', sa.String(length=32), nullable=False),
    sa.Column('process_key', sa.String(length=120), nullable=False),
    sa.Column('element_id', sa.String(length=120), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    sa.Column('completed', sa.Integer(), nullable=False),
    *_count_columns(),
    sa.PrimaryKeyConstraint(*KEYS, name=op.f('pk_board_task_week'))
    )
    op.create_table('board_task_delta',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Date(), nullable=False),
    sa.Column('agency', sa.String(length=32), nullable=False),
    sa.Column('process_key', sa.String(length=120), nullable=False),
    sa.Column('element_id', sa.String(length=120), nullable=False),
    sa.Column('days', sa.Integer(), nullable=False),
    *_count_columns(),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_board_task_delta'))
    )
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.create_index('ix_case_board', ['status', 'responsible_agency', 'process_key',
                                                'due_at', 'extended', 'escalation_level'],
                              unique=False)
    dialect = op.get_bind().dialect.name
    _backfill(dialect)
    _create_triggers(dialect)


def _figures(dialect: str, t: str) -> list[str]:
    """SQL for (week, agency, process_key, element_id, days, on_time, with_due,
    taken_secs, allowed_secs) of task row `t`; the same in trigger and backfill.

    Week: the Monday (Asia/Taipei) of completion. Days: handling time in
    24-hour days begun (whole seconds, so both dialects agree exactly)."""
    if dialect == "postgresql":
        week = f"(date_trunc('week', {t}.completed_at AT TIME ZONE 'Asia/Taipei'))::date"

        def secs(col):
            return f"extract(epoch from date_trunc('second', {t}.{col}))::bigint"
        on_time = f"({t}.due_at IS NOT NULL AND {t}.completed_at <= {t}.due_at)::int"
        with_due = f"({t}.due_at IS NOT NULL)::int"
        clamp = "greatest"
    else:
        week = f"date({t}.completed_at, '+8 hours', '-6 days', 'weekday 1')"

        def secs(col):
            return f"CAST(strftime('%s', {t}.{col}) AS INTEGER)"
        on_time = (f"({t}.due_at IS NOT NULL AND julianday({t}.completed_at) "
                   f"<= julianday({t}.due_at))")
        with_due = f"({t}.due_at IS NOT NULL)"
        clamp = "max"
    taken = f"{clamp}(0, {secs('completed_at')} - {secs('created_at')})"
    allowed = f"coalesce({secs('due_at')} - {secs('created_at')}, 0)"
    return [week, f"coalesce({t}.candidate_agency, '')", f"{t}.process_key",
            f"{t}.element_id", f"({taken} + 86399) / 86400", on_time, with_due, taken, allowed]


def _backfill(dialect):
    """An upgraded database starts with the figures of the work already done."""
    cols = _figures(dialect, "t")
    sums = ", ".join(f"sum({c})" for c in cols[5:])
    op.execute(f"""
        INSERT INTO board_task_week ({', '.join(KEYS)}, completed, {', '.join(COUNTS)})
        SELECT {', '.join(cols[:5])}, count(*), {sums}
        FROM task t WHERE t.state = 'completed' AND t.completed_at IS NOT NULL
        GROUP BY {', '.join(cols[:5])}""")


def _create_triggers(dialect):
    """Every task that becomes completed (by update, or inserted completed)
    adds its delta row in the same transaction."""
    insert = (f"INSERT INTO board_task_delta ({', '.join(KEYS)}, {', '.join(COUNTS)}) "
              f"VALUES ({', '.join(_figures(dialect, 'NEW'))})")
    if dialect == "postgresql":
        op.execute(f"""
            CREATE FUNCTION board_task_completed() RETURNS trigger AS $$
            BEGIN
              IF NEW.state = 'completed' AND NEW.completed_at IS NOT NULL
                 AND (TG_OP = 'INSERT' OR OLD.state IS DISTINCT FROM 'completed') THEN
                {insert};
              END IF;
              RETURN NULL;
            END; $$ LANGUAGE plpgsql""")
        op.execute("""CREATE TRIGGER board_task_completed AFTER INSERT OR UPDATE OF state ON task
                      FOR EACH ROW EXECUTE FUNCTION board_task_completed()""")
        return
    done = "NEW.state = 'completed' AND NEW.completed_at IS NOT NULL"
    op.execute(f"""CREATE TRIGGER board_task_done_insert AFTER INSERT ON task
                   WHEN {done} BEGIN {insert}; END""")
    op.execute(f"""CREATE TRIGGER board_task_done_update AFTER UPDATE OF state ON task
                   WHEN {done} AND OLD.state <> 'completed' BEGIN {insert}; END""")


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER board_task_completed ON task")
        op.execute("DROP FUNCTION board_task_completed()")
    else:
        op.execute("DROP TRIGGER board_task_done_insert")
        op.execute("DROP TRIGGER board_task_done_update")
    with op.batch_alter_table('case', schema=None) as batch_op:
        batch_op.drop_index('ix_case_board')
    op.drop_table('board_task_delta')
    op.drop_table('board_task_week')
