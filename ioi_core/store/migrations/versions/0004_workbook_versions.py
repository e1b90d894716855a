"""Workbook history: each change keeps the workbook as it was before it, so it can be undone.

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workbook_versions",
        sa.Column("workbook_id", sa.String(32), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("changed", sa.Text(), nullable=False),
        sa.Column("preview", sa.Text(), nullable=True),
        sa.Column("note", sa.String(200), nullable=True),
        sa.PrimaryKeyConstraint("workbook_id", "version", name="pk_workbook_versions"),
        sa.ForeignKeyConstraint(
            ["workbook_id"],
            ["workbooks.id"],
            name="fk_workbook_versions_workbook_id_workbooks",
            ondelete="CASCADE",
        ),
    )


def downgrade() -> None:
    op.drop_table("workbook_versions")
