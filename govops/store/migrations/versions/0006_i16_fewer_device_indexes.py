"""devices: drop the three indexes that others already cover (kind, room_id, status)

Every device an import writes goes into each index of ``devices``: ten of them cost
about as much as the row itself on 100,000 devices. ``ix_devices_kind`` and
``ix_devices_room_id`` are the first column of ``ix_devices_report_kind`` and
``ix_devices_report_room`` (any lookup by kind or room uses those as well), and
``ix_devices_status`` indexes three words that no query looks up alone (reports ask
for ``status != 'retired'``, which a scan answers).

Revision ID: 0006_i16
Revises: 0005_i14
"""

from __future__ import annotations

from alembic import op

revision = "0006_i16"
down_revision = "0005_i14"
branch_labels = None
depends_on = None

DROPPED = (("ix_devices_kind", "kind"), ("ix_devices_room_id", "room_id"), ("ix_devices_status", "status"))


def upgrade() -> None:
    for name, _ in DROPPED:
        op.drop_index(name, table_name="devices", if_exists=True)


def downgrade() -> None:
    for name, column in DROPPED:
        op.create_index(name, "devices", [column], unique=False, if_not_exists=True)
