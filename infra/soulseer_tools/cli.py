"""The `soulseer` command: operator tools and the local cloud. Each command module registers itself."""

from __future__ import annotations

import argparse
import sys

from soulseer_tools import dev_cli, ops_cli
from soulseer_tools.deploy import commands as deploy_commands

# Modules with `register(subparsers)`; add new command groups (audit, admin, ...) here.
COMMAND_MODULES = (dev_cli, ops_cli, deploy_commands)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="soulseer", description="SoulSeer operator and developer tools.")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in COMMAND_MODULES:
        module.register(commands)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
