#!/usr/bin/python
# -*- coding: utf-8 -*-
# govops fact module: runs on the target, so it stays Python 3.6 compatible
# (Kylin V10, UOS 20 and openEuler 20.03 ship 3.6/3.7): no dataclasses, no walrus,
# no `from __future__ import annotations`, no subprocess capture_output/text.
"""Collect the raw facts govops classifies servers from."""

from __future__ import absolute_import, division, print_function

__metaclass__ = type

DOCUMENTATION = r"""
---
module: govops_facts
short_description: Raw server facts for the govops domestic (信创) classifier
description:
  - Reads DMI (/sys/class/dmi/id), /proc/cpuinfo (x86 vendor_id and model name, ARM
    CPU implementer and part, LoongArch Model Name, mips cpu model), memory, disks,
    NICs, /etc/os-release and release files, the kernel release, and the key software
    running (/proc/*/comm and cmdline) or installed (dpkg status, rpm database, install dirs).
  - Returns raw texts, not conclusions; the controller classifies them with the
    govops catalogue, so every target runs the same small, dependency-free code.
options:
  root:
    description: Directory to read instead of C(/), so a test can impersonate another machine.
    type: path
    default: /
  processes:
    description: Process-name globs of the key software to look for.
    type: list
    elements: str
    default: []
  cmdline:
    description: Command-line globs (Java main classes of application servers).
    type: list
    elements: str
    default: []
  packages:
    description: Package-name globs looked up in the dpkg status file and the rpm database.
    type: list
    elements: str
    default: []
  paths:
    description: Install-directory globs that mark software as installed.
    type: list
    elements: str
    default: []
  deadline:
    description: Seconds after which the module ends itself on the host (0, no limit). Set to the task
      timeout, which ends only the controller's wait.
    type: int
    default: 0
"""

RETURN = r"""
ansible_facts:
  description: C(govops) holds dmi, cpuinfo_head, cpu counts, memory_mb, disks, nics,
    os_release, release_files, kernel_release, arch, software and read errors.
  returned: always
  type: dict
"""

import fnmatch
import glob
import os
import platform
import subprocess

CPUINFO_HEAD_BYTES = 16384
DMI_FIELDS = (
    "sys_vendor", "product_name", "product_serial", "product_uuid", "product_version",
    "board_vendor", "board_name", "board_serial", "bios_vendor", "bios_version",
    "chassis_vendor", "chassis_type", "chassis_serial",
)
RELEASE_FILES = (
    "/etc/system-release", "/etc/redhat-release", "/etc/centos-release", "/etc/lsb-release",
    "/etc/kylin-release", "/etc/neokylin-release", "/etc/openEuler-release", "/etc/uos-release",
    "/etc/.productinfo", "/etc/debian_version",
)
SKIP_DISKS = ("loop", "ram", "sr", "fd", "zram", "nbd")


class Reader(object):
    """Reads files under a root, recording (not raising) what could not be read."""

    def __init__(self, root):
        self.root = root
        self.errors = []

    def path(self, path):
        return os.path.join(self.root, path.lstrip("/"))

    def text(self, path, limit=None, quiet=False):
        full = self.path(path)
        try:
            with open(full, "rb") as fh:
                data = fh.read(limit) if limit else fh.read()
        except (IOError, OSError) as exc:
            if not quiet and os.path.lexists(full):
                self.errors.append("%s: %s" % (path, exc.strerror or exc))
            return None
        return data.decode("utf-8", "replace")


def dmi_facts(reader):
    result = {}
    for name in DMI_FIELDS:
        value = reader.text("/sys/class/dmi/id/" + name)
        if value is not None:
            result[name] = value.strip()
    return result


