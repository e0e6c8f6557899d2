"""等保 host checks on file trees written from six distributions' defaults and hardened/weak variants."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from govops.catalog.hostcheck import RULE_IDS, check_tree
from tests.conftest import missing_part
from tests.hosttrees import DISTROS, VARIANTS, build_tree

P, F, U = "pass", "fail", "unknown"
# Rule order: password_complexity, password_expiry, login_failure_lockout, session_timeout, remote_root_login,
# cleartext_remote_management, audit_enabled, log_retention, time_sync, extra_superuser, remote_logging.
EXPECTED = {
    ("anolis8", "base"): (F, F, F, F, F, P, F, F, P, P, F),
    ("anolis8", "hardened"): (P, P, P, P, P, P, P, P, P, P, P),
    ("anolis8", "weak"): (F, F, F, F, F, F, F, F, P, F, F),
    ("centos7", "base"): (F, F, F, F, F, P, F, F, P, P, F),
    ("centos7", "hardened"): (P, P, P, P, P, P, P, P, P, P, P),
    ("centos7", "weak"): (F, F, F, F, F, F, F, F, F, F, F),
    ("kylinv10", "base"): (F, F, F, F, F, P, F, F, P, P, F),
    ("kylinv10", "hardened"): (P, P, P, P, P, P, P, P, P, P, P),
    ("kylinv10", "weak"): (F, F, F, F, F, F, F, F, P, F, F),
    ("openeuler2003", "base"): (P, F, P, F, F, P, F, F, F, P, F),
    ("openeuler2003", "hardened"): (P, P, P, P, P, P, P, P, P, P, P),
    ("openeuler2003", "weak"): (F, F, F, F, F, F, F, F, F, F, F),
    ("openeuler2203", "base"): (P, F, P, F, F, P, F, F, P, P, F),
    ("openeuler2203", "hardened"): (P, P, P, P, P, P, P, P, P, P, P),
    ("openeuler2203", "weak"): (P, F, P, F, F, F, F, F, P, F, F),
    ("uos20", "base"): (F, F, F, F, F, P, F, F, F, P, F),
    ("uos20", "hardened"): (P, P, P, P, P, P, P, P, P, P, P),
    ("uos20", "weak"): (F, F, F, F, F, F, F, F, F, F, F),
}


def _statuses(root: Path) -> dict[str, str]:
    return {r["rule"]: r["status"] for r in check_tree(str(root))}


def _evidence(root: Path, rule: str) -> list[dict[str, object]]:
    return next(r["evidence"] for r in check_tree(str(root)) if r["rule"] == rule)


@pytest.mark.parametrize(("distro", "variant"), sorted(EXPECTED))
def test_every_rule_on_every_tree(distro: str, variant: str, tmp_path: Path) -> None:
    got = _statuses(build_tree(distro, variant, tmp_path / "root"))
    assert got == dict(zip(RULE_IDS, EXPECTED[(distro, variant)], strict=True))


def test_every_rule_passes_and_fails_on_at_least_three_distributions() -> None:
    assert {d for d, _ in EXPECTED} == set(DISTROS) and {v for _, v in EXPECTED} == set(VARIANTS)
    for i, rule in enumerate(RULE_IDS):
        passing = {d for (d, _), s in EXPECTED.items() if s[i] == P}
        failing = {d for (d, _), s in EXPECTED.items() if s[i] == F}
        assert len(passing) >= 3 and len(failing) >= 3, rule


def test_evidence_names_file_line_and_value(tmp_path: Path) -> None:
    root = build_tree("centos7", "base", tmp_path / "c7")
    assert _evidence(root, "password_expiry") == [{"file": "/etc/login.defs", "line": 14,
                                                   "value": "PASS_MAX_DAYS 99999"}]
    weak = build_tree("centos7", "weak", tmp_path / "weak")
    assert {"file": "/etc/passwd", "line": 12, "value": "sysadm:x:0 (UID 0)"} in _evidence(weak, "extra_superuser")
    assert any(e["file"] == "/etc/xinetd.d/telnet" for e in _evidence(weak, "cleartext_remote_management"))
    # authselect: /etc/pam.d/system-auth is an absolute symlink, resolved inside the tree, not on this machine.
    anolis = build_tree("anolis8", "hardened", tmp_path / "a8")
    lockout = _evidence(anolis, "login_failure_lockout")
    assert {"file": "/etc/security/faillock.conf", "line": 17, "value": "deny = 5"} in lockout
    assert any(e["file"] == "/etc/pam.d/password-auth" and "pam_faillock.so preauth" in str(e["value"])
               for e in lockout)


def _write(root: Path, path: str, text: str, newline: str = "\n") -> None:
    target = root / path.lstrip("/")
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(text.replace("\n", newline).encode())


def test_an_empty_tree_is_unknown_everywhere(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    results = check_tree(str(tmp_path))
    assert {r["status"] for r in results} == {U}
    assert all(any(e["value"] == "missing" for e in r["evidence"]) for r in results)


def test_commented_and_duplicated_settings_follow_each_program(tmp_path: Path) -> None:
    _write(tmp_path, "/etc/login.defs", "#PASS_MAX_DAYS 30\nPASS_MAX_DAYS 30\nPASS_MAX_DAYS 99999\n")
    # sshd takes the first value; a commented line is no value at all.
    _write(tmp_path, "/etc/ssh/sshd_config", "#PermitRootLogin no\nPermitRootLogin yes\nPermitRootLogin no\n")
    _write(tmp_path, "/etc/profile", "export TMOUT=300\nreadonly TMOUT\nTMOUT=0\n")
    got = _statuses(tmp_path)
    assert got["password_expiry"] == F and got["remote_root_login"] == F and got["session_timeout"] == P
    assert _evidence(tmp_path, "password_expiry")[0]["line"] == 3
    assert _evidence(tmp_path, "remote_root_login")[0]["line"] == 2


def test_crlf_and_bom_files_read_like_unix_ones(tmp_path: Path) -> None:
    _write(tmp_path, "/etc/login.defs", "\ufeffPASS_MAX_DAYS\t90\nPASS_MIN_DAYS 1\n", newline="\r\n")
    _write(tmp_path, "/etc/ssh/sshd_config", "PermitRootLogin no\n", newline="\r\n")
    got = _statuses(tmp_path)
    assert got["password_expiry"] == P and got["remote_root_login"] == P
    assert _evidence(tmp_path, "password_expiry") == [{"file": "/etc/login.defs", "line": 1,
                                                       "value": "PASS_MAX_DAYS 90"}]


def test_pam_include_loops_are_unknown_not_a_crash(tmp_path: Path) -> None:
    _write(tmp_path, "/etc/pam.d/passwd", "password substack system-auth\n")
    _write(tmp_path, "/etc/pam.d/system-auth", "password include password-auth\n")
    _write(tmp_path, "/etc/pam.d/password-auth", "password include system-auth\n"
           "password requisite pam_pwquality.so minlen=12 minclass=4\n")
    _write(tmp_path, "/etc/pam.d/sshd", "@include sshd\n")
    got = _statuses(tmp_path)
    assert got["password_complexity"] == U and got["login_failure_lockout"] == U
    ev = _evidence(tmp_path, "password_complexity")
    assert "passwd -> system-auth -> password-auth -> system-auth" in str(ev[0]["value"])


def test_unreadable_files_say_why(tmp_path: Path) -> None:
    (tmp_path / "etc/ssh").mkdir(parents=True)
    os.mkfifo(tmp_path / "etc/login.defs")  # opening it would block forever: never opened
    (tmp_path / "etc/ssh/sshd_config").mkdir()
    (tmp_path / "etc/passwd").symlink_to("passwd")  # a symlink loop
    _write(tmp_path, "/etc/rsyslog.conf", "x" * (1024 * 1024 + 1))
    got = _statuses(tmp_path)
    assert got["password_expiry"] == U and got["remote_root_login"] == U and got["extra_superuser"] == U
    assert _evidence(tmp_path, "password_expiry")[0]["value"] == "not a regular file"
    assert _evidence(tmp_path, "remote_root_login")[0]["value"] == "not a regular file"
    assert "symbolic links" in str(_evidence(tmp_path, "extra_superuser")[0]["value"])
    assert got["remote_logging"] == U
    assert "larger than" in str(_evidence(tmp_path, "remote_logging")[0]["value"])


def test_symlinks_never_leave_the_tree(tmp_path: Path) -> None:
    (tmp_path / "etc").mkdir()
    # An absolute link resolves inside the tree: this machine's /etc/passwd is never read.
    (tmp_path / "etc/passwd").symlink_to("/etc/../../etc/shadow-does-not-exist")
    assert _statuses(tmp_path)["extra_superuser"] == U


def test_masked_units_and_sysv_links(tmp_path: Path) -> None:
    _write(tmp_path, "/etc/chrony.conf", "server 10.0.0.1 iburst\n")
    (tmp_path / "etc/rc.d/rc3.d").mkdir(parents=True)
    (tmp_path / "etc/rc.d/rc3.d/S55chronyd").symlink_to("../init.d/chronyd")
    assert _statuses(tmp_path)["time_sync"] == P
    (tmp_path / "etc/systemd/system").mkdir(parents=True)
    (tmp_path / "etc/systemd/system/vsftpd.service").symlink_to("/dev/null")
    (tmp_path / "etc/systemd/system/multi-user.target.wants").mkdir()
    (tmp_path / "etc/systemd/system/multi-user.target.wants/vsftpd.service").symlink_to("/usr/lib/x")
    assert _statuses(tmp_path)["cleartext_remote_management"] == P


def test_thresholds_come_from_params(tmp_path: Path) -> None:
    _write(tmp_path, "/etc/login.defs", "PASS_MAX_DAYS 120\n")
    assert _statuses(tmp_path)["password_expiry"] == F
    lenient = check_tree(str(tmp_path), {"max_password_days": 180})
    assert next(r for r in lenient if r["rule"] == "password_expiry")["status"] == P


MODULE = Path(__file__).resolve().parents[3] / "govops/catalog/hostcheck.py"
OLD_PYTHONS = sorted(str(p) for p in Path.home().glob(".pyenv/versions/3.6.*/bin/python3.6"))
SCRIPT = """
import importlib.util, json, sys
spec = importlib.util.spec_from_file_location("hostcheck", sys.argv[1])
mod = importlib.util.module_from_spec(spec)
spec.loader.exec_module(mod)
print(json.dumps(mod.check_tree(sys.argv[2])))
"""


def test_vermin_says_python_36() -> None:
    vermin = Path(sys.executable).parent / "vermin"
    out = subprocess.run([str(vermin), "-t=3.6-", "--no-tips", "--violations", str(MODULE)],
                         capture_output=True, text=True, check=False)
    assert out.returncode == 0, out.stdout + out.stderr


@pytest.mark.parametrize("python", OLD_PYTHONS or [sys.executable])
def test_the_checker_runs_on_python_36(python: str, tmp_path: Path) -> None:
    import json

    root = build_tree("kylinv10", "hardened", tmp_path / "root")
    out = subprocess.run([python, "-c", SCRIPT, str(MODULE), str(root)], capture_output=True, text=True,
                         check=True)
    assert [r["status"] for r in json.loads(out.stdout)] == [P] * len(RULE_IDS)


def test_a_missing_include_makes_a_missing_module_unknown_not_fail(tmp_path: Path) -> None:
    _write(tmp_path, "/etc/pam.d/passwd", "@include common-password\n")
    _write(tmp_path, "/etc/pam.d/sshd", "@include common-auth\n@include common-session\n")
    assert _statuses(tmp_path)["password_complexity"] == U
    assert "common-password (included by passwd): missing" in str(_evidence(tmp_path, "password_complexity"))
    # What is present decides when it holds the module: a missing session file does not hide the lockout.
    _write(tmp_path, "/etc/pam.d/common-auth", "auth required pam_faillock.so preauth deny=4\n")
    assert _statuses(tmp_path)["login_failure_lockout"] == P
    # Without the module, the unread file might have held it (@include takes every type): unknown ...
    _write(tmp_path, "/etc/pam.d/common-auth", "auth required pam_unix.so\n")
    assert _statuses(tmp_path)["login_failure_lockout"] == U
    # ... until the whole stack can be read.
    _write(tmp_path, "/etc/pam.d/common-session", "session required pam_unix.so\n")
    assert _statuses(tmp_path)["login_failure_lockout"] == F


def test_pwquality_reads_drop_ins_first_then_the_main_file_then_module_arguments(tmp_path: Path) -> None:
    _write(tmp_path, "/etc/pam.d/passwd", "password include /etc/pam.d/system-auth\n")
    _write(tmp_path, "/etc/pam.d/system-auth", "password requisite pam_pwquality.so retry=3\n")
    _write(tmp_path, "/etc/security/pwquality.conf.d/10-strict.conf", "minlen = 12\nminclass = 4\n")
    _write(tmp_path, "/etc/security/pwquality.conf", "minclass = 1\n")
    assert _statuses(tmp_path)["password_complexity"] == F  # the main file's minclass = 1 wins
    _write(tmp_path, "/etc/pam.d/system-auth", "password requisite pam_pwquality.so retry=3 minclass=3\n")
    assert _statuses(tmp_path)["password_complexity"] == P  # and the module's argument wins over both


@pytest.mark.parametrize(("profile", "status"), [
    ('if [ "$UID" -ne 0 ]; then TMOUT=300; fi\n', P),
    ("declare -xr TMOUT=600\nTMOUT=0\n", P),  # readonly: the later assignment fails in bash
    ("export TMOUT=900\n", F),
    ("TMOUT=0\n", F),
])
def test_tmout_as_bash_ends_up_with_it(profile: str, status: str, tmp_path: Path) -> None:
    _write(tmp_path, "/etc/profile.d/zz-timeout.sh", profile)
    _write(tmp_path, "/etc/profile", "for i in /etc/profile.d/*.sh; do . $i; done\n")
    assert _statuses(tmp_path)["session_timeout"] == status


def test_sshd_channel_timeout_ends_idle_sessions(tmp_path: Path) -> None:
    _write(tmp_path, "/etc/ssh/sshd_config", "ChannelTimeout session=10m\n")
    assert _statuses(tmp_path)["session_timeout"] == P
    _write(tmp_path, "/etc/ssh/sshd_config", "ChannelTimeout session=1h\nClientAliveInterval 300\n")
    assert _statuses(tmp_path)["session_timeout"] == F


@pytest.mark.parametrize(("path", "text", "status"), [
    ("/etc/syslog-ng/syslog-ng.conf",
     'destination d_central {\n    network("10.20.0.15" transport("tcp") port(514));\n};\n'
     "log { source(s_sys); destination(d_central); };\n", P),
    ("/etc/syslog-ng/syslog-ng.conf", 'destination d_mesg { file("/var/log/messages"); };\n', F),
    ("/etc/rsyslog.conf", '*.* action(type="omfwd"\n       target="10.20.0.15" port="514" protocol="tcp")\n', P),
    ("/etc/rsyslog.conf", "#*.* @@remote-host:514\n*.info /var/log/messages\n", F),
    ("/etc/rsyslog.conf", "authpriv.*;*.info @10.20.0.15\n", P),
])
def test_remote_logging_forms(path: str, text: str, status: str, tmp_path: Path) -> None:
    _write(tmp_path, path, text)
    assert _statuses(tmp_path)["remote_logging"] == status


def test_a_file_without_read_permission_is_unknown_with_the_reason(tmp_path: Path) -> None:
    import json
    import shutil

    root = tmp_path / "root"
    _write(root, "/etc/login.defs", "PASS_MAX_DAYS 90\n")
    (root / "etc/login.defs").chmod(0)
    if os.geteuid() != 0:
        assert _evidence(root, "password_expiry")[0]["value"] == "Permission denied"
        return
    # root reads everything: run the checker as nobody, as an unprivileged Ansible user would.
    setpriv, python = shutil.which("setpriv"), Path("/usr/bin/python3")
    if setpriv is None or not python.exists():
        missing_part("setpriv or /usr/bin/python3 missing: cannot drop root to test permissions")
    for d in (tmp_path, root, root / "etc"):
        d.chmod(0o755)
    out = subprocess.run([setpriv, "--reuid=nobody", "--regid=nogroup", "--clear-groups", str(python), "-c", SCRIPT,
                          str(MODULE), str(root)], capture_output=True, text=True, check=True)
    expiry = next(r for r in json.loads(out.stdout) if r["rule"] == "password_expiry")
    assert expiry["status"] == U and expiry["evidence"][0] == {"file": "/etc/login.defs", "line": None,
                                                               "value": "Permission denied"}


# pam_passwdqc (passwdqc.conf(5)): min=N0,N1,N2,N3,N4 are the shortest password of one and two character classes,
# a passphrase, three and four classes; "disabled" refuses that kind. Debian-style stack (UOS: common-password).
PASSWDQC = "password requisite pam_passwdqc.so {args}\npassword [success=1 default=ignore] pam_unix.so use_authtok\n"


@pytest.mark.parametrize(("args", "conf", "status", "shown"), [
    ("", None, F, "min=disabled,24,11,8,7 (pam_passwdqc's default)"),  # a 7-character 4-class password, passphrases
    ("min=disabled,disabled,disabled,8,8", None, P, "effective minimum length 8, character classes required 3"),
    ("min=disabled,disabled,disabled,8,7", None, F, "effective minimum length 7, character classes required 3"),
    ("min=disabled,24,disabled,12,8", None, F, "effective minimum length 8, character classes required 2"),
    ("min=disabled,disabled,disabled,8,8 enforce=none", None, F, "enforce=none: a weak password is only warned about"),
    ("min=disabled,disabled,disabled,8,8 enforce=users", None, P, "enforce=users"),
    ("min=disabled,disabled,disabled,disabled,disabled", None, P, "every user-chosen password is refused"),
    ("min=8,8,8", None, U, "min= needs five lengths"),
    ("min=disabled,disabled,disabled,eight,8", None, U, "min= needs five lengths"),
    # config=FILE is read where it stands; a later argument wins over it, a file line over an earlier argument.
    ("config=/etc/passwdqc.conf", "# strict\nmin=disabled,disabled,disabled,10,8\nmax=40\n", P, "min=disabled,"),
    ("config=/etc/passwdqc.conf min=disabled,24,11,8,7", "min=disabled,disabled,disabled,10,8\n", F, "min=disabled,24"),
    ("min=disabled,24,11,8,7 config=/etc/passwdqc.conf", "min=disabled,disabled,disabled,10,8\n", P, "passwdqc.conf"),
    ("config=/etc/passwdqc.conf", None, U, "/etc/passwdqc.conf (config= at /etc/pam.d/common-password:1): missing"),
    ("config=passwdqc.conf", None, U, "passwdqc.conf (config= at"),
])
def test_passwdqc_counts_the_shortest_password_it_accepts(
    args: str, conf: str | None, status: str, shown: str, tmp_path: Path
) -> None:
    root = build_tree("uos20", "base", tmp_path / "root")
    _write(root, "/etc/pam.d/common-password", PASSWDQC.format(args=args))
    if conf is not None:
        _write(root, "/etc/passwdqc.conf", conf, newline="\r\n")
    assert _statuses(root)["password_complexity"] == status
    ev = _evidence(root, "password_complexity")
    assert ev[0]["file"] == "/etc/pam.d/common-password" and ev[0]["line"] == 1
    assert shown in str(ev), ev


def test_passwdqc_in_a_red_hat_stack_on_python_36(tmp_path: Path) -> None:
    """CentOS 7's system-auth with pam_passwdqc (package passwdqc), checked by the oldest interpreter we ship to."""
    import json

    root = build_tree("centos7", "hardened", tmp_path / "root")
    stack = (root / "etc/pam.d/system-auth").read_text(encoding="utf-8")
    lines = [line for line in stack.splitlines() if "pam_pwquality" not in line and "pam_cracklib" not in line]
    lines.insert(0, "password requisite pam_passwdqc.so config=/etc/passwdqc.conf")
    (root / "etc/pam.d/system-auth").unlink()
    _write(root, "/etc/pam.d/system-auth", "\n".join(lines) + "\n")
    _write(root, "/etc/passwdqc.conf", "min=disabled,disabled,disabled,12,10\nenforce=everyone\n")
    python = (OLD_PYTHONS or [sys.executable])[0]
    out = subprocess.run([python, "-c", SCRIPT, str(MODULE), str(root)], capture_output=True, text=True, check=True)
    got = {r["rule"]: r for r in json.loads(out.stdout)}
    assert got["password_complexity"]["status"] == P, got["password_complexity"]
    assert {"file": "/etc/passwdqc.conf", "line": 1, "value": "min=disabled,disabled,disabled,12,10"} in \
        got["password_complexity"]["evidence"]  # fmt: skip
