"""The README's two commands are the ones CI and users run."""

import re

from conftest import REPO


def _commands():
    text = (REPO / "README.md").read_text()
    return re.findall(r"```bash\n(python3 -m venv[^\n]+)\n```", text)


def test_readme_has_the_two_commands():
    cmds = _commands()
    assert any(c.endswith("osteon demo") for c in cmds), cmds
    assert any(c.endswith("python -m pytest") for c in cmds), cmds


def test_ci_runs_the_readme_test_command_verbatim():
    test_cmd = next(c for c in _commands() if c.endswith("python -m pytest"))
    assert test_cmd in (REPO / ".ci" / "run").read_text().splitlines()