def cpuinfo_facts(reader):
    text = reader.text("/proc/cpuinfo")
    result = {"cpuinfo_head": None, "cpu_logical": None, "cpu_sockets": None, "cpu_cores": None}
    if text is None:
        return result
    head = []
    processors = 0
    sockets = set()
    cores_per_socket = None
    for line in text.splitlines():
        key, _, value = line.partition(":")
        key = key.strip().lower()
        if key == "processor":
            processors += 1
        elif key in ("physical id", "package"):
            sockets.add(value.strip())
        elif key == "cpu cores" and cores_per_socket is None:
            try:
                cores_per_socket = int(value.strip())
            except ValueError:
                pass
        # The first processor block (and LoongArch's leading `system type`) names the CPU.
        if processors <= 1:
            head.append(line)
    result["cpuinfo_head"] = "\n".join(head)[:CPUINFO_HEAD_BYTES]
    result["cpu_logical"] = processors or None
    # ARM cpuinfo has no `physical id`: the kernel's topology names the packages instead.
    if not sockets:
        for path in glob.glob(reader.path("/sys/devices/system/cpu/cpu[0-9]*/topology/physical_package_id")):
            try:
                with open(path) as fh:
                    sockets.add(fh.read().strip())
            except (IOError, OSError):
                continue
    result["cpu_sockets"] = len(sockets) or None
    if cores_per_socket:
        result["cpu_cores"] = cores_per_socket * (len(sockets) or 1)
    else:
        result["cpu_cores"] = processors or None
    return result


def memory_mb(reader):
    text = reader.text("/proc/meminfo")
    for line in (text or "").splitlines():
        if line.startswith("MemTotal:"):
            parts = line.split()
            try:
                return int(parts[1]) // 1024
            except (IndexError, ValueError):
                return None
    return None


def disk_facts(reader):
    disks = []
    base = reader.path("/sys/block")
    for name in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        if name.startswith(SKIP_DISKS):
            continue
        sectors = reader.text("/sys/block/%s/size" % name)
        model = reader.text("/sys/block/%s/device/model" % name, quiet=True)
        rotational = reader.text("/sys/block/%s/queue/rotational" % name, quiet=True)
        try:
            size = int((sectors or "0").strip()) * 512
        except ValueError:
            size = None
        disks.append({
            "name": name,
            "size_bytes": size,
            "model": model.strip() if model else None,
            "rotational": rotational.strip() == "1" if rotational else None,
        })
    return disks


def nic_facts(reader):
    nics = []
    base = reader.path("/sys/class/net")
    for name in sorted(os.listdir(base)) if os.path.isdir(base) else []:
        if name == "lo":
            continue
        mac = reader.text("/sys/class/net/%s/address" % name, quiet=True)
        state = reader.text("/sys/class/net/%s/operstate" % name, quiet=True)
        speed = reader.text("/sys/class/net/%s/speed" % name, quiet=True)
        try:
            speed_mbps = int(speed.strip()) if speed else None
        except ValueError:
            speed_mbps = None
        nics.append({
            "name": name,
            "mac": mac.strip() if mac else None,
            "state": state.strip() if state else None,
            "speed_mbps": speed_mbps if speed_mbps and speed_mbps > 0 else None,
        })
    return nics


def os_facts(reader):
    os_release, where = None, None
    for candidate in ("/etc/os-release", "/usr/lib/os-release"):
        os_release = reader.text(candidate)
        if os_release is not None:
            where = candidate
            break
    release_files = {}
    for path in RELEASE_FILES:
        text = reader.text(path, limit=4096, quiet=True)
        if text is not None:
            release_files[path] = text
    kernel = reader.text("/proc/sys/kernel/osrelease")
    arch = reader.text("/proc/sys/kernel/arch", quiet=True)
    if arch is None and reader.root == "/":
        arch = platform.machine()
    return {
        "os_release": os_release,
        "os_release_path": where or "/etc/os-release",
        "release_files": release_files,
        "kernel_release": kernel.strip() if kernel else None,
        "arch": arch.strip() if arch else None,
    }


def _matches(value, patterns):
    for pattern in patterns:
        if fnmatch.fnmatchcase(value, pattern):
            return True
    return False


def process_software(reader, processes, cmdlines):
    found = []
    seen = set()
    base = reader.path("/proc")
    try:
        pids = [p for p in os.listdir(base) if p.isdigit()]
    except OSError:
        pids = []
    for pid in pids:
        raw = reader.text("/proc/%s/cmdline" % pid, quiet=True) or ""
        argv = [a for a in raw.split("\0") if a]
        comm = (reader.text("/proc/%s/comm" % pid, quiet=True) or "").strip()
        names = set([comm]) if comm else set()
        if argv:
            names.add(os.path.basename(argv[0]))
        for name in sorted(names):
            if name and _matches(name, processes) and ("process", name) not in seen:
                seen.add(("process", name))
                found.append({"kind": "process", "value": name, "pid": int(pid)})
        line = " ".join(argv)
        if line and _matches(line, cmdlines) and ("cmdline", line) not in seen:
            seen.add(("cmdline", line))
            found.append({"kind": "cmdline", "value": line[:1024], "pid": int(pid)})
    return found


