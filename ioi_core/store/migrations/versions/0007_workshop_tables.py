"""Workshop tables: small groups of a workshop, each sharing one workbook its members edit together.

Revision ID: 0007
Revises: 0006
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_tables",
        sa.Column("workbook_id", sa.String(32), nullable=False),
        sa.Column("workshop_id", sa.String(32), nullable=False),
        sa.Column("name", sa.String(60), nullable=False),
        sa.Column("share_key", sa.String(64), nullable=False),
        sa.Column("members", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("workbook_id", name="pk_workshop_tables"),
    )
    op.create_index("ix_workshop_tables_workshop_id", "workshop_tables", ["workshop_id"])


def downgrade() -> None:
    op.drop_index("ix_workshop_tables_workshop_id", table_name="workshop_tables")
    op.drop_table("workshop_tables")
