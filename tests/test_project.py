"""The project's own set-up: CI runs exactly the README's test command."""

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def test_ci_runs_exactly_the_readmes_test_command_which_installs_the_test_extra():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = [line for line in (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
          if line and not line.startswith(("#", "set ", "cd "))]
    assert len(ci) == 1 and ci[0] in readme.splitlines()
    assert 'pip install -e ".[test]"' in ci[0] and ci[0].endswith("python -m pytest")
