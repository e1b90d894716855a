"""Imported indicator banks, for the whole installation or for one workbook.

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_indicators",
        sa.Column("id", sa.String(40), nullable=False),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("domain", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(500), nullable=False),
        sa.Column("data_availability", sa.String(40), nullable=True),
        sa.Column("source", sa.String(300), nullable=False),
        sa.Column("link", sa.String(500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bank_indicators"),
    )
    op.create_index("ix_bank_indicators_scope", "bank_indicators", ["scope"])


def downgrade() -> None:
    op.drop_index("ix_bank_indicators_scope", table_name="bank_indicators")
    op.drop_table("bank_indicators")
