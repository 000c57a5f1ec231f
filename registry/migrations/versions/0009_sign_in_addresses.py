"""failed sign-ins per client address

Revision ID: 0009
Revises: 0008
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('web_sign_in_address',
    sa.Column('address_hash', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('failures', sa.Integer(), nullable=False),
    sa.Column('last_failed', sa.String(length=32), nullable=False),
    sa.Column('retry_after', sa.String(length=32), nullable=True),
    sa.PrimaryKeyConstraint('address_hash')
    )


def downgrade() -> None:
    op.drop_table('web_sign_in_address')
