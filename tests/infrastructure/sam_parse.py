"""Parses `sam` command lines (shell-quoted, one per line, on stdin) with SAM CLI's own click commands, the
way `sam` would before running them, and prints each one's parsed parameters as a JSON line.

Runs in .venv-sam, where aws-sam-cli lives: `python sam_parse.py < commands.txt` (from the project root)."""

from __future__ import annotations

import json
import shlex
import sys

import click
from samcli.commands.build.command import cli as build
from samcli.commands.delete.command import cli as delete
from samcli.commands.deploy.command import cli as deploy

COMMANDS = {"build": build, "deploy": deploy, "delete": delete}


def main() -> int:
    failed = 0
    for line in sys.stdin:
        if not line.strip() or line.startswith("#"):
            continue
        args = shlex.split(line)
        name = args[1]
        try:
            context = COMMANDS[name].make_context(name, args[2:])  # info_name: samconfig.toml's section
        except click.ClickException as error:
            failed += 1
            print(json.dumps({"command": name, "error": error.format_message()}))
            continue
        print(json.dumps({"command": name, "params": context.params}, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
