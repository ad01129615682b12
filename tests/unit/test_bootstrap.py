"""infra/bootstrap.sh, what `make run` and `make test` check first on a bare machine: as root it apt-installs
what is missing (one update, non-interactive), otherwise it stops at once with the one command to run; a
Node.js too old for the web app's build is named with the command that installs a current one. Run with a
PATH holding only fakes of id, apt-get, apt-cache, node and npm, so nothing is installed for real."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "infra" / "bootstrap.sh"
SH = shutil.which("sh") or "/bin/sh"
BOOKWORM_NODE = "18.20.4+dfsg-1~deb12u3"
TRIXIE_NODE = "20.19.2+dfsg-1"


def _script(path: Path, body: str) -> None:
    path.write_text("#!/bin/sh\n" + body)
    path.chmod(path.stat().st_mode | stat.S_IXUSR)


@dataclass
class Machine:
    """A fake machine: `bin` is the whole PATH; apt-get logs its calls and "installs" fakes."""

    bin: Path
    chromium: Path
    apt_log: Path
    python: str = sys.executable

    def add_node(self, version: str) -> None:
        _script(self.bin / "node", f'echo "v{version.split("+")[0]}"\n')

    def add_npm(self) -> None:
        _script(self.bin / "npm", "exit 0\n")

    def run(self, mode: str, *, root: bool) -> subprocess.CompletedProcess[str]:
        _script(self.bin / "id", f"echo {0 if root else 1000}\n")
        env = {"PATH": str(self.bin), "SOULSEER_CHROMIUM": str(self.chromium), "PYTHON": self.python}
        return subprocess.run([SH, str(SCRIPT), mode], capture_output=True, text=True, env=env, timeout=30)

    @property
    def apt_calls(self) -> list[str]:
        return self.apt_log.read_text().splitlines() if self.apt_log.exists() else []


@pytest.fixture
def machine(tmp_path: Path) -> Machine:
    fake = Machine(bin=tmp_path / "bin", chromium=tmp_path / "usr-bin-chromium", apt_log=tmp_path / "apt.log")
    fake.bin.mkdir()
    return fake


def with_apt(machine: Machine, candidate_node: str) -> None:
    """apt-cache offers `candidate_node`; apt-get install puts fakes of what it is asked for in place."""
    _script(
        machine.bin / "apt-cache",
        f'[ "$1 $2" = "policy nodejs" ] && printf "nodejs:\\n  Installed: (none)\\n  Candidate: {candidate_node}\\n"\n',
    )
    _script(
        machine.bin / "apt-get",
        f'echo "DEBIAN_FRONTEND=${{DEBIAN_FRONTEND:-}} apt-get $*" >> {machine.apt_log}\n'
        'for package in "$@"; do case $package in\n'
        f"  chromium) printf '#!/bin/sh\\n' > {machine.chromium}; /bin/chmod +x {machine.chromium} ;;\n"
        f"  nodejs) printf '#!/bin/sh\\necho v{candidate_node.split('+')[0]}\\n' > {machine.bin}/node;"
        f" /bin/chmod +x {machine.bin}/node ;;\n"
        f"  npm) printf '#!/bin/sh\\n' > {machine.bin}/npm; /bin/chmod +x {machine.bin}/npm ;;\n"
        "esac; done\n",
    )


def complete(machine: Machine) -> None:
    machine.add_node("20.20.2")
    machine.add_npm()
    _script(machine.chromium, "")


def last_line(done: subprocess.CompletedProcess[str]) -> str:
    return done.stderr.strip().splitlines()[-1]


def test_a_complete_machine_goes_on_silently(machine: Machine) -> None:
    with_apt(machine, TRIXIE_NODE)
    complete(machine)
    done = machine.run("test", root=True)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert machine.apt_calls == []


def test_without_chromium_a_user_is_told_the_one_command_and_nothing_runs(machine: Machine) -> None:
    with_apt(machine, TRIXIE_NODE)
    complete(machine)
    machine.chromium.unlink()
    done = machine.run("test", root=False)
    assert done.returncode == 1
    assert "lacks chromium" in done.stderr
    assert last_line(done) == (
        "bootstrap: run: (as root) apt-get update && "
        "DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium"
    )
    assert machine.apt_calls == []
    assert machine.run("run", root=False).returncode == 0  # `make run` needs no browser


def test_as_root_the_missing_packages_are_installed_with_one_update(machine: Machine) -> None:
    with_apt(machine, TRIXIE_NODE)
    done = machine.run("test", root=True)
    assert done.returncode == 0, done.stderr
    assert machine.apt_calls == [
        "DEBIAN_FRONTEND= apt-get update -q",
        "DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends chromium nodejs npm",
    ]
    assert machine.run("test", root=True).returncode == 0 and len(machine.apt_calls) == 2  # then nothing to do


def test_debian_12s_node_is_not_installed_the_current_one_is_named(machine: Machine) -> None:
    with_apt(machine, BOOKWORM_NODE)  # Debian 12's nodejs is 18: Vite 8 needs 20.19+
    done = machine.run("test", root=True)
    assert done.returncode == 1
    assert machine.apt_calls[-1].endswith("--no-install-recommends chromium")
    assert last_line(done) == (
        "bootstrap: run: (as root) "
        "curl -fsSL https://deb.nodesource.com/setup_22.x | bash - && apt-get install -y nodejs"
    )


def test_a_user_lacking_both_gets_one_command_for_both(machine: Machine) -> None:
    with_apt(machine, BOOKWORM_NODE)
    done = machine.run("test", root=False)
    assert done.returncode == 1 and machine.apt_calls == []
    command = last_line(done)
    assert "--no-install-recommends chromium && curl -fsSL https://deb.nodesource.com/setup_22.x" in command


def test_a_node_too_old_stops_with_the_command(machine: Machine) -> None:
    with_apt(machine, TRIXIE_NODE)
    complete(machine)
    machine.add_node("18.19.1")
    done = machine.run("run", root=False)
    assert done.returncode == 1
    assert "Node.js v18.19.1 is too old" in done.stderr
    assert "deb.nodesource.com/setup_22.x" in last_line(done)
    machine.add_node("22.12.0")
    assert machine.run("run", root=False).returncode == 0


def test_a_python_without_venv_gets_python3_venv(machine: Machine) -> None:
    """Debian's python3 has no ensurepip until python3-venv is installed: `python3 -m venv` would fail."""
    with_apt(machine, TRIXIE_NODE)
    complete(machine)
    python = machine.bin / "python3"
    _script(python, f'case "$*" in *ensurepip*) exit 1 ;; esac\nexec {sys.executable} "$@"\n')
    machine.python = str(python)
    assert "apt-get install -y --no-install-recommends python3-venv" in last_line(machine.run("run", root=False))
    assert machine.run("run", root=True).returncode == 0
    assert machine.apt_calls[-1].endswith("--no-install-recommends python3-venv")


@pytest.mark.parametrize(
    ("goal", "mode"),
    [("test", "test"), ("run", "run"), ("browser", "test"), ("e2e", "test"), ("unit", "run"), ("setup", "run")],
)
def test_make_checks_the_machine_before_anything_else(goal: str, mode: str) -> None:
    outer_make = ("MAKELEVEL", "MAKEFLAGS", "MFLAGS", "MAKEOVERRIDES")
    env = {key: value for key, value in os.environ.items() if key not in outer_make}
    done = subprocess.run(
        ["make", "--no-print-directory", "-n", goal], capture_output=True, text=True, cwd=ROOT, timeout=60, env=env
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0].endswith(f"sh infra/bootstrap.sh {mode}")


def test_ci_only_calls_make_test() -> None:
    lines = [line for line in (ROOT / ".ci" / "run").read_text().splitlines() if line and not line.startswith("#")]
    assert lines[-1] == "make test"
    assert not any("apt-get" in line or "npm" in line for line in lines)
