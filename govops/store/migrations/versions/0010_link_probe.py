"""links.probe: where the bandwidth agent probes a WAN link's far end

A link of the store had no far-end address, so the bandwidth agent reading its links
from the store measured no round-trip time or loss (``govops_link_rtt_seconds``,
``govops_link_probe_loss_ratio``). ``probe`` holds ``{address, tcp_port}``, the shape of
a config file link's ``probe:``. A nullable JSON column: links stored before it have none.

Revision ID: 0010_probe
Revises: 0009_partial
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0010_probe"
down_revision = "0009_partial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Idempotent, as every revision here: a store stamped older than it is (or made from the models) upgrades.
    if not any(c["name"] == "probe" for c in sa.inspect(op.get_bind()).get_columns("links")):
        op.add_column("links", sa.Column("probe", sa.JSON(), nullable=True))


def downgrade() -> None:
    op.execute("ALTER TABLE links DROP COLUMN probe")
