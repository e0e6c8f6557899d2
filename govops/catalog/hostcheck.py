# -*- coding: utf-8 -*-
"""等保 2.0 host checks on a file tree: the one implementation, run offline and on the host.

``govops audit host --root DIR`` runs it on a captured tree; ``govops audit hosts``
ships this very file into the read-only Ansible module (as ``module_utils``) and
runs it on ``/``. So it stays Python 3.6-safe and standard-library only: no
dataclasses, no ``from __future__ import annotations``, nothing from govops.

Each check returns a status (``pass``, ``fail`` or ``unknown``) and evidence
(file, line, value). Missing or unreadable files make a check ``unknown``, never
``pass``. Where a program takes the first or the last of duplicated settings,
the check does the same (sshd: first wins; login.defs, pwquality, faillock,
journald, logrotate, shell TMOUT: last wins). Rule metadata (clause, severity,
advice) lives in ``catalog/data/dengbao_host.yaml``; the thresholds come in as
``params`` so this file holds no policy numbers of its own beyond defaults.
"""

import errno
import fnmatch
import os
import re
import stat
from typing import Any, Callable, Dict, Iterable, List, Optional, Tuple  # noqa: F401 (type comments)

MAX_FILE_BYTES = 1024 * 1024
MAX_DIR_ENTRIES = 2000
MAX_SYMLINK_HOPS = 40
MAX_PAM_DEPTH = 16  # Linux-PAM's PAM_SUBSTACK_MAX_LEVEL
MAX_VALUE_CHARS = 200

DEFAULT_PARAMS = {
    "min_password_length": 8,
    "min_password_classes": 3,
    "max_password_days": 90,
    "max_login_failures": 5,
    "max_idle_seconds": 600,
    "min_log_days": 180,
}

RULE_IDS = (
    "password_complexity", "password_expiry", "login_failure_lockout", "session_timeout", "remote_root_login",
    "cleartext_remote_management", "audit_enabled", "log_retention", "time_sync", "extra_superuser",
    "remote_logging",
)

Evidence = Dict[str, Any]
Line = Tuple[int, str]
Outcome = Tuple[str, List[Evidence]]


def evidence(path: str, line: Optional[int], value: str) -> Evidence:
    """One piece of evidence: the file, the line number (None for the whole file) and the value."""
    return {"file": path, "line": line, "value": value[:MAX_VALUE_CHARS]}


class Tree(object):
    """Reads files of a host below ``root``; absolute symlinks resolve inside the root.

    A file that is missing reads as None; one that cannot be read (permissions, not a
    regular file, too large, a symlink loop) also reads as None and is remembered in
    ``problems`` so the check that needed it can say why it is unknown.
    """

    def __init__(self, root: str) -> None:
        self.root = os.path.abspath(root)
        self.problems = {}  # type: Dict[str, str]
        self._cache = {}  # type: Dict[str, Optional[List[Line]]]

    def _host_path(self, path: str) -> Optional[str]:
        """Resolve ``path`` (absolute, as on the host) to a path under the root, following symlinks there."""
        todo = [p for p in path.split("/") if p]
        done = []  # type: List[str]
        hops = 0
        while todo:
            part = todo.pop(0)
            if part == ".":
                continue
            if part == "..":
                if done:
                    done.pop()
                continue
            candidate = os.path.join(self.root, *(done + [part]))
            if os.path.islink(candidate):
                hops += 1
                if hops > MAX_SYMLINK_HOPS:
                    self.problems[path] = "too many levels of symbolic links"
                    return None
                target = os.readlink(candidate)
                if target.startswith("/"):
                    done = []
                todo = [p for p in target.split("/") if p] + todo
            else:
                done.append(part)
        return os.path.join(self.root, *done)

    def exists(self, path: str) -> bool:
        """Whether ``path`` exists on the host (after symlinks)."""
        real = self._host_path(path)
        return real is not None and os.path.exists(real)

    def is_dir(self, path: str) -> bool:
        """Whether ``path`` is a directory on the host."""
        real = self._host_path(path)
        return real is not None and os.path.isdir(real)

    def link_target(self, path: str) -> Optional[str]:
        """The target of the symlink at ``path`` itself (not followed), or None."""
        real = os.path.join(self.root, path.lstrip("/"))
        try:
            return os.readlink(real)
        except OSError:
            return None

    def listdir(self, path: str) -> List[str]:
        """Sorted names in a directory (empty when it is missing or unreadable)."""
        real = self._host_path(path)
        if real is None or not os.path.isdir(real):
            return []
        try:
            names = sorted(os.listdir(real))
        except OSError as exc:
            self.problems[path] = exc.strerror or str(exc)
            return []
        if len(names) > MAX_DIR_ENTRIES:
            self.problems[path] = "more than %d entries; the rest were not read" % MAX_DIR_ENTRIES
            names = names[:MAX_DIR_ENTRIES]
        return names

    def glob(self, pattern: str) -> List[str]:
        """Host paths matching a glob whose wildcards are in the last component only."""
        directory, name = pattern.rsplit("/", 1)
        if not any(c in name for c in "*?["):
            return [pattern] if self.exists(pattern) else []
        return [directory + "/" + n for n in self.listdir(directory or "/") if fnmatch.fnmatchcase(n, name)]

    def lines(self, path: str) -> Optional[List[Line]]:
        """The numbered lines of a file (CRLF and a BOM tolerated), or None when missing or unreadable."""
        if path not in self._cache:
            self._cache[path] = self._read(path)
        return self._cache[path]

    def _read(self, path: str) -> Optional[List[Line]]:
        real = self._host_path(path)
        if real is None:
            return None
        try:
            info = os.stat(real)
        except OSError as exc:
            if exc.errno in (errno.ENOENT, errno.ENOTDIR):
                return None
            # EACCES on the file or a directory above it: there, but not readable.
            self.problems[path] = exc.strerror or str(exc)
            return None
        if not stat.S_ISREG(info.st_mode):
            # A FIFO or device would block or never end: it is not a configuration file.
            self.problems[path] = "not a regular file"
            return None
        if info.st_size > MAX_FILE_BYTES:
            self.problems[path] = "larger than %d bytes" % MAX_FILE_BYTES
            return None
        try:
            with open(real, "rb") as fh:
                data = fh.read(MAX_FILE_BYTES + 1)
        except OSError as exc:
            self.problems[path] = exc.strerror or str(exc)
            return None
        text = data.decode("utf-8", "replace")
        if text.startswith("\ufeff"):
            text = text[1:]
        return [(i + 1, ln) for i, ln in enumerate(text.splitlines())]

    def unknown(self, paths: Iterable[str], what: str) -> Outcome:
        """An ``unknown`` outcome naming each path and why it could not be used."""
        ev = [evidence(p, None, self.problems.get(p, "missing")) for p in paths]
        ev.append(evidence("", None, what))
        return "unknown", ev


