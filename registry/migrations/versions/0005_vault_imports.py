"""vault imports: items and references

Revision ID: 0005
Revises: 0004
"""

from alembic import op
import sqlalchemy as sa
import sqlmodel


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('vault_import',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('vault', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.Column('manager', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=False),
    sa.Column('format', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=False),
    sa.Column('file', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('imported_at', sa.String(length=32), nullable=False),
    sa.Column('imported_by', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=False),
    sa.Column('items', sa.Integer(), nullable=False),
    sa.Column('social', sa.Integer(), nullable=False),
    sa.Column('matched', sa.Integer(), nullable=False),
    sa.Column('unmatched', sa.Integer(), nullable=False),
    sa.Column('references_checked', sa.Boolean(), nullable=False),
    sa.Column('digest', sqlmodel.sql.sqltypes.AutoString(length=64), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('vault_import', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vault_import_vault'), ['vault'], unique=False)

    op.create_table('vault_item',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('item_id', sqlmodel.sql.sqltypes.AutoString(length=200), nullable=True),
    sa.Column('title', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
    sa.Column('urls', sa.Text(), nullable=True),
    sa.Column('username', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('folder', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('shared', sa.Boolean(), nullable=True),
    sa.Column('created_on', sa.Date(), nullable=True),
    sa.Column('updated_on', sa.Date(), nullable=True),
    sa.Column('password_changed_on', sa.Date(), nullable=True),
    sa.Column('platform', sqlmodel.sql.sqltypes.AutoString(length=32), nullable=True),
    sa.Column('handle', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('handle_key', sqlmodel.sql.sqltypes.AutoString(length=300), nullable=True),
    sa.Column('account_id', sa.Integer(), nullable=True),
    sa.Column('matched_by', sqlmodel.sql.sqltypes.AutoString(length=16), nullable=True),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['import_id'], ['vault_import.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('vault_item', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vault_item_import_id'), ['import_id'], unique=False)

    op.create_table('vault_reference',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('import_id', sa.Integer(), nullable=False),
    sa.Column('account_id', sa.Integer(), nullable=False),
    sa.Column('found', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['account_id'], ['account.id'], ),
    sa.ForeignKeyConstraint(['import_id'], ['vault_import.id'], ),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('vault_reference', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_vault_reference_import_id'), ['import_id'], unique=False)


def downgrade() -> None:
    with op.batch_alter_table('vault_reference', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vault_reference_import_id'))
    op.drop_table('vault_reference')
    with op.batch_alter_table('vault_item', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vault_item_import_id'))
    op.drop_table('vault_item')
    with op.batch_alter_table('vault_import', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_vault_import_vault'))
    op.drop_table('vault_import')
