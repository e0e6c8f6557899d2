"""devices.dimension_verdicts: each dimension's verdict, computed by the database from the classification

The xinchuang report counts devices by dimension (vendor, CPU, OS). Read from the
classification record that is a JSON document parsed per device: 0.4 s on SQLite and
about 1.5 s on PostgreSQL at 100,000 devices, ten times that at 1,000,000. A generated
column holds the three verdicts (and a "+" when the record lists software items),
whoever writes the record: SQLite keeps it virtual (ALTER TABLE cannot add a stored
generated column) in an index with what reports filter on; PostgreSQL stores it.
The expressions are frozen here as of this revision (``govops.store.models`` has the current ones).

``ix_devices_domestic`` goes: every import row paid for it, and the one query that filters on
the verdict alone (the xinchuang backlog, a third of the devices or more) reads as fast without it.

Revision ID: 0007_i16
Revises: 0006_i16
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0007_i16"
down_revision = "0006_i16"
branch_labels = None
depends_on = None

SQLITE = (
    "json_extract(classification, '$.vendor.verdict', '$.cpu.verdict', '$.os.verdict')"
    " || CASE WHEN instr(classification, '\"items\"') > 0 THEN '+' ELSE '' END"
)
POSTGRES = (
    "CASE WHEN classification IS NULL THEN NULL ELSE"
    " coalesce((classification -> 'vendor') ->> 'verdict', '') || ','"
    " || coalesce((classification -> 'cpu') ->> 'verdict', '') || ','"
    " || coalesce((classification -> 'os') ->> 'verdict', '')"
    " || CASE WHEN strpos(classification::text, '\"items\"') > 0 THEN '+' ELSE '' END END"
)


def upgrade() -> None:
    op.drop_index("ix_devices_domestic", table_name="devices", if_exists=True)
    bind = op.get_bind()
    # Idempotent, as every revision here: a store stamped older than it is (or made from the models) upgrades.
    present = any(c["name"] == "dimension_verdicts" for c in sa.inspect(bind).get_columns("devices"))
    if bind.dialect.name == "sqlite":
        if not present:
            op.execute(f"ALTER TABLE devices ADD COLUMN dimension_verdicts TEXT GENERATED ALWAYS AS ({SQLITE}) VIRTUAL")
        op.execute("CREATE INDEX IF NOT EXISTS ix_devices_dimensions ON devices (dimension_verdicts, status, department_id)")
    elif not present:
        op.execute(f"ALTER TABLE devices ADD COLUMN dimension_verdicts TEXT GENERATED ALWAYS AS ({POSTGRES}) STORED")


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_devices_dimensions")
    op.execute("ALTER TABLE devices DROP COLUMN dimension_verdicts")
    op.create_index("ix_devices_domestic", "devices", ["domestic"], unique=False, if_not_exists=True)