def strip_comment(text: str, marker: str = "#") -> str:
    """The text before a comment marker, stripped."""
    pos = text.find(marker)
    return (text if pos < 0 else text[:pos]).strip()


def key_values(tree: Tree, paths: List[str], sep: str = "=") -> Dict[str, Tuple[str, int, str]]:
    """Settings of ``key = value`` (or ``key value`` with ``sep`` None) files; the last one wins.

    Returns {lower-cased key: (file, line, value)}.
    """
    found = {}  # type: Dict[str, Tuple[str, int, str]]
    for path in paths:
        for num, raw in tree.lines(path) or []:
            text = strip_comment(raw)
            if not text or text.startswith("["):
                continue
            if sep and sep in text:
                key, value = text.split(sep, 1)
            else:
                parts = text.split(None, 1)
                key, value = parts[0], parts[1] if len(parts) > 1 else ""
            found[key.strip().lower()] = (path, num, value.strip().strip('"'))
    return found


def to_int(value: str) -> Optional[int]:
    """An integer, or None when the text is not one."""
    try:
        return int(value.strip())
    except ValueError:
        return None


def _int_or(value: str, default: int) -> int:
    number = to_int(value)
    return default if number is None else number


# --------------------------------------------------------------------------- PAM


class PamEntry(object):
    """One PAM rule line, after includes are expanded."""

    def __init__(self, where: Tuple[str, int], tokens: List[str], raw: str) -> None:
        self.path, self.line = where
        self.kind, self.control = tokens[0].lstrip("-").lower(), tokens[1].lower()
        self.module, self.args, self.raw = tokens[2].rsplit("/", 1)[-1], tokens[3:], raw

    def arg(self, name: str) -> Optional[str]:
        """The value of ``name=value`` among the arguments (the last one wins), or None."""
        value = None
        for a in self.args:
            if a.startswith(name + "="):
                value = a.split("=", 1)[1]
        return value

    def evidence(self) -> Evidence:
        """This line as evidence."""
        return evidence(self.path, self.line, self.raw.strip())


def _pam_tokens(text: str) -> List[str]:
    """Split a PAM line; ``[...]`` groups stay one token."""
    tokens = []  # type: List[str]
    pos = 0
    while pos < len(text):
        if text[pos].isspace():
            pos += 1
            continue
        if text[pos] == "[":
            end = text.find("]", pos)
            end = len(text) if end < 0 else end + 1
        else:
            match = re.compile(r"\S+").match(text, pos)
            end = match.end() if match else len(text)
        tokens.append(text[pos:end])
        pos = end
    return tokens


def _pam_logical_lines(lines: List[Line]) -> List[Line]:
    """Join backslash-continued lines and drop comments (Linux-PAM strips from ``#``)."""
    out = []  # type: List[Line]
    pending, start = "", 0
    for num, raw in lines:
        if not pending:
            start = num
        if raw.endswith("\\"):
            pending += raw[:-1] + " "
            continue
        text = strip_comment(pending + raw)
        pending = ""
        if text:
            out.append((start, text))
    return out


class PamLoop(Exception):
    """An include chain returns to a file already on it, or nests too deep: PAM would refuse it too."""


def pam_stack(tree: Tree, service: str, kind: str, missing: List[str], chain: Optional[List[str]] = None
              ) -> List[PamEntry]:
    """The ``kind`` (auth, password, ...) rules of ``/etc/pam.d/<service>``, includes expanded.

    An included file that cannot be read is noted in ``missing`` (a partial capture should
    still be judged on what it holds; the checks make the rule unknown when the module they
    look for is not found and something was missing).

    Raises:
        PamLoop: When ``include``/``substack``/``@include`` chains loop or nest too deep.
    """
    chain = (chain or []) + [service]
    if chain.count(service) > 1 or len(chain) > MAX_PAM_DEPTH:
        raise PamLoop("PAM include loop: " + " -> ".join(chain))
    path = service if service.startswith("/") else "/etc/pam.d/" + service
    lines = tree.lines(path)
    if lines is None:
        missing.append("%s (included by %s): %s" % (path, " -> ".join(chain[:-1]), tree.problems.get(path, "missing")))
        return []
    entries = []  # type: List[PamEntry]
    for num, text in _pam_logical_lines(lines):
        tokens = _pam_tokens(text)
        if tokens[0] == "@include" and len(tokens) > 1:
            entries += pam_stack(tree, tokens[1], kind, missing, chain)
            continue
        if len(tokens) < 3 or tokens[0].lstrip("-").lower() != kind:
            continue
        if tokens[1].lower() in ("include", "substack"):
            entries += pam_stack(tree, tokens[2], kind, missing, chain)
            continue
        entries.append(PamEntry((path, num), tokens, text))
    return entries


def pam_services(tree: Tree, wanted: List[str], fallback: List[str]) -> List[str]:
    """The services of ``wanted`` that exist, else those of ``fallback`` that exist."""
    present = [s for s in wanted if tree.lines("/etc/pam.d/" + s) is not None]
    return present or [s for s in fallback if tree.lines("/etc/pam.d/" + s) is not None]


