"""Alembic environment: always run with a connection handed in by `ioi_core.store.migrate`."""

from alembic import context

from ioi_core.store.db import Base

connection = context.config.attributes["connection"]
# transactional_ddl: Alembic assumes SQLite cannot run DDL in a transaction and would commit statement
# by statement, so two servers starting at once could both find the schema empty. SQLite can; one
# transaction (BEGIN IMMEDIATE, see ioi_core.store.db) holds the write lock from the version read to the end.
context.configure(
    connection=connection, target_metadata=Base.metadata, render_as_batch=True, transactional_ddl=True
)
with context.begin_transaction():
    # Read inside the transaction, after any other server's upgrade: what this caller found.
    context.config.attributes.setdefault("found_revision", []).append(
        context.get_context().get_current_revision()
    )
    context.run_migrations()
