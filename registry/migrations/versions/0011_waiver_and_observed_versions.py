"""version numbers on waivers and observed accounts: a second writer is told, never silently overwritten

Revision ID: 0011
Revises: 0010
"""

from alembic import op
import sqlalchemy as sa


revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ('waiver', 'observed_account'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('version', sa.Integer(), server_default=sa.text('1'), nullable=False))


def downgrade() -> None:
    for table in ('waiver', 'observed_account'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column('version')