def _not_optional(entry: PamEntry) -> bool:
    return entry.control not in ("optional",)


# --------------------------------------------------------------------------- checks


# pam_passwdqc's min=N0,N1,N2,N3,N4 (passwdqc.conf(5)): the shortest password of one, two character
# classes, a passphrase (words: any class, so one), three and four classes; "disabled" refuses that kind.
PASSWDQC_MIN_CLASSES = (1, 2, 1, 3, 4)
PASSWDQC_DEFAULT_MIN = "disabled,24,11,8,7"


def _pairs(first: Any, second: Any) -> List[Tuple[Any, Any]]:
    """zip() of two sequences of the same length (zip's strict= needs Python 3.10; this runs on 3.6)."""
    return [(first[i], second[i]) for i in range(min(len(first), len(second)))]


def _passwdqc_options(tree: Tree, entry: PamEntry) -> Tuple[Dict[str, Tuple[str, Optional[int], str]], List[str]]:
    """pam_passwdqc's options as it reads them: arguments in order, a ``config=FILE`` read where it stands
    (one level: a config= inside the file is not followed); the last setting wins. Also what could not be read."""
    found = {}  # type: Dict[str, Tuple[str, Optional[int], str]]
    problems = []  # type: List[str]
    for arg in entry.args:
        key, sep, value = arg.partition("=")
        if key.lower() != "config":
            if sep:
                found[key.lower()] = (entry.path, entry.line, value)
            continue
        lines = tree.lines(value) if value.startswith("/") else None
        if lines is None:
            problems.append("%s (config= at %s:%d): %s" % (value, entry.path, entry.line,
                                                            tree.problems.get(value, "missing")))
            continue
        for num, raw in lines:
            name, sep, setting = strip_comment(raw).partition("=")
            if sep and name.strip().lower() != "config":
                found[name.strip().lower()] = (value, num, setting.strip())
    return found, problems


def check_passwdqc(tree: Tree, entry: PamEntry, params: Dict[str, int]) -> Outcome:
    """pam_passwdqc: the shortest password it accepts is long enough and needs enough classes."""
    options, problems = _passwdqc_options(tree, entry)
    ev = [entry.evidence()]
    if problems:
        return "unknown", ev + [evidence("", None, p) for p in problems]
    enforce = options.get("enforce")
    if enforce is not None:
        ev.append(evidence(enforce[0], enforce[1], "enforce=" + enforce[2]))
        if enforce[2].strip().lower() == "none":
            return "fail", ev + [evidence("", None, "enforce=none: a weak password is only warned about")]
    setting = options.get("min")
    text = PASSWDQC_DEFAULT_MIN if setting is None else setting[2]
    ev.append(evidence(setting[0], setting[1], "min=" + text) if setting is not None
              else evidence("", None, "min=%s (pam_passwdqc's default)" % text))
    values = [v.strip().lower() for v in text.split(",")]
    lengths = [None if v == "disabled" else to_int(v) for v in values]
    unreadable = any(n is None for n, v in _pairs(lengths, values) if v != "disabled")
    if len(values) != len(PASSWDQC_MIN_CLASSES) or unreadable:
        return "unknown", ev + [evidence("", None, "min= needs five lengths or 'disabled' (N0..N4)")]
    accepted = [(c, n) for c, n in _pairs(PASSWDQC_MIN_CLASSES, lengths) if n is not None]
    if not accepted:
        return "pass", ev + [evidence("", None, "every user-chosen password is refused (min=disabled x5)")]
    minlen, classes = min(n for _, n in accepted), min(c for c, _ in accepted)
    ok = minlen >= params["min_password_length"] and classes >= params["min_password_classes"]
    ev.append(evidence("", None, "effective minimum length %d, character classes required %d" % (minlen, classes)))
    return ("pass" if ok else "fail"), ev


def check_password_complexity(tree: Tree, params: Dict[str, int]) -> Outcome:
    """pam_pwquality, pam_cracklib or pam_passwdqc in the password stack, long enough and with enough classes."""
    services = pam_services(tree, ["passwd"], ["system-auth", "common-password"])
    if not services:
        return tree.unknown(["/etc/pam.d/passwd", "/etc/pam.d/system-auth", "/etc/pam.d/common-password"],
                            "no PAM password stack to read")
    missing = []  # type: List[str]
    try:
        stack = pam_stack(tree, services[0], "password", missing)
    except PamLoop as exc:
        return "unknown", [evidence("/etc/pam.d/" + services[0], None, str(exc))]
    modules = ("pam_pwquality.so", "pam_cracklib.so", "pam_passwdqc.so")
    quality = [e for e in stack if e.module in modules and _not_optional(e)]
    if not quality:
        ev = [evidence("/etc/pam.d/" + services[0], None,
                       "no pam_pwquality, pam_cracklib or pam_passwdqc in the password stack")]
        return ("unknown" if missing else "fail"), ev + [evidence("", None, m) for m in missing]
    entry = quality[0]
    if entry.module == "pam_passwdqc.so":
        return check_passwdqc(tree, entry, params)
    settings = {}  # type: Dict[str, Tuple[str, int, str]]
    if entry.module == "pam_pwquality.so":
        # As libpwquality reads them: pwquality.conf.d/*.conf (C order) first, then pwquality.conf,
        # then the module's own arguments override both.
        conf = tree.glob("/etc/security/pwquality.conf.d/*.conf") + ["/etc/security/pwquality.conf"]
        for key, (path, num, value) in key_values(tree, conf).items():
            settings[key] = (path, num, value)
        default_len = 8
    else:
        default_len = 9  # pam_cracklib's documented default
    for a in entry.args:
        if "=" in a:
            key, value = a.split("=", 1)
            settings[key.lower()] = (entry.path, entry.line, value)
    ev = [entry.evidence()]
    minlen = default_len
    if "minlen" in settings:
        path, num, value = settings["minlen"]
        minlen = _int_or(value, default_len)
        ev.append(evidence(path, num, "minlen=%s" % value))
    required = 0
    for key in ("dcredit", "ucredit", "lcredit", "ocredit"):
        if key in settings:
            path, num, value = settings[key]
            ev.append(evidence(path, num, "%s=%s" % (key, value)))
            n = to_int(value)
            if n is not None and n < 0:
                required += 1
    classes = required
    if "minclass" in settings:
        path, num, value = settings["minclass"]
        ev.append(evidence(path, num, "minclass=%s" % value))
        classes = max(classes, to_int(value) or 0)
    ok = minlen >= params["min_password_length"] and classes >= params["min_password_classes"]
    ev.append(evidence("", None, "effective minimum length %d, character classes required %d" % (minlen, classes)))
    return ("pass" if ok else "fail"), ev


