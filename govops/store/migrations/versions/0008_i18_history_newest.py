"""history: index (at, id) instead of (at), so the newest entries are read in order

The changes report lists the newest entries of a period, newest first (by time, then
id). One import writes all of its entries at the same time: on PostgreSQL an index on
``at`` alone gives a million of them in no useful order, and all were read and sorted
to show 200 (seconds at 1,000,000 devices). With ``id`` in the index they come in
order and the reading stops at the 200th. (SQLite's index on ``at`` already ends in
the row id; it takes the same index, one schema for both.)

Revision ID: 0008_i18
Revises: 0007_i16
"""

from __future__ import annotations

from alembic import op

revision = "0008_i18"
down_revision = "0007_i16"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.drop_index("ix_history_at", table_name="history", if_exists=True)
    op.create_index("ix_history_at_id", "history", ["at", "id"], unique=False, if_not_exists=True)


def downgrade() -> None:
    op.drop_index("ix_history_at_id", table_name="history", if_exists=True)
    op.create_index("ix_history_at", "history", ["at"], unique=False, if_not_exists=True)
