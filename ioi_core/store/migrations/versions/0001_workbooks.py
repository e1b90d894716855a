"""Workbooks: one row per workbook, answers as validated JSON, a version for optimistic saves.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workbooks",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workbooks"),
    )
    op.create_index("ix_workbooks_key_hash", "workbooks", ["key_hash"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_workbooks_key_hash", table_name="workbooks")
    op.drop_table("workbooks")
