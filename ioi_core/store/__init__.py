"""The database: engine and tables, migrations, workbooks by key, field-level edits, history, workshops, shortlisting."""
