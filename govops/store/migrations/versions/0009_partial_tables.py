"""devices.partial_tables: which discovered tables hold only the rows a cut walk read

An IF-MIB or LLDP-MIB walk cut short (the row limit, the per-target deadline) read the
first rows of a table. A device with no whole table stored keeps those rows, marked
here (table -> reason, time, source) so every surface says the table is partial; a
whole walk later replaces them and clears the mark. A nullable JSON column: the rows
already stored are whole tables (before this revision a cut walk was not saved), NULL.

Revision ID: 0009_partial
Revises: 0008_i18
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009_partial"
down_revision = "0008_i18"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Idempotent, as every revision here: a store stamped older than it is (or made from the models) upgrades.
    if not any(c["name"] == "partial_tables" for c in sa.inspect(op.get_bind()).get_columns("devices")):
        op.add_column("devices", sa.Column("partial_tables", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE devices DROP COLUMN partial_tables")