def check_password_expiry(tree: Tree, params: Dict[str, int]) -> Outcome:
    """PASS_MAX_DAYS in login.defs at most the limit (the last setting wins, as in shadow's getdef)."""
    path = "/etc/login.defs"
    if tree.lines(path) is None:
        return tree.unknown([path], "login.defs cannot be read")
    settings = key_values(tree, [path], sep="")
    if "pass_max_days" not in settings:
        return "fail", [evidence(path, None, "PASS_MAX_DAYS not set (default 99999: passwords never expire)")]
    _, num, value = settings["pass_max_days"]
    days = to_int(value)
    ok = days is not None and 0 < days <= params["max_password_days"]
    return ("pass" if ok else "fail"), [evidence(path, num, "PASS_MAX_DAYS %s" % value)]


def _lockout_of(tree: Tree, entries: List[PamEntry], limit: int) -> Tuple[Optional[bool], List[Evidence]]:
    """Whether a stack locks after at most ``limit`` failures; None when it has no lockout module."""
    for entry in entries:
        if entry.module == "pam_faillock.so":
            conf = key_values(tree, ["/etc/security/faillock.conf"])
            deny, ev = 3, [entry.evidence()]  # pam_faillock's documented default
            if "deny" in conf:
                path, num, value = conf["deny"]
                deny = _int_or(value, 3)
                ev.append(evidence(path, num, "deny = %s" % value))
            arg = entry.arg("deny")
            if arg is not None:
                deny = _int_or(arg, deny)
            return 0 < deny <= limit, ev + [evidence("", None, "effective deny=%d" % deny)]
        if entry.module in ("pam_tally2.so", "pam_tally.so"):
            arg = entry.arg("deny")
            deny = _int_or(arg, 0) if arg is not None else 0  # 0: never lock
            return 0 < deny <= limit, [entry.evidence(), evidence("", None, "effective deny=%d" % deny)]
    return None, []


def check_login_failure_lockout(tree: Tree, params: Dict[str, int]) -> Outcome:
    """pam_faillock or pam_tally2 locking after at most N failures, in the auth stack of every login service."""
    services = pam_services(tree, ["sshd", "login"], ["system-auth", "password-auth", "common-auth"])
    if not services:
        return tree.unknown(["/etc/pam.d/sshd", "/etc/pam.d/login"], "no PAM auth stack to read")
    evs = []  # type: List[Evidence]
    ok = True
    unknown = definite = False
    for service in services:
        missing = []  # type: List[str]
        try:
            stack = pam_stack(tree, service, "auth", missing)
        except PamLoop as exc:
            return "unknown", [evidence("/etc/pam.d/" + service, None, str(exc))]
        locked, ev = _lockout_of(tree, stack, params["max_login_failures"])
        if locked is None:
            ev = [evidence("/etc/pam.d/" + service, None, "no pam_faillock or pam_tally2 in the auth stack")]
            ev += [evidence("", None, m) for m in missing]
        # Without the module, a stack that could not be read in full is unknown, not a failure.
        unknown = unknown or (locked is None and bool(missing))
        definite = definite or locked is False or (locked is None and not missing)
        evs += ev
        ok = ok and bool(locked)
    if ok:
        return "pass", evs
    return ("fail" if definite or not unknown else "unknown"), evs


def sshd_settings(tree: Tree) -> Optional[Dict[str, Tuple[str, int, str]]]:
    """Global sshd settings; the first value of a keyword wins, as sshd reads them; Include expanded.

    Returns None when sshd_config cannot be read.
    """
    main = "/etc/ssh/sshd_config"
    if tree.lines(main) is None:
        return None
    found = {}  # type: Dict[str, Tuple[str, int, str]]

    def read(path: str, depth: int) -> bool:
        """Read one file; False once a Match block starts (the rest is conditional)."""
        for num, raw in tree.lines(path) or []:
            text = strip_comment(raw)
            if not text:
                continue
            parts = re.split(r"[\s=]+", text, maxsplit=1)
            key, value = parts[0].lower(), parts[1].strip() if len(parts) > 1 else ""
            if key == "match":
                return False
            if key == "include" and depth < 8:
                for pattern in value.split():
                    full = pattern if pattern.startswith("/") else "/etc/ssh/" + pattern
                    for inc in tree.glob(full):
                        if not read(inc, depth + 1):
                            return False
                continue
            found.setdefault(key, (path, num, value))
        return True

    read(main, 0)
    return found


SSHD_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
# systemd.time(7): "M" is a month and "m" a minute; words in singular or plural.
SYSTEMD_UNITS = {
    "": 1, "s": 1, "sec": 1, "second": 1, "seconds": 1, "m": 60, "min": 60, "minute": 60, "minutes": 60,
    "h": 3600, "hr": 3600, "hour": 3600, "hours": 3600, "d": 86400, "day": 86400, "days": 86400,
    "w": 604800, "week": 604800, "weeks": 604800, "M": 2629800, "month": 2629800, "months": 2629800,
    "y": 31557600, "year": 31557600, "years": 31557600,
}


