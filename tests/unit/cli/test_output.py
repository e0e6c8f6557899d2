"""Tables on a narrow terminal: every value shown whole, wrapped rather than cut."""

from __future__ import annotations

import ast
import io
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest
from rich.console import Console

from govops.cli import output


def test_a_long_identifier_is_folded_not_cut(monkeypatch: pytest.MonkeyPatch) -> None:
    # A rule id or a Chinese system name is what the reader acts on: `cisco_ios.snmp_def…` named no rule.
    narrow = Console(width=40, file=io.StringIO(), color_system=None)
    monkeypatch.setattr(output, "console", narrow)
    rule, name = "cisco_ios.snmp_default_community", "白沙县卫生健康局视频会议系统"
    output.print_table([{"severity": "critical", "rule": rule, "subject": name}], ["severity", "rule", "subject"])
    text = narrow.file.getvalue()  # type: ignore[attr-defined]
    assert "…" not in text
    cells = ["".join(line.split("│")[i].strip() for line in text.splitlines() if line.count("│") == 4)
             for i in (2, 3)]
    assert cells == [rule, name]


CLI = Path(output.__file__).parent
# Tables whose columns are not the command's own words: a TextFSM template's fields (`parse`), and `inventory list`'s
# inventory fields (checked below with the vocabulary's headers). Skipped only where the name is not a literal list.
NOT_LITERAL = {("parse.py", "columns"), ("inventory.py", "cols")}


def _own(scope: ast.AST) -> Iterator[ast.AST]:
    """The nodes of a module or function in source order, outside the functions it defines (whose names are theirs)."""
    for node in ast.iter_child_nodes(scope):
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield from _own(node)


def _assigned(nodes: Iterable[ast.AST]) -> dict[str, ast.expr]:
    return {t.id: n.value for n in nodes if isinstance(n, ast.Assign) for t in n.targets if isinstance(t, ast.Name)}


def _tables() -> list[tuple[str, list[str], dict[str, str]]]:
    """Every `print_table` call of the command line: its file, its columns and its own labels (literals, or a name
    its function or module assigns a literal)."""
    found = []
    for path in sorted(CLI.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        module = _assigned(_own(tree))
        for scope in [tree, *(n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)))]:
            nodes = list(_own(scope))
            names = module if scope is tree else {**module, **_assigned(nodes)}
            for call in nodes:
                if not (isinstance(call, ast.Call) and getattr(call.func, "id", None) == "print_table"):
                    continue
                arg = call.args[1]
                cols = names.get(arg.id, arg) if isinstance(arg, ast.Name) else arg
                if not isinstance(cols, ast.List) and isinstance(arg, ast.Name) and (path.name, arg.id) in NOT_LITERAL:
                    continue
                assert isinstance(cols, ast.List), f"{path.name}:{call.lineno}: columns not a list this test reads"
                given = next((k.value for k in call.keywords if k.arg == "labels"), None)
                given = names.get(given.id, given) if isinstance(given, ast.Name) else given
                labels: dict[str, str] = ast.literal_eval(given) if given is not None else {}
                found.append((f"{path.name}:{call.lineno}", [ast.literal_eval(c) for c in cols.elts], labels))
    return found


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text) or text in {"PUE", "CPU"}


def test_every_table_of_the_command_line_is_headed_in_chinese_then_the_column() -> None:
    """One style everywhere (`类型 kind`): a table whose column has no Chinese label shows the bare name."""
    tables = _tables()
    assert len(tables) >= 20  # the scan found the tables
    for place, columns, labels in tables:
        for column, header in output.field_headers(columns, labels).items():
            assert _chinese(header) and (header.endswith(f" {column}") or header in {"PUE", "CPU"}), (place, header)


def test_inventory_list_headers_are_the_vocabulary_s() -> None:
    from govops.cli.inventory import LIST_COLUMNS

    for kind, columns in LIST_COLUMNS.items():
        for column, header in output.field_headers(columns).items():
            assert _chinese(header) and header.endswith(f" {column}"), (kind, header)


def test_print_table_heads_every_column_in_the_one_style(monkeypatch: pytest.MonkeyPatch) -> None:
    wide = Console(width=200, file=io.StringIO(), color_system=None)
    monkeypatch.setattr(output, "console", wide)
    output.print_table([{"host": "h1", "status": "ok", "pue": 1.5}], ["host", "status", "pue"],
                       labels={"status": "结果"})
    head = next(line for line in wide.file.getvalue().splitlines() if "host" in line)  # type: ignore[attr-defined]
    assert [cell.strip() for cell in head.strip("┃").split("┃")] == ["主机 host", "结果 status", "PUE"]


def test_a_kept_column_is_hidden_last_on_a_narrow_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    """The rightmost columns go first, except those a table keeps (`discover snmp`'s verdict, rightmost)."""
    terminal = Console(width=60, file=io.StringIO(), color_system=None, force_terminal=True)
    monkeypatch.setattr(output, "console", terminal)
    row = {"target": "192.0.2.7:161", "serial": "SN-0123456789", "model": "Model-0123456789", "domestic": "domestic"}
    output.print_table([row], list(row), keep=["domestic"])
    text = terminal.file.getvalue()  # type: ignore[attr-defined]
    head = next(line for line in text.splitlines() if "target" in line)
    assert [cell.strip() for cell in head.strip("┃").split("┃")] == ["目标 target", "序列号 serial", "国产化 domestic"]
    assert "hidden to fit 60 columns (1): 型号 model;" in text
