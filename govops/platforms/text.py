"""Clean device output before parsing: encodings, pager marks, escape codes, echoed prompts.

Every function is pure; the SSH collector and ``govops parse`` share them so a
capture pasted by a field engineer parses like output read live.
"""

from __future__ import annotations

import re

from govops.platforms.base import Platform

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
# Huawei and H3C redraw the line after "---- More ----" with backspaces or ESC[nD.
_BACKSPACES = re.compile(r"[\x08]+")


def decode_output(data: bytes) -> str:
    """Decode device output: UTF-8 when valid, else GB18030 (a superset of GBK/GB2312).

    Chinese-language firmware (descriptions, sysname, banners) often answers in GBK.

    >>> decode_output("机房".encode("gbk"))
    '机房'
    """
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def clean_output(platform: Platform, text: str, command: str | None = None) -> str:
    """Remove pager marks, escape codes, CRs, async log lines, the echoed command and trailing prompt.

    Args:
        platform: Platform whose pager and prompt patterns apply.
        text: Output as read from the device or from a capture file.
        command: The command, so a leading ``<prompt>command`` echo line can be dropped.

    Returns:
        The output as the device meant it, lines joined with ``\\n``.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    # The pager marker is erased with "ESC[nD, spaces, ESC[nD" before the next page is drawn:
    # remove marker and erasure together so the next line keeps its own indentation.
    more = re.compile(f"[ ]*(?:{platform.more_pattern})(?:\x1b\\[\\d+D[ ]*\x1b\\[\\d+D|[ ]*\x1b\\[\\d+D)?")
    text = _ANSI.sub("", more.sub("\x00", text))
    text = _BACKSPACES.sub("", text)
    prompt = re.compile(platform.prompt_pattern)
    logs = [re.compile(p) for p in platform.log_patterns]
    lines = []
    for raw_line in text.split("\n"):
        if any(p.match(raw_line) for p in logs):
            continue
        line = raw_line.replace("\x00", "")
        if line is not raw_line and "\x00" in raw_line and not line.strip():
            continue
        lines.append(line)
    # A capture usually starts with "<sysname>display version" and ends with "<sysname>".
    while lines and not lines[0].strip():
        lines.pop(0)
    if lines and command and lines[0].strip().endswith(command) and _is_prompt_echo(prompt, lines[0], command):
        lines.pop(0)
    while lines and (not lines[-1].strip() or prompt.match(lines[-1].strip())):
        lines.pop()
    return "\n".join(lines) + ("\n" if lines else "")


def _is_prompt_echo(prompt: re.Pattern[str], line: str, command: str) -> bool:
    head = line.strip()[: -len(command)].strip()
    return head == "" or bool(prompt.match(head))


def is_rejected(platform: Platform, text: str) -> str | None:
    """Return the device's error line when the output says the command was rejected.

    Only the first lines are checked: a rejection is the whole answer, while a long
    configuration may legitimately contain the word "Error" in a description.
    """
    for line in text.splitlines()[:4]:
        for pattern in platform.error_patterns:
            if re.search(pattern, line):
                return line.strip()
    return None
