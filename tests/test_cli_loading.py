"""A command loads its own module only: `plan` does not pay for the PDF documents' imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import commands

ROOT = Path(__file__).resolve().parent.parent


def test_the_table_names_every_command_with_the_module_that_adds_it() -> None:
    for module, names in commands.COMMANDS_OF_MODULE.items():
        for name in names:
            parser = commands.build_parser(name)
            added = set(parser._subparsers._group_actions[0].choices)  # type: ignore[union-attr]
            assert added == set(names), f"{name}: {module} adds {sorted(added)}"
    every = commands.build_parser()._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    assert set(every) == set(commands.MODULE_OF_COMMAND)


def test_an_unknown_command_is_refused_among_all_commands() -> None:
    code = commands.main(["--db", "x.db", "plna"], out=sys.stdout, err=sys.stderr)
    assert code == commands.EXIT_BAD_INPUT


def test_runs_loads_neither_the_documents_nor_the_street_map_import(tmp_path: Path) -> None:
    probe = (
        "import sys, main\n"
        f"main.run(['--db', {str(tmp_path / 'shop.db')!r}, 'runs'])\n"
        "print(sorted(m for m in ('commands.printing', 'store.documents', 'store.area_import',"
        " 'commands.day', 'commands.shop') if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert done.stdout.strip().splitlines()[-1] == "[]", done.stdout + done.stderr


def test_options_before_the_command_still_find_it() -> None:
    assert commands._command_word(["--db", "x.db", "--staff", "Ana", "plan", "--json"]) == "plan"
    assert commands._command_word(["plan", "--db", "x.db"]) == "plan"
    assert commands._command_word(["--help"]) is None
    assert commands._command_word(["--db"]) is None  # the whole parser then says what is wrong
