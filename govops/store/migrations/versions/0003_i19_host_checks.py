"""host_checks: the latest 等保 host rule results per server

Revision ID: 0003_i19
Revises: 0002_i9
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003_i19"
down_revision = "0002_i9"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Idempotent, like 0002: a store stamped older than its tables must upgrade cleanly.
    if "host_checks" in sa.inspect(op.get_bind()).get_table_names():
        return
    op.create_table(
        "host_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=64), nullable=False),
        sa.Column("clause", sa.String(length=32), nullable=False),
        sa.Column("severity", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("evidence", sa.JSON(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["device_id"], ["devices.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("device_id", "rule"),
    )
    with op.batch_alter_table("host_checks", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_host_checks_device_id"), ["device_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_host_checks_status"), ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("host_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_host_checks_status"))
        batch_op.drop_index(batch_op.f("ix_host_checks_device_id"))
    op.drop_table("host_checks")
