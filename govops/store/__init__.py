"""The inventory store: models, sessions, migrations and history."""
