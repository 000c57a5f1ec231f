"""unverified observed accounts: hits of username-search tools until a reviewer confirms them

Revision ID: 0007
Revises: 0006
"""

from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('observed_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('unverified', sa.Boolean(), server_default=sa.text('false'), nullable=False))


def downgrade() -> None:
    with op.batch_alter_table('observed_account', schema=None) as batch_op:
        batch_op.drop_column('unverified')
