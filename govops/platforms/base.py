"""The shape of a platform record: one CLI dialect, described as data.

A platform is a CLI dialect, not a vendor: an H3C switch speaks ``hp_comware``.
Each ``platforms/<name>.py`` declares one ``Platform``; the registry in
``platforms/registry.py`` lists them explicitly. Nothing here does I/O.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from govops.errors import CatalogError

Fact = Literal["version", "serial", "interfaces", "lldp", "power", "config"]
FACTS: tuple[Fact, ...] = ("version", "serial", "interfaces", "lldp", "power", "config")


@dataclass(frozen=True)
class Variant:
    """An OS generation within a platform (VRP5, VRP8, YunShan), told apart by version output.

    Attributes:
        name: Short name used in command conditions (``vrp5``).
        pattern: Regex searched in the ``display version``/``show version`` output.
        priority: Higher wins when several variants match.
    """

    name: str
    pattern: str
    priority: int = 50


@dataclass(frozen=True)
class FactCommand:
    """How one fact is read on this platform.

    Attributes:
        fact: Which fact the command yields.
        command: The CLI command, written out in full.
        variants: OS variants the command applies to; empty means every variant.
        fields: Normalised field name -> parser field (UPPER_SNAKE, as TextFSM emits).
        raw: True when the output is kept as text (running configuration), not parsed.
        stated: Normalised field -> regex (group ``value``) matched on each line of the output, read where the
            template leaves the field empty: the value the most lines state (``facts.stated_in``).
    """

    fact: Fact
    command: str
    variants: tuple[str, ...] = ()
    fields: Mapping[str, str] = field(default_factory=dict)
    raw: bool = False
    stated: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class VersionForm:
    """The one form of a platform's OS version figure, whichever surface read it (its CLI's version command or its
    SNMP agent): the inventory, reconcile and the reports then compare one string per device and release.

    Attributes:
        forms: (regex, format) pairs: the first regex that matches a version as a surface states it, whole, gives
            its named groups (the parts), and the format (``str.format``) writes the figure from them.

    A version no regex matches whole is kept as stated: the form is the frame around parts the surface states,
    never a guess at parts it did not. The regexes are compiled once, as the platform's record loads; one that does
    not compile is refused there (``CatalogError``, the registry adds the platform's folder), not at the first device.

    >>> vrp = VersionForm(((r"(?P<ver>\\d+\\.\\d+) \\((?:\\S+ )*(?P<rel>V\\w+)\\)", "{ver} ({rel})"),))
    >>> vrp.apply("5.170 (S5720 V200R019C10SPC500)"), vrp.apply("5.170 (V200R019C10SPC500)"), vrp.apply("8.190")
    ('5.170 (V200R019C10SPC500)', '5.170 (V200R019C10SPC500)', '8.190')
    """

    forms: tuple[tuple[str, str], ...]
    patterns: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        compiled = []
        for i, (pattern, _) in enumerate(self.forms, 1):
            try:
                compiled.append(re.compile(pattern))
            except re.error as exc:
                raise CatalogError(f"version_form #{i}: bad regex {pattern!r}: {exc}") from exc
        object.__setattr__(self, "patterns", tuple(compiled))  # frozen: set once, here

    def apply(self, version: str | None) -> str | None:
        """``version`` in this form; as given where no regex matches it whole (or it is None or blank)."""
        formed = self.fit(version)
        return version if formed is None else formed

    def fit(self, version: str | None) -> str | None:
        """``version`` in this form; None where no regex matches it whole."""
        text = (version or "").strip()
        for pattern, (_, form) in zip(self.patterns, self.forms, strict=True):
            m = pattern.fullmatch(text)
            if m:
                return form.format(**{k: v or "" for k, v in m.groupdict().items()})
        return None


@dataclass(frozen=True)
class DetectRule:
    """One autodetection rule, as in Netmiko's ``SSH_MAPPER_DICT``: a regex on a command's output."""

    command: str
    pattern: str
    priority: int = 50


@dataclass(frozen=True)
class Platform:
    """Everything govops knows about one CLI dialect.

    Attributes:
        name: Normalised platform name (netutils style ``vendor_os``).
        vendor: Default vendor name for the catalogue when output names none.
        netmiko_device_type: Netmiko's ``device_type`` used to open the session.
        ntc_platform: ntc-templates platform used for parsing (may differ from Netmiko's name).
        session_commands: Commands the session runs before anything else (paging, width).
        paging_disable: The command that disables paging (also in ``session_commands``).
        prompt_pattern: Regex matching the prompt (user view and privileged/system view).
        error_patterns: Regexes that mark a rejected command in output.
        more_pattern: Regex of the pager marker shown when paging is on.
        commands: Commands per fact, with variant conditions.
        variants: OS generations within the platform.
        templates: Command -> govops' own TextFSM templates, tried before ntc-templates.
        fallback_templates: Command -> own lenient templates tried only when ntc-templates fails.
        detect: Autodetection rules.
        error_text: What the device prints for an unknown command (used by the simulator).
        prompt_template: How the simulator draws the prompt from a hostname (``<{host}>``).
        session_replies: What the device answers to a session command (Junos confirms each).
        log_patterns: Regexes of asynchronous log lines the device writes into command output.
        ansible_network_os: Ansible's ``ansible_network_os`` for the dialect (a collection's
            cliconf plugin), or None when no Ansible collection speaks it.
        version_form: The one form of the OS version figure, applied to what the CLI's version command (with the
            image it names, if any) and the platform's SNMP rows read (``os_version``); None where both surfaces
            state it alike.
    """

    name: str
    vendor: str
    netmiko_device_type: str
    ntc_platform: str
    session_commands: tuple[str, ...]
    paging_disable: str
    prompt_pattern: str
    error_patterns: tuple[str, ...]
    more_pattern: str
    commands: tuple[FactCommand, ...]
    variants: tuple[Variant, ...] = ()
    templates: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    fallback_templates: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    detect: tuple[DetectRule, ...] = ()
    error_text: str = "% Invalid input detected at '^' marker."
    prompt_template: str = "{host}#"
    session_replies: Mapping[str, str] = field(default_factory=dict)
    log_patterns: tuple[str, ...] = ()
    ansible_network_os: str | None = None
    version_form: VersionForm | None = None

    def os_version(self, version: str | None, image: str | None = None) -> str | None:
        """``version``, as a surface read it, in the platform's one form (``version_form``), else as given.

        ``image`` is the software image the CLI's version command names beside the number (IOS's 'CAT9K_IOSXE'):
        the form reads '<image> <version>', the shape the SNMP rows state it in, and a form that does not fit it
        keeps the version as stated.
        """
        if not self.version_form:
            return version
        if image and version:
            return self.version_form.fit(f"{image} {version}") or version
        return self.version_form.apply(version)

    def commands_for(self, fact: Fact, variant: str | None) -> tuple[FactCommand, ...]:
        """Return the commands that read ``fact`` on ``variant`` (all when the variant is unknown).

        Args:
            fact: The fact wanted.
            variant: The detected OS variant, or None.

        Returns:
            Matching commands in declaration order (the first that works wins).
        """
        return tuple(
            c for c in self.commands if c.fact == fact and (not c.variants or variant is None or variant in c.variants)
        )

    def reads(self, fact: Fact, variant: str | None) -> bool:
        """Whether any command reads ``fact`` on ``variant``: a fact none reads (ZXROS's LLDP neighbours) is not
        known, which is not the same as read and empty."""
        return bool(self.commands_for(fact, variant))

    def version_command(self) -> str:
        """Return the command that shows the software version (first ``version`` command)."""
        return next(c.command for c in self.commands if c.fact == "version")
