"""the report's saved wording: {mediations_held} keeps what the words around it meant

`{mediations_held}` counted mediation cases with a session held
(「調解 {mediations_held} 件」, the wording first offered). For a day it
counted sessions instead and the default read 「召開調解 {mediations_held}
場次」; now it counts cases again and sessions are `{mediation_sessions}`
(engine/report/placeholders.py). A wording saved in that day names the
figure followed by 場 (場次): it meant sessions, so it is given the new
name; every other saved wording (件) keeps `{mediations_held}`, the cases
it always meant. The rows' editor and time stay: the words did not change.

Revision ID: 0023
Revises: 0022
"""
import re

import sqlalchemy as sa
from alembic import op


revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

prose = sa.table('report_prose', sa.column('id', sa.Integer), sa.column('text', sa.Text))
SESSIONS_MEANT = re.compile(r"\{\s*mediations_held\s*\}(\s*場)")
CASES_AGAIN = re.compile(r"\{\s*mediation_sessions\s*\}(\s*場)")


def _rewrite(pattern, name):
    conn = op.get_bind()
    rows = conn.execute(sa.select(prose.c.id, prose.c.text)
                        .where(prose.c.text.like('%mediation%'))).all()
    for row_id, text in rows:
        new = pattern.sub(lambda m: "{" + name + "}" + m.group(1), text)
        if new != text:
            conn.execute(prose.update().where(prose.c.id == row_id).values(text=new))


def upgrade():
    _rewrite(SESSIONS_MEANT, "mediation_sessions")


def downgrade():
    _rewrite(CASES_AGAIN, "mediations_held")
