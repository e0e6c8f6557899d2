"""`govops audit`: Audit checks for cron: configuration, default credentials, compliance (exit 1 on findings)."""

from __future__ import annotations

from govops.cli import audit_run
from govops.cli.helptext import group_app

HELP = (
    "Audit checks for cron: configuration, default credentials, compliance (exit 1 on findings)."
)
EXAMPLES = (
    'govops audit --fail-on critical --textfile /var/lib/node_exporter  # cron',
    'govops audit config --json',
    "govops audit hosts --limit 'web*' --fail-on warning",
)
app = group_app(HELP, EXAMPLES, no_args_is_help=False)

# Commands live in their own modules and are registered here, one line each.

from govops.cli import audit_config  # noqa: E402

app.command("config")(audit_config.config)
from govops.cli import audit_credentials  # noqa: E402

app.command("credentials")(audit_credentials.credentials)
from govops.cli import audit_host  # noqa: E402

app.command("host")(audit_host.host)
app.command("hosts")(audit_host.hosts)
app.callback(invoke_without_command=True)(audit_run.run)
