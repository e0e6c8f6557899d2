"""date_precision: dates a ledger gave only to the month or the year (2019年3月 stays 2019-03)

Revision ID: 0004_i15
Revises: 0003_i19
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004_i15"
down_revision = "0003_i19"
branch_labels = None
depends_on = None

TABLES = ("devices", "systems")


def upgrade() -> None:
    inspector = sa.inspect(op.get_bind())
    for table in TABLES:
        # Idempotent, like 0002: a store stamped older than its tables must upgrade cleanly.
        if "date_precision" not in {c["name"] for c in inspector.get_columns(table)}:
            with op.batch_alter_table(table) as batch:
                batch.add_column(sa.Column("date_precision", sa.JSON(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table) as batch:
            batch.drop_column("date_precision")