def _seconds(value: str, units: Dict[str, int]) -> Optional[int]:
    """A time span (``300``, ``5m``, ``1h30m``, ``6month``) in seconds, or None when malformed."""
    text = value.strip()
    parts = re.findall(r"(\d+)\s*([A-Za-z]*)", text)
    if not parts or re.sub(r"[\dA-Za-z\s]", "", text):
        return None
    total = 0
    for number, unit in parts:
        key = unit if unit in units else unit.lower()
        if key not in units:
            return None
        total += int(number) * units[key]
    return total


def _shell_tmout(tree: Tree) -> Tuple[Optional[int], List[Evidence]]:
    """TMOUT as a login shell ends up with: /etc/profile, profile.d/*.sh, bashrc; readonly sticks."""
    files = ["/etc/profile"] + tree.glob("/etc/profile.d/*.sh") + ["/etc/bashrc", "/etc/bash.bashrc"]
    value, where, frozen = None, [], False  # type: Optional[int], List[Evidence], bool
    for path in files:
        for num, raw in tree.lines(path) or []:
            for stmt in strip_comment(raw).split(";"):
                m = TMOUT_SET.search(stmt)
                if m and not frozen:
                    value, where = int(m.group(2)), [evidence(path, num, stmt.strip())]
                    frozen = bool(m.group(1) and READONLY.match(m.group(1)))
                elif TMOUT_READONLY.search(stmt) and value is not None:
                    frozen = True
    return value, where


# `TMOUT=600`, `export TMOUT=600`, `readonly TMOUT=600`, `declare -xr TMOUT=600`, also after `then`/`&&`.
TMOUT_SET = re.compile(r"(?:^|[\s&|(])(?:(export|readonly|declare\s+-\w+|typeset\s+-\w+)\s+)?TMOUT=[\"']?(\d+)")
READONLY = re.compile(r"^(?:readonly|declare\s+-\w*r|typeset\s+-\w*r)")
TMOUT_READONLY = re.compile(r"(?:^|\s)(?:readonly|declare\s+-\w*r\w*|typeset\s+-\w*r\w*)\s+TMOUT\s*$")


def check_session_timeout(tree: Tree, params: Dict[str, int]) -> Outcome:
    """TMOUT at most N seconds, or sshd ending idle sessions (ClientAliveInterval with CountMax 0)."""
    limit = params["max_idle_seconds"]
    tmout, ev = _shell_tmout(tree)
    if tmout is not None and 0 < tmout <= limit:
        return "pass", ev
    if tmout is not None:
        ev.append(evidence("", None, "TMOUT=%d does not end idle shells within %d s" % (tmout, limit)))
    sshd = sshd_settings(tree)
    if sshd is not None:
        interval = sshd.get("clientaliveinterval")
        count = sshd.get("clientalivecountmax")
        if interval and count:
            seconds, n = _seconds(interval[2], SSHD_UNITS), to_int(count[2])
            ev += [evidence(interval[0], interval[1], "ClientAliveInterval " + interval[2]),
                   evidence(count[0], count[1], "ClientAliveCountMax " + count[2])]
            if seconds and n == 0 and seconds <= limit:
                return "pass", ev
        channel = sshd.get("channeltimeout")  # OpenSSH 9.2+: session=10m closes idle sessions
        if channel:
            m = re.search(r"\bsession(?::\S*)?=(\S+)", channel[2])
            seconds = _seconds(m.group(1), SSHD_UNITS) if m else None
            ev.append(evidence(channel[0], channel[1], "ChannelTimeout " + channel[2]))
            if seconds and seconds <= limit:
                return "pass", ev
    if tmout is None and sshd is None and tree.lines("/etc/profile") is None:
        return tree.unknown(["/etc/profile", "/etc/ssh/sshd_config"], "neither the shell profile nor sshd_config")
    if tmout is None:
        ev.insert(0, evidence("/etc/profile", None, "TMOUT not set in /etc/profile, profile.d or bashrc"))
    return "fail", ev


def check_remote_root_login(tree: Tree, params: Dict[str, int]) -> Outcome:
    """PermitRootLogin no (the first setting wins; unset means prohibit-password)."""
    sshd = sshd_settings(tree)
    if sshd is None:
        return tree.unknown(["/etc/ssh/sshd_config"], "sshd_config cannot be read")
    if "permitrootlogin" not in sshd:
        return "fail", [evidence("/etc/ssh/sshd_config", None,
                                 "PermitRootLogin not set (OpenSSH default prohibit-password, older releases yes)")]
    path, num, value = sshd["permitrootlogin"]
    return ("pass" if value.lower() == "no" else "fail"), [evidence(path, num, "PermitRootLogin " + value)]


SYSTEMD_DIRS = ("/etc/systemd/system", "/usr/lib/systemd/system", "/lib/systemd/system")
SYSV_DIRS = ("/etc/rc.d/rc3.d", "/etc/rc3.d", "/etc/rc.d/rc5.d", "/etc/rc5.d")


def has_init_data(tree: Tree) -> bool:
    """Whether the tree shows how services start (systemd unit directories or SysV runlevel links)."""
    return any(tree.is_dir(d) for d in SYSTEMD_DIRS + SYSV_DIRS)


def unit_enabled(tree: Tree, units: Iterable[str]) -> Optional[Evidence]:
    """Evidence that one of ``units`` starts at boot (systemd wants links, or SysV S links), else None.

    A unit masked in /etc/systemd/system (a link to /dev/null) never starts.
    """
    for unit in units:
        if tree.link_target("/etc/systemd/system/" + unit) == "/dev/null":
            continue
        for base in SYSTEMD_DIRS:
            for wants in tree.listdir(base):
                if wants.endswith((".wants", ".requires")) and unit in tree.listdir(base + "/" + wants):
                    return evidence("%s/%s/%s" % (base, wants, unit), None, "enabled")
        name = unit.rsplit(".", 1)[0]
        for rc in SYSV_DIRS:
            for link in tree.listdir(rc):
                if re.match(r"^S\d+%s$" % re.escape(name), link):
                    return evidence(rc + "/" + link, None, "enabled (SysV)")
    return None


