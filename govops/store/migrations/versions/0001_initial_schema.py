"""initial schema

Revision ID: 0001
Revises: (none)
Create Date: 2026-11-21 05:52:50.454455
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:

    op.create_table('departments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['parent_id'], ['departments.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_departments_parent_id'), ['parent_id'], unique=False)

    op.create_table('figures',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('name', sa.String(length=128), nullable=False),
    sa.Column('value', sa.Float(), nullable=True),
    sa.Column('scope', sa.String(length=64), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.create_index('ix_figures_name_at', ['name', 'at'], unique=False)

    op.create_table('history',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('actor', sa.String(length=128), nullable=True),
    sa.Column('action', sa.String(length=16), nullable=False),
    sa.Column('entity_kind', sa.String(length=32), nullable=False),
    sa.Column('entity_key', sa.String(length=255), nullable=False),
    sa.Column('field', sa.String(length=64), nullable=True),
    sa.Column('old', sa.JSON(), nullable=True),
    sa.Column('new', sa.JSON(), nullable=True),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_history_at'), ['at'], unique=False)
        batch_op.create_index('ix_history_entity', ['entity_kind', 'entity_key'], unique=False)

    op.create_table('rooms',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('address', sa.String(length=512), nullable=True),
    sa.Column('area_m2', sa.Float(), nullable=True),
    sa.Column('racks', sa.Integer(), nullable=True),
    sa.Column('self_built', sa.Boolean(), nullable=True),
    sa.Column('lifecycle', sa.String(length=16), nullable=False),
    sa.Column('pue_target', sa.Float(), nullable=True),
    sa.Column('pue_declared', sa.Float(), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('code')
    )
    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_rooms_department_id'), ['department_id'], unique=False)

    op.create_table('devices',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('rack', sa.String(length=64), nullable=True),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('vendor', sa.String(length=128), nullable=True),
    sa.Column('model', sa.String(length=255), nullable=True),
    sa.Column('serial', sa.String(length=255), nullable=True),
    sa.Column('platform', sa.String(length=64), nullable=True),
    sa.Column('mgmt_ip', sa.String(length=64), nullable=True),
    sa.Column('os', sa.String(length=128), nullable=True),
    sa.Column('os_version', sa.String(length=128), nullable=True),
    sa.Column('cpu_vendor', sa.String(length=128), nullable=True),
    sa.Column('cpu_model', sa.String(length=255), nullable=True),
    sa.Column('arch', sa.String(length=32), nullable=True),
    sa.Column('cpu_sockets', sa.Integer(), nullable=True),
    sa.Column('cpu_cores', sa.Integer(), nullable=True),
    sa.Column('memory_mb', sa.Integer(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('purchased', sa.Date(), nullable=True),
    sa.Column('eol', sa.Date(), nullable=True),
    sa.Column('ipv6', sa.Boolean(), nullable=True),
    sa.Column('domestic', sa.String(length=16), nullable=True),
    sa.Column('classification', sa.JSON(), nullable=True),
    sa.Column('snmp', sa.JSON(), nullable=True),
    sa.Column('ssh', sa.JSON(), nullable=True),
    sa.Column('facts', sa.JSON(), nullable=True),
    sa.Column('reachability', sa.String(length=16), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], ),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_devices_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_domestic'), ['domestic'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_kind'), ['kind'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_mgmt_ip'), ['mgmt_ip'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_room_id'), ['room_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_serial'), ['serial'], unique=False)
        batch_op.create_index(batch_op.f('ix_devices_status'), ['status'], unique=False)

    op.create_table('systems',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('department_id', sa.Integer(), nullable=True),
    sa.Column('origin', sa.String(length=16), nullable=True),
    sa.Column('classified', sa.Boolean(), nullable=False),
    sa.Column('zone', sa.String(length=32), nullable=True),
    sa.Column('room_id', sa.Integer(), nullable=True),
    sa.Column('cloud', sa.String(length=128), nullable=True),
    sa.Column('migration_strategy', sa.String(length=16), nullable=True),
    sa.Column('migration_wave', sa.Integer(), nullable=True),
    sa.Column('migration_status', sa.String(length=16), nullable=False),
    sa.Column('migration_planned', sa.Date(), nullable=True),
    sa.Column('migration_done', sa.Date(), nullable=True),
    sa.Column('migration_note', sa.Text(), nullable=True),
    sa.Column('dengbao_level', sa.Integer(), nullable=True),
    sa.Column('dengbao_assessed', sa.Date(), nullable=True),
    sa.Column('dengbao_passed', sa.Boolean(), nullable=True),
    sa.Column('backup', sa.String(length=16), nullable=True),
    sa.Column('ipv6', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['department_id'], ['departments.id'], ),
    sa.ForeignKeyConstraint(['room_id'], ['rooms.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('systems', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_systems_department_id'), ['department_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_systems_migration_status'), ['migration_status'], unique=False)
        batch_op.create_index(batch_op.f('ix_systems_room_id'), ['room_id'], unique=False)

    op.create_table('config_backups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('taken_at', sa.DateTime(timezone=True), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('config_backups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_config_backups_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_config_backups_taken_at'), ['taken_at'], unique=False)

    op.create_table('findings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=True),
    sa.Column('system_id', sa.Integer(), nullable=True),
    sa.Column('rule_id', sa.String(length=128), nullable=False),
    sa.Column('severity', sa.String(length=16), nullable=False),
    sa.Column('title', sa.String(length=512), nullable=False),
    sa.Column('advice', sa.Text(), nullable=True),
    sa.Column('evidence', sa.Text(), nullable=True),
    sa.Column('status', sa.String(length=16), nullable=False),
    sa.Column('source', sa.String(length=32), nullable=False),
    sa.Column('first_seen', sa.DateTime(timezone=True), nullable=False),
    sa.Column('last_seen', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['system_id'], ['systems.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_findings_device_id'), ['device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_severity'), ['severity'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_status'), ['status'], unique=False)
        batch_op.create_index(batch_op.f('ix_findings_system_id'), ['system_id'], unique=False)

    op.create_table('interfaces',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('if_index', sa.Integer(), nullable=True),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('descr', sa.String(length=512), nullable=True),
    sa.Column('alias', sa.String(length=512), nullable=True),
    sa.Column('type', sa.String(length=64), nullable=True),
    sa.Column('speed_mbps', sa.Float(), nullable=True),
    sa.Column('admin_status', sa.String(length=16), nullable=True),
    sa.Column('oper_status', sa.String(length=16), nullable=True),
    sa.Column('mac', sa.String(length=32), nullable=True),
    sa.Column('ips', sa.JSON(), nullable=True),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('device_id', 'name')
    )
    with op.batch_alter_table('interfaces', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interfaces_device_id'), ['device_id'], unique=False)

    op.create_table('links',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=255), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('level', sa.String(length=16), nullable=True),
    sa.Column('carrier', sa.String(length=64), nullable=True),
    sa.Column('role', sa.String(length=16), nullable=True),
    sa.Column('bandwidth_mbps', sa.Float(), nullable=True),
    sa.Column('a_device_id', sa.Integer(), nullable=True),
    sa.Column('a_interface', sa.String(length=255), nullable=True),
    sa.Column('z_department_id', sa.Integer(), nullable=True),
    sa.Column('ipv6', sa.Boolean(), nullable=True),
    sa.ForeignKeyConstraint(['a_device_id'], ['devices.id'], ),
    sa.ForeignKeyConstraint(['z_department_id'], ['departments.id'], ),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('name')
    )
    with op.batch_alter_table('links', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_links_a_device_id'), ['a_device_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_links_z_department_id'), ['z_department_id'], unique=False)

    op.create_table('neighbors',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.Column('local_port', sa.String(length=255), nullable=True),
    sa.Column('remote_name', sa.String(length=255), nullable=True),
    sa.Column('remote_port', sa.String(length=255), nullable=True),
    sa.Column('remote_chassis_id', sa.String(length=255), nullable=True),
    sa.Column('source', sa.String(length=16), nullable=False),
    sa.Column('seen_at', sa.DateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('neighbors', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_neighbors_device_id'), ['device_id'], unique=False)

    op.create_table('system_hosts',
    sa.Column('system_id', sa.Integer(), nullable=False),
    sa.Column('device_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['device_id'], ['devices.id'], ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['system_id'], ['systems.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('system_id', 'device_id')
    )



def downgrade() -> None:

    op.drop_table('system_hosts')
    with op.batch_alter_table('neighbors', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_neighbors_device_id'))

    op.drop_table('neighbors')
    with op.batch_alter_table('links', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_links_z_department_id'))
        batch_op.drop_index(batch_op.f('ix_links_a_device_id'))

    op.drop_table('links')
    with op.batch_alter_table('interfaces', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interfaces_device_id'))

    op.drop_table('interfaces')
    with op.batch_alter_table('findings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_findings_system_id'))
        batch_op.drop_index(batch_op.f('ix_findings_status'))
        batch_op.drop_index(batch_op.f('ix_findings_severity'))
        batch_op.drop_index(batch_op.f('ix_findings_device_id'))

    op.drop_table('findings')
    with op.batch_alter_table('config_backups', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_config_backups_taken_at'))
        batch_op.drop_index(batch_op.f('ix_config_backups_device_id'))

    op.drop_table('config_backups')
    with op.batch_alter_table('systems', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_systems_room_id'))
        batch_op.drop_index(batch_op.f('ix_systems_migration_status'))
        batch_op.drop_index(batch_op.f('ix_systems_department_id'))

    op.drop_table('systems')
    with op.batch_alter_table('devices', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_devices_status'))
        batch_op.drop_index(batch_op.f('ix_devices_serial'))
        batch_op.drop_index(batch_op.f('ix_devices_room_id'))
        batch_op.drop_index(batch_op.f('ix_devices_mgmt_ip'))
        batch_op.drop_index(batch_op.f('ix_devices_kind'))
        batch_op.drop_index(batch_op.f('ix_devices_domestic'))
        batch_op.drop_index(batch_op.f('ix_devices_department_id'))

    op.drop_table('devices')
    with op.batch_alter_table('rooms', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_rooms_department_id'))

    op.drop_table('rooms')
    with op.batch_alter_table('history', schema=None) as batch_op:
        batch_op.drop_index('ix_history_entity')
        batch_op.drop_index(batch_op.f('ix_history_at'))

    op.drop_table('history')
    with op.batch_alter_table('figures', schema=None) as batch_op:
        batch_op.drop_index('ix_figures_name_at')

    op.drop_table('figures')
    with op.batch_alter_table('departments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_departments_parent_id'))

    op.drop_table('departments')

