"""The layers, as import-linter checks them on the whole import graph (indirect imports too):
ui/ and commands/ above store/ above routing/ and labels/, no Qt below ui/, no SQL in routing/
or labels/. The contracts live in pyproject.toml ([tool.importlinter]); this runs them as part
of the suite, so the README's test command checks the layers exactly as CI does."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# In its own process: import-linter's command line reconfigures logging (dictConfig), which
# would switch off the loggers of the modules this test process has already imported.
LINT = (
    "import sys; from importlinter.cli import lint_imports; "
    "sys.exit(lint_imports(config_filename='pyproject.toml', no_cache=True, no_logo=True))"
)


def test_import_contracts_are_kept() -> None:
    """Every contract in pyproject.toml holds (the report names a broken one's import chain)."""
    done = subprocess.run(
        [sys.executable, "-c", LINT], cwd=ROOT, capture_output=True, text=True, check=False
    )
    report = done.stdout + done.stderr
    assert done.returncode == 0, report
    assert "3 kept, 0 broken" in report