CLEARTEXT_UNITS = ("telnet.socket", "telnetd.socket", "rsh.socket", "rlogin.socket", "rexec.socket",
                   "vsftpd.service", "proftpd.service", "pure-ftpd.service", "tftp.socket", "telnetd.service")
# xinetd/inetd service names: rsh is `shell`, rlogin is `login`, rexec is `exec`.
CLEARTEXT_INETD = ("telnet", "shell", "login", "exec", "ftp", "rsh", "rlogin", "rexec", "tftp")


def _xinetd_enabled(tree: Tree) -> List[Evidence]:
    """Cleartext services switched on in xinetd (``disable = no`` or no ``disable`` at all)."""
    found = []  # type: List[Evidence]
    for path in ["/etc/xinetd.conf"] + ["/etc/xinetd.d/" + n for n in tree.listdir("/etc/xinetd.d")]:
        service, start, disabled = None, 0, False  # type: Optional[str], int, bool
        for num, raw in tree.lines(path) or []:
            text = strip_comment(raw)
            m = re.match(r"^service\s+(\S+)", text)
            if m:
                service, start, disabled = m.group(1), num, False
            elif service and re.match(r"^disable\s*=\s*yes\b", text, re.IGNORECASE):
                disabled = True
            elif service and text.startswith("}"):
                if service in CLEARTEXT_INETD and not disabled:
                    found.append(evidence(path, start, "xinetd service %s enabled" % service))
                service = None
    return found


def check_cleartext_remote_management(tree: Tree, params: Dict[str, int]) -> Outcome:
    """No telnet, rsh, rlogin, rexec or ftp started by systemd, SysV, xinetd or inetd."""
    if not has_init_data(tree):
        return tree.unknown(list(SYSTEMD_DIRS + SYSV_DIRS), "no systemd unit or SysV runlevel directories")
    found = [ev for ev in (unit_enabled(tree, [u]) for u in CLEARTEXT_UNITS) if ev]
    xinetd = _xinetd_enabled(tree)
    if xinetd:
        on = unit_enabled(tree, ["xinetd.service"])
        if on:
            found += xinetd + [on]
    for num, raw in tree.lines("/etc/inetd.conf") or []:
        text = strip_comment(raw)
        if text and text.split()[0] in CLEARTEXT_INETD:
            found.append(evidence("/etc/inetd.conf", num, text))
    if found:
        return "fail", found
    return "pass", [evidence("", None, "no telnet, rsh, rlogin, rexec or ftp service enabled")]


AUDIT_CONTROL = re.compile(r"^(-D|-b|-f|-r|-e|-c|-i|--backlog_wait_time|--loginuid-immutable|--reset-lost)\b")


def check_audit_enabled(tree: Tree, params: Dict[str, int]) -> Outcome:
    """auditd starts at boot and has audit rules loaded (``-w``/``-a`` lines, not only control lines)."""
    files = tree.glob("/etc/audit/rules.d/*.rules") + ["/etc/audit/audit.rules"]
    if not has_init_data(tree):
        return tree.unknown(list(SYSTEMD_DIRS), "no systemd unit or SysV runlevel directories")
    on = unit_enabled(tree, ["auditd.service"])
    ev = [on] if on else [evidence("/etc/systemd/system/multi-user.target.wants/auditd.service", None,
                                   "auditd not enabled")]
    rules, disabled = [], None  # type: List[Evidence], Optional[Evidence]
    for path in files:
        for num, raw in tree.lines(path) or []:
            text = strip_comment(raw)
            if re.match(r"^-e\s+0\b", text):
                disabled = evidence(path, num, text)
            elif text.startswith(("-w ", "-a ", "-A ")) and not AUDIT_CONTROL.match(text):
                rules.append(evidence(path, num, text))
    ev += rules[:5]
    if not rules:
        ev.append(evidence("/etc/audit/audit.rules", None, "no audit rules (-w/-a) in audit.rules or rules.d"))
    if disabled:
        ev.append(disabled)
    return ("pass" if on and rules and not disabled else "fail"), ev


PERIOD_DAYS = {"hourly": 1.0 / 24, "daily": 1.0, "weekly": 7.0, "monthly": 30.0, "yearly": 365.0}
SYSTEM_LOGS = ("/var/log/messages", "/var/log/secure", "/var/log/syslog", "/var/log/auth.log")
LOGROTATE_SCRIPTS = ("postrotate", "prerotate", "firstaction", "lastaction", "preremove")
LOGROTATE_SKIP = (".rpmsave", ".rpmorig", ".rpmnew", ".dpkg-old", ".dpkg-new", ".dpkg-dist", "~", ".bak", ".swp")


class _Rotation(object):
    def __init__(self) -> None:
        # logrotate's defaults: no count means old logs are removed (rotate 0).
        self.period, self.rotate, self.maxage = "weekly", 0, None  # type: str, int, Optional[int]
        self.where = []  # type: List[Evidence]

    def copy(self) -> "_Rotation":
        other = _Rotation()
        other.period, other.rotate, other.maxage, other.where = self.period, self.rotate, self.maxage, list(self.where)
        return other

    def apply(self, path: str, num: int, text: str) -> None:
        word = text.split()
        if word[0] in PERIOD_DAYS:
            self.period = word[0]
        elif word[0] == "rotate" and len(word) > 1 and to_int(word[1]) is not None:
            self.rotate = _int_or(word[1], self.rotate)
        elif word[0] == "maxage" and len(word) > 1:
            self.maxage = to_int(word[1])
        else:
            return
        self.where.append(evidence(path, num, text))

    def days(self) -> float:
        kept = PERIOD_DAYS[self.period] * max(self.rotate, 0) if self.rotate >= 0 else float("inf")
        return min(kept, self.maxage) if self.maxage else kept


