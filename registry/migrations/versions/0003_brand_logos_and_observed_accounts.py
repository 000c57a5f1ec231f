"""brand logos and observed accounts

Revision ID: 0003
Revises: 0002
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('brand_logo',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('hash', sa.Text(), nullable=False),
    sa.Column('added_on', sa.Date(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    op.create_table('observed_account',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('handle', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('handle_key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('display_name', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('url', sqlmodel.sql.sqltypes.AutoString(length=500), nullable=True),
    sa.Column('platform_id', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=True),
    sa.Column('avatar', sa.Text(), nullable=True),
    sa.Column('avatar_hash', sa.Text(), nullable=True),
    sa.Column('first_seen', sa.Date(), nullable=True),
    sa.Column('source', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('state', sqlmodel.sql.sqltypes.AutoString(length=24), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reviewed_on', sa.Date(), nullable=True),
    sa.Column('reviewed_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('verdict', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('score', sa.Integer(), nullable=True),
    sa.Column('term', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('field', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('reasons', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('resembles', sqlmodel.sql.sqltypes.AutoString(length=340), nullable=True),
    sa.Column('rule', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.Column('severity', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('observed_account', schema=None) as batch_op:
        batch_op.create_index('ix_observed_account_platform_key', ['platform', 'handle_key'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('observed_account', schema=None) as batch_op:
        batch_op.drop_index('ix_observed_account_platform_key')

    op.drop_table('observed_account')
    op.drop_table('brand_logo')
