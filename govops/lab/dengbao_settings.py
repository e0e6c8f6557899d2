"""等保 settings the lab's servers carry: a spread of compliant and non-compliant machines.

Each level is a few files (PAM, login.defs, sshd_config, auditd, logrotate, chrony,
rsyslog, passwd) and systemd enablement links laid over a server profile's root, so
`govops audit hosts` over the lab's real sshd finds something different on each host:

- ``hardened``: every rule passes;
- ``partial``: hardened, except root may log in over SSH, passwords never expire and
  logs stay on the host;
- ``default``: a fresh RHEL-family install (pwquality without classes, no lockout, no
  TMOUT, root login allowed, auditd without rules, four weeks of logs, no forwarding);
- ``legacy``: the default plus telnet through xinetd, a second UID 0 account and no time sync.
"""

from __future__ import annotations

from pathlib import Path

LEVELS = ("hardened", "partial", "default", "legacy")

_ACCOUNTS = (
    "root:x:0:0:root:/root:/bin/bash\nsshd:x:74:74::/var/empty/sshd:/sbin/nologin\n"
    "ops:x:1000:1000::/home/ops:/bin/bash\n"
)
_AUTH = "auth required pam_env.so\n{lock}auth sufficient pam_unix.so try_first_pass\n{fail}auth required pam_deny.so\n"
_PW_STACK = "password requisite pam_pwquality.so try_first_pass local_users_only retry=3{quality}\n"
_LOGROTATE = "weekly\nrotate 4\ninclude /etc/logrotate.d\n"
_SYSLOG = "/var/log/messages\n/var/log/secure\n{{\n    missingok\n{keep}}}\n"
_SSHD = "Include /etc/ssh/sshd_config.d/*.conf\nPermitRootLogin {root}\nUsePAM yes\n"

_DEFAULT: dict[str, str] = {
    "etc/passwd": _ACCOUNTS,
    "etc/pam.d/system-auth": _AUTH.format(lock="", fail="") + _PW_STACK.format(quality=""),
    "etc/pam.d/password-auth": _AUTH.format(lock="", fail=""),
    "etc/pam.d/passwd": "password substack system-auth\n",
    "etc/pam.d/sshd": "auth substack password-auth\n",
    "etc/pam.d/login": "auth substack system-auth\n",
    "etc/login.defs": "PASS_MAX_DAYS\t99999\nPASS_MIN_DAYS\t0\nPASS_WARN_AGE\t7\n",
    "etc/profile": "for i in /etc/profile.d/*.sh; do . $i; done\n",
    "etc/ssh/sshd_config": _SSHD.format(root="yes"),
    "etc/audit/rules.d/audit.rules": "-D\n-b 8192\n-f 1\n",
    "etc/logrotate.conf": _LOGROTATE,
    "etc/logrotate.d/syslog": _SYSLOG.format(keep=""),
    "etc/chrony.conf": "pool pool.ntp.org iburst\ndriftfile /var/lib/chrony/drift\n",
    "etc/rsyslog.conf": "$IncludeConfig /etc/rsyslog.d/*.conf\nauthpriv.* /var/log/secure\n#*.* @@remote-host:514\n",
}
_HARDENED = {
    **_DEFAULT,
    "etc/pam.d/system-auth": _AUTH.format(lock="auth required pam_faillock.so preauth silent deny=5\n",
                                          fail="auth [default=die] pam_faillock.so authfail deny=5\n")
    + _PW_STACK.format(quality=" minlen=10 minclass=3"),
    "etc/pam.d/password-auth": _AUTH.format(lock="auth required pam_faillock.so preauth silent deny=5\n",
                                            fail="auth [default=die] pam_faillock.so authfail deny=5\n"),
    "etc/login.defs": "PASS_MAX_DAYS\t90\nPASS_MIN_DAYS\t1\nPASS_WARN_AGE\t7\n",
    "etc/profile.d/tmout.sh": "readonly TMOUT=600\nexport TMOUT\n",
    "etc/ssh/sshd_config.d/50-dengbao.conf": "PermitRootLogin no\n",
    "etc/audit/rules.d/dengbao.rules": "-w /etc/passwd -p wa -k identity\n-w /etc/shadow -p wa -k identity\n",
    "etc/logrotate.d/syslog": _SYSLOG.format(keep="    rotate 26\n"),
    "etc/chrony.conf": "server 10.20.0.1 iburst\ndriftfile /var/lib/chrony/drift\n",
    "etc/rsyslog.d/90-forward.conf": "*.* @@10.20.0.15:514\n",
}
_PARTIAL = {**_HARDENED, "etc/login.defs": _DEFAULT["etc/login.defs"],
            "etc/ssh/sshd_config.d/50-dengbao.conf": "PermitRootLogin yes\n"}
del _PARTIAL["etc/rsyslog.d/90-forward.conf"]
_LEGACY = {
    **_DEFAULT,
    "etc/passwd": _ACCOUNTS + "sysadm:x:0:0:legacy admin:/root:/bin/bash\n",
    "etc/xinetd.d/telnet": "service telnet\n{\n\tsocket_type = stream\n\tserver = /usr/sbin/in.telnetd\n"
    "\tdisable = no\n}\n",
}
FILES: dict[str, dict[str, str]] = {"hardened": _HARDENED, "partial": _PARTIAL, "default": _DEFAULT,
                                    "legacy": _LEGACY}  # fmt: skip
ENABLED: dict[str, tuple[str, ...]] = {
    "hardened": ("auditd.service", "chronyd.service", "rsyslog.service", "sshd.service"),
    "partial": ("auditd.service", "chronyd.service", "rsyslog.service", "sshd.service"),
    "default": ("auditd.service", "chronyd.service", "rsyslog.service", "sshd.service"),
    "legacy": ("auditd.service", "rsyslog.service", "sshd.service", "xinetd.service"),
}


def lay_settings(root: Path, level: str) -> None:
    """Write ``level``'s files and systemd enablement links under ``root``."""
    for rel, text in FILES[level].items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    units = root / "usr/lib/systemd/system"
    wants = root / "etc/systemd/system/multi-user.target.wants"
    units.mkdir(parents=True, exist_ok=True)
    wants.mkdir(parents=True, exist_ok=True)
    for unit in ENABLED[level]:
        (units / unit).write_text(f"[Unit]\nDescription={unit}\n")
        link = wants / unit
        if not link.is_symlink():
            link.symlink_to(f"/usr/lib/systemd/system/{unit}")
