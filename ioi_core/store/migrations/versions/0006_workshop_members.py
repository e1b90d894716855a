"""Workshop members: a participant's resume-code hash, where they are (page, last seen) and their table.

One row per participant workbook of a workshop. Participants who joined before this revision have
no row: they simply have no resume code and no "last seen" until their page next reports.

Revision ID: 0006
Revises: 0005
"""

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshop_members",
        sa.Column("workbook_id", sa.String(32), nullable=False),
        sa.Column("workshop_id", sa.String(32), nullable=False),
        sa.Column("resume_hash", sa.String(64), nullable=True),
        sa.Column("page", sa.String(60), nullable=True),
        sa.Column("seen_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("table_name", sa.String(60), nullable=True),
        sa.PrimaryKeyConstraint("workbook_id", name="pk_workshop_members"),
    )
    op.create_index("ix_workshop_members_workshop_id", "workshop_members", ["workshop_id"])
    op.create_index("ix_workshop_members_resume_hash", "workshop_members", ["resume_hash"])


def downgrade() -> None:
    op.drop_index("ix_workshop_members_resume_hash", table_name="workshop_members")
    op.drop_index("ix_workshop_members_workshop_id", table_name="workshop_members")
    op.drop_table("workshop_members")