def logrotate_retention(tree: Tree) -> Dict[str, _Rotation]:
    """Rotation settings of each rotated log path (glob patterns as written), processed in file order."""
    result = {}  # type: Dict[str, _Rotation]
    defaults = _Rotation()

    def read(path: str, depth: int) -> None:
        block = None  # type: Optional[_Rotation]
        names = []  # type: List[str]
        script = False
        for num, raw in tree.lines(path) or []:
            text = strip_comment(raw)
            if not text:
                continue
            if script:  # shell between postrotate/prerotate/... and endscript is not a directive
                script = text != "endscript"
                continue
            if text.split()[0] in LOGROTATE_SCRIPTS:
                script = True
                continue
            if block is None and text.endswith("{"):
                # The paths of a block may be spread over the lines before its brace.
                names += text[:-1].split()
                block = defaults.copy()
            elif block is None and text.startswith(("/", '"')):
                names += text.split()
            elif block is not None and text.startswith("}"):
                for name in names:
                    result[name.strip('"')] = block
                block, names = None, []
            elif block is not None:
                block.apply(path, num, text)
            elif text.startswith("include ") and depth < 4:
                target = text.split(None, 1)[1].strip()
                if tree.is_dir(target):
                    for n in tree.listdir(target):
                        if not n.startswith(".") and not n.endswith(LOGROTATE_SKIP):
                            read(target + "/" + n, depth + 1)
                else:
                    read(target, depth + 1)
            else:
                defaults.apply(path, num, text)

    read("/etc/logrotate.conf", 0)
    return result


def _journald_days(tree: Tree) -> Tuple[Optional[float], List[Evidence]]:
    """Days journald keeps when configured persistent with MaxRetentionSec (the last setting wins)."""
    files = ["/etc/systemd/journald.conf"] + tree.glob("/usr/lib/systemd/journald.conf.d/*.conf") + \
        tree.glob("/etc/systemd/journald.conf.d/*.conf")
    conf = key_values(tree, files)
    ev = []  # type: List[Evidence]
    storage = conf.get("storage")
    persistent = storage is not None and storage[2].lower() == "persistent"
    if storage is not None:
        ev.append(evidence(storage[0], storage[1], "Storage=" + storage[2]))
    if storage is None or storage[2].lower() == "auto":
        persistent = tree.is_dir("/var/log/journal")
    retention = conf.get("maxretentionsec")
    if retention is None:
        return None, ev
    ev.append(evidence(retention[0], retention[1], "MaxRetentionSec=" + retention[2]))
    seconds = _seconds(retention[2], SYSTEMD_UNITS)
    if not persistent or not seconds:
        return None, ev
    return seconds / 86400.0, ev


def check_log_retention(tree: Tree, params: Dict[str, int]) -> Outcome:
    """System logs kept at least N days by logrotate (rotate x period, capped by maxage), or by journald."""
    limit = params["min_log_days"]
    if tree.lines("/etc/logrotate.conf") is None and tree.lines("/etc/systemd/journald.conf") is None:
        return tree.unknown(["/etc/logrotate.conf", "/etc/systemd/journald.conf"], "no log rotation configuration")
    rotations = logrotate_retention(tree)
    covered = []  # type: List[Tuple[str, _Rotation]]
    for log in SYSTEM_LOGS:
        for pattern, rot in rotations.items():
            if fnmatch.fnmatchcase(log, pattern):
                covered.append((log, rot))
                break
    ev = []  # type: List[Evidence]
    shortest = None  # type: Optional[float]
    for log, rot in covered:
        days = rot.days()
        shortest = days if shortest is None else min(shortest, days)
        ev += rot.where[-3:] + [evidence("", None, "%s kept about %g days" % (log, days))]
    if shortest is not None and shortest >= limit:
        return "pass", ev
    journal, jev = _journald_days(tree)
    ev += jev
    if journal is not None and journal >= limit:
        return "pass", ev
    if shortest is None and journal is None:
        ev.append(evidence("/etc/logrotate.conf", None, "no logrotate block for the system logs"))
        return "unknown", ev
    return "fail", ev


def _time_sources(tree: Tree, files: List[str], keywords: Tuple[str, ...]) -> List[Evidence]:
    found = []  # type: List[Evidence]
    for path in files:
        for num, raw in tree.lines(path) or []:
            text = strip_comment(raw)
            if text.split(None, 1)[0:1] and text.split(None, 1)[0] in keywords and len(text.split()) > 1:
                found.append(evidence(path, num, text))
    return found


def check_time_sync(tree: Tree, params: Dict[str, int]) -> Outcome:
    """chronyd, ntpd or systemd-timesyncd configured with a server and enabled."""
    chrony = ["/etc/chrony.conf", "/etc/chrony/chrony.conf"]
    chrony += tree.glob("/etc/chrony/conf.d/*.conf") + tree.glob("/etc/chrony/sources.d/*.sources")
    timesyncd = ["/etc/systemd/timesyncd.conf"] + tree.glob("/etc/systemd/timesyncd.conf.d/*.conf")
    daemons = [
        (chrony, ("server", "pool", "peer"), ["chronyd.service", "chrony.service"]),
        (["/etc/ntp.conf", "/etc/ntpsec/ntp.conf"], ("server", "pool", "peer"), ["ntpd.service", "ntp.service",
                                                                               "ntpsec.service"]),
    ]
    ev = []  # type: List[Evidence]
    seen_config = False
    for files, keywords, units in daemons:
        if not any(tree.lines(f) is not None for f in files):
            continue
        seen_config = True
        sources = _time_sources(tree, files, keywords)
        on = unit_enabled(tree, units)
        if sources and on:
            return "pass", sources[:3] + [on]
        ev += sources[:3] or [evidence(files[0], None, "no server/pool line")]
        ev.append(on or evidence(units[0], None, "%s not enabled" % units[0]))
    ntp = key_values(tree, timesyncd)
    if any(tree.lines(f) is not None for f in timesyncd):
        seen_config = True
        on = unit_enabled(tree, ["systemd-timesyncd.service"])
        server = ntp.get("ntp")
        servers = [evidence(server[0], server[1], "NTP=" + server[2])] if server and server[2] else []
        if servers and on:
            return "pass", servers + [on]
        ev += servers or [evidence(timesyncd[0], None, "no NTP= server")]
    if not seen_config:
        return tree.unknown(["/etc/chrony.conf", "/etc/ntp.conf", "/etc/systemd/timesyncd.conf"],
                            "no chrony, ntpd or timesyncd configuration")
    return "fail", ev