def dpkg_packages(reader):
    text = reader.text("/var/lib/dpkg/status", quiet=True)
    names = []
    current = None
    for line in (text or "").splitlines():
        if line.startswith("Package:"):
            current = line.split(":", 1)[1].strip()
        elif line.startswith("Status:") and current and line.split()[-1] == "installed":
            names.append(current)
    return names


def rpm_sqlite_packages(reader):
    """Package names from an sqlite rpm database (RHEL 9, Fedora 33+ ...) without the rpm binary."""
    path = reader.path("/var/lib/rpm/rpmdb.sqlite")
    if not os.path.isfile(path):
        return None
    try:
        import sqlite3

        conn = sqlite3.connect("file:%s?mode=ro" % path, uri=True)
        try:
            return [row[0] for row in conn.execute("SELECT key FROM Name")]
        finally:
            conn.close()
    except Exception as exc:  # noqa: BLE001 - any sqlite failure falls back to the rpm binary
        reader.errors.append("/var/lib/rpm/rpmdb.sqlite: %s" % exc)
        return None


def rpm_packages(reader, module):
    if not os.path.isdir(reader.path("/var/lib/rpm")):
        return []
    names = rpm_sqlite_packages(reader)
    if names is not None:
        return names
    rpm = module.get_bin_path("rpm") if module else None
    if not rpm:
        return []
    cmd = [rpm, "-qa", "--qf", "%{NAME}\\n"]
    if reader.root != "/":
        cmd += ["--root", reader.root]
    try:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              universal_newlines=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        reader.errors.append("rpm -qa: %s" % exc)
        return []
    if proc.returncode != 0:
        reader.errors.append("rpm -qa: exit %d: %s" % (proc.returncode, proc.stderr.strip()[:200]))
        return []
    return [n for n in proc.stdout.splitlines() if n]


def package_software(reader, packages, module):
    found = []
    if not packages:
        return found
    for name in sorted(set(dpkg_packages(reader) + rpm_packages(reader, module))):
        if _matches(name, packages):
            found.append({"kind": "package", "value": name})
    return found


def path_software(reader, paths):
    found = []
    for pattern in paths:
        for hit in sorted(glob.glob(reader.path(pattern))):
            if os.path.isdir(hit):
                shown = "/" + os.path.relpath(hit, reader.root).lstrip("/") if reader.root != "/" else hit
                found.append({"kind": "path", "value": shown})
    return found


def collect(root, processes=(), cmdlines=(), packages=(), paths=(), module=None):
    """Collect every fact under ``root``; missing files are gaps, not failures."""
    reader = Reader(root)
    facts = {"root": root, "dmi": dmi_facts(reader), "memory_mb": memory_mb(reader)}
    facts.update(cpuinfo_facts(reader))
    facts.update(os_facts(reader))
    facts["disks"] = disk_facts(reader)
    facts["nics"] = nic_facts(reader)
    software = process_software(reader, list(processes), list(cmdlines))
    software += package_software(reader, list(packages), module)
    software += path_software(reader, list(paths))
    facts["software"] = software
    facts["errors"] = reader.errors
    return facts


def main():
    from ansible.module_utils.basic import AnsibleModule
    from ansible.module_utils.govops_deadline import deadline

    module = AnsibleModule(
        argument_spec=dict(
            root=dict(type="path", default="/"),
            processes=dict(type="list", elements="str", default=[]),
            cmdline=dict(type="list", elements="str", default=[]),
            packages=dict(type="list", elements="str", default=[]),
            paths=dict(type="list", elements="str", default=[]),
            deadline=dict(type="int", default=0),
        ),
        supports_check_mode=True,
    )
    root = module.params["root"]
    if not os.path.isdir(root):
        module.fail_json(msg="root %s is not a directory" % root)
    with deadline(module, module.params["deadline"], "govops_facts"):
        facts = collect(root, module.params["processes"], module.params["cmdline"], module.params["packages"],
                        module.params["paths"], module)
    module.exit_json(changed=False, ansible_facts={"govops": facts})


if __name__ == "__main__":
    main()
