#!/usr/bin/python
# -*- coding: utf-8 -*-
# govops 等保 host audit module: runs on the target, so it stays Python 3.6 compatible.
# The checks are govops/catalog/hostcheck.py itself, shipped as module_utils/govops_hostcheck.py
# (a symlink): one implementation for `govops audit host --root` and for this module.
"""Read-only 等保 2.0 technical checks on the host."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: govops_hostaudit
short_description: Read-only 等保 2.0 (GB/T 22239-2019 8.1.4) technical checks of a Linux server
description:
  - Reads PAM, login.defs, pwquality, faillock, shell profiles, sshd_config, systemd and SysV
    enablement links, xinetd, auditd rules, logrotate, journald, chrony/ntpd/timesyncd, rsyslog
    and /etc/passwd, and returns pass, fail or unknown with evidence (file, line, value) per rule.
  - Never writes, never runs a command, never reads /etc/shadow.
options:
  root:
    description: Directory to read instead of C(/) (a test or lab impersonation root).
    type: path
    default: /
  params:
    description: Thresholds (min_password_length, max_password_days, ...) from the govops rules file.
    type: dict
    default: {}
  deadline:
    description: Seconds after which the module ends itself on the host (0, no limit). Set to the task
      timeout, which ends only the controller's wait.
    type: int
    default: 0
"""

RETURN = r"""
results:
  description: One item per rule, with rule, status (pass, fail, unknown) and evidence.
  returned: always
  type: list
"""

from ansible.module_utils.basic import AnsibleModule
from ansible.module_utils.govops_deadline import deadline
from ansible.module_utils.govops_hostcheck import check_tree


def main():
    module = AnsibleModule(
        argument_spec=dict(
            root=dict(type="path", default="/"),
            params=dict(type="dict", default={}),
            deadline=dict(type="int", default=0),
        ),
        supports_check_mode=True,
    )
    try:
        params = dict((str(k), int(v)) for k, v in module.params["params"].items())
    except (TypeError, ValueError) as exc:
        module.fail_json(msg="params must map names to integers: %s" % exc)
        return
    with deadline(module, module.params["deadline"], "govops_hostaudit"):
        results = check_tree(module.params["root"], params)
    module.exit_json(changed=False, results=results)


if __name__ == "__main__":
    main()
