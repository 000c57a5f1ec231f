"""group handover evidence; accounts taken off an offboarding case

Revision ID: 0006
Revises: 0005
"""

from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    # A group (kind ``group``) is handed over by moving its admin rights and removing the leaver.
    with op.batch_alter_table('handover', schema=None) as batch_op:
        batch_op.add_column(sa.Column('admin_moved', sa.Boolean(), nullable=False, server_default=sa.false()))
        batch_op.add_column(sa.Column('leaver_removed', sa.Boolean(), nullable=False, server_default=sa.false()))
    with op.batch_alter_table('case_account', schema=None) as batch_op:
        batch_op.add_column(sa.Column('removed_on', sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('case_account', schema=None) as batch_op:
        batch_op.drop_column('removed_on')
    with op.batch_alter_table('handover', schema=None) as batch_op:
        batch_op.drop_column('leaver_removed')
        batch_op.drop_column('admin_moved')
