"""Workshops: a trainer's live session with a join code; participant workbooks link to it.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "workshops",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("code", sa.String(12), nullable=False),
        sa.Column("trainer_key_hash", sa.String(64), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("settings", sa.Text(), nullable=False),
        sa.Column("closed", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_workshops"),
    )
    op.create_index("ix_workshops_code", "workshops", ["code"], unique=True)
    op.create_index("ix_workshops_trainer_key_hash", "workshops", ["trainer_key_hash"], unique=True)
    with op.batch_alter_table("workbooks") as batch:
        batch.add_column(sa.Column("workshop_id", sa.String(32), nullable=True))
        batch.create_index("ix_workbooks_workshop_id", ["workshop_id"])


def downgrade() -> None:
    with op.batch_alter_table("workbooks") as batch:
        batch.drop_index("ix_workbooks_workshop_id")
        batch.drop_column("workshop_id")
    op.drop_index("ix_workshops_trainer_key_hash", table_name="workshops")
    op.drop_index("ix_workshops_code", table_name="workshops")
    op.drop_table("workshops")
