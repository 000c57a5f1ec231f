"""event origin and result

Revision ID: 0010
Revises: 0009

Two columns, empty on the entries already written: their hashed record stays the one they were
hashed with (see registry/events.py), so the whole log still verifies after the upgrade.
Adding a column rewrites no row, so the append-only guard on PostgreSQL is not touched.
"""

from alembic import op
import sqlalchemy as sa


revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.add_column(sa.Column("origin", sa.Text(), nullable=True))
        batch_op.add_column(sa.Column("result", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("event", schema=None) as batch_op:
        batch_op.drop_column("result")
        batch_op.drop_column("origin")