def check_extra_superuser(tree: Tree, params: Dict[str, int]) -> Outcome:
    """No account other than root with UID 0 in /etc/passwd."""
    path = "/etc/passwd"
    lines = tree.lines(path)
    if lines is None:
        return tree.unknown([path], "/etc/passwd cannot be read")
    extra, root = [], None  # type: List[Evidence], Optional[Evidence]
    for num, raw in lines:
        fields = raw.strip().split(":")
        if len(fields) < 4 or fields[0].startswith(("+", "-", "#")):
            continue
        if fields[2].strip() == "0":
            if fields[0] == "root":
                root = evidence(path, num, "root:x:0")
            else:
                extra.append(evidence(path, num, "%s:x:0 (UID 0)" % fields[0]))
    if extra:
        return "fail", extra
    return "pass", [root or evidence(path, None, "no UID 0 account")]


RSYSLOG_FORWARD = re.compile(r"^\S+\s+(?:-?)@@?(?:\([^)]*\))?\[?[\w.:-]+")
RSYSLOG_ACTION = re.compile(r"type\s*=\s*\"(?:omfwd|omrelp)\"", re.IGNORECASE)
SYSLOG_NG_NET = re.compile(r"\b(?:network|tcp|udp|tcp6|udp6|syslog)\s*\(\s*\"?[\w.:-]+")


def _rsyslog_files(tree: Tree) -> List[str]:
    """rsyslog.conf and the files its ``$IncludeConfig``/``include()`` lines name (rsyslog.d by default)."""
    main = "/etc/rsyslog.conf"
    files = [main]
    patterns = []  # type: List[str]
    for _num, raw in tree.lines(main) or []:
        text = strip_comment(raw)
        m = re.match(r"^\$IncludeConfig\s+(\S+)", text) or re.match(r"^include\s*\(\s*file\s*=\s*\"([^\"]+)\"", text)
        if m:
            patterns.append(m.group(1))
    for pattern in patterns or ["/etc/rsyslog.d/*.conf"]:
        files += [f for f in tree.glob(pattern) if f not in files]
    return files


def _syslog_ng_network(path: str, lines: List[Line]) -> List[Evidence]:
    """syslog-ng ``destination`` blocks (over one or more lines) with a network driver."""
    found = []  # type: List[Evidence]
    block, start = "", 0
    for num, raw in lines:
        text = strip_comment(raw)
        if not block and not re.match(r"^destination\b", text):
            continue
        block, start = (block + " " + text, start) if block else (text, num)
        if "};" in text or text.endswith("}"):
            if SYSLOG_NG_NET.search(block):
                found.append(evidence(path, start, block.strip()))
            block = ""
    return found


def check_remote_logging(tree: Tree, params: Dict[str, int]) -> Outcome:
    """rsyslog (``@host``, ``@@host``, omfwd) or syslog-ng (network/tcp/udp destination) forwards logs."""
    rsyslog = _rsyslog_files(tree)
    syslog_ng = ["/etc/syslog-ng/syslog-ng.conf"] + tree.glob("/etc/syslog-ng/conf.d/*.conf")
    if all(tree.lines(f) is None for f in rsyslog + syslog_ng):
        return tree.unknown(["/etc/rsyslog.conf", "/etc/syslog-ng/syslog-ng.conf"],
                            "no rsyslog or syslog-ng configuration")
    found = []  # type: List[Evidence]
    for path in rsyslog:
        for num, raw in tree.lines(path) or []:
            text = strip_comment(raw)
            if RSYSLOG_FORWARD.match(text) or RSYSLOG_ACTION.search(text):
                found.append(evidence(path, num, text))
    for path in syslog_ng:
        found += _syslog_ng_network(path, tree.lines(path) or [])
    if found:
        return "pass", found[:5]
    return "fail", [evidence(rsyslog[0], None, "no forwarding to a remote collector (@host, @@host, omfwd)")]


CHECKS = {
    "password_complexity": check_password_complexity,
    "password_expiry": check_password_expiry,
    "login_failure_lockout": check_login_failure_lockout,
    "session_timeout": check_session_timeout,
    "remote_root_login": check_remote_root_login,
    "cleartext_remote_management": check_cleartext_remote_management,
    "audit_enabled": check_audit_enabled,
    "log_retention": check_log_retention,
    "time_sync": check_time_sync,
    "extra_superuser": check_extra_superuser,
    "remote_logging": check_remote_logging,
}  # type: Dict[str, Callable[[Tree, Dict[str, int]], Outcome]]


def check_tree(root: str, params: Optional[Dict[str, int]] = None) -> List[Dict[str, Any]]:
    """Run every check on the host tree at ``root``.

    Returns:
        One ``{"rule", "status", "evidence"}`` per rule, in ``RULE_IDS`` order. A check
        that raises (a bug, or a file system error nobody foresaw) is ``unknown`` with
        the error as evidence, so one bad file never hides the other rules.
    """
    merged = dict(DEFAULT_PARAMS)
    merged.update(params or {})
    tree = Tree(root)
    results = []
    for rule in RULE_IDS:
        try:
            status, ev = CHECKS[rule](tree, merged)
        except (OSError, ValueError, RecursionError) as exc:
            status, ev = "unknown", [evidence("", None, "%s: %s" % (type(exc).__name__, exc))]
        results.append({"rule": rule, "status": status, "evidence": ev})
    return results
