"""Bank imports recorded as batches (who can list and remove them), each indicator tied to its batch.

Indicators imported before this revision are gathered into one batch per scope, so they too can be
listed and removed.

Revision ID: 0005
Revises: 0004
"""

import uuid

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "bank_imports",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("scope", sa.String(32), nullable=False),
        sa.Column("file_name", sa.String(200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("added", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_bank_imports"),
    )
    op.create_index("ix_bank_imports_scope", "bank_imports", ["scope"])
    with op.batch_alter_table("bank_indicators") as batch:
        batch.add_column(sa.Column("batch_id", sa.String(32), nullable=True))
        batch.create_index("ix_bank_indicators_batch_id", ["batch_id"])

    bind = op.get_bind()
    earlier = bind.execute(
        sa.text("SELECT scope, COUNT(*) AS n, MAX(created_at) AS latest FROM bank_indicators GROUP BY scope")
    ).all()
    for scope, count, latest in earlier:
        batch_id = uuid.uuid4().hex[:12]
        bind.execute(
            sa.text(
                "INSERT INTO bank_imports (id, scope, file_name, created_at, added) "
                "VALUES (:id, :scope, :file_name, :created_at, :added)"
            ),
            {
                "id": batch_id,
                "scope": scope,
                "file_name": "(imported before imports were recorded)",
                "created_at": latest,
                "added": count,
            },
        )
        bind.execute(
            sa.text("UPDATE bank_indicators SET batch_id = :id WHERE scope = :scope"),
            {"id": batch_id, "scope": scope},
        )


def downgrade() -> None:
    with op.batch_alter_table("bank_indicators") as batch:
        batch.drop_index("ix_bank_indicators_batch_id")
        batch.drop_column("batch_id")
    op.drop_index("ix_bank_imports_scope", table_name="bank_imports")
    op.drop_table("bank_imports")
