"""Command line: ``python -m analysis COMMAND …``.

Commands
--------
clean PATH [--report]                  cleaned report, one paragraph per line (or the cleaning report)
structure PATH [--format text|json]    title and heading tree
build                                  rebuild data/processed/ from data/raw/

Bad input prints one line, ``error: <file>: <problem>``, to stderr and exits with status 2.
"""

from __future__ import annotations

import argparse
import json
import sys

from .errors import InputError


def _doc(path: str):
    from .pipeline import process_file

    return process_file(path)


def cmd_clean(args) -> str:
    doc = _doc(args.path)
    if not args.report:
        return doc.text + "\n"
    from .report import format_cleaning_report

    return format_cleaning_report(doc)


def cmd_structure(args) -> str:
    from .report import structure_dict, format_structure

    doc = _doc(args.path)
    if args.format == "json":
        return json.dumps(structure_dict(doc), ensure_ascii=False, indent=2) + "\n"
    return format_structure(doc)


def cmd_build(args) -> str:
    from .build import build

    written = build()
    return f"built {len(written)} documents into data/processed/\n"


def make_parser() -> argparse.ArgumentParser:
    """The argument parser (exposed for documentation and tests)."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("clean", help="print the cleaned report, one paragraph per line")
    p.add_argument("path")
    p.add_argument("--report", action="store_true", help="print the cleaning report instead")
    p.set_defaults(func=cmd_clean)
    p = sub.add_parser("structure", help="print title and heading tree")
    p.add_argument("path")
    p.add_argument("--format", choices=["text", "json"], default="text")
    p.set_defaults(func=cmd_structure)
    p = sub.add_parser("build", help="rebuild data/processed/ from data/raw/")
    p.set_defaults(func=cmd_build)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the CLI; return the exit status (0 ok, 2 bad input)."""
    args = make_parser().parse_args(argv)
    try:
        out = args.func(args)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    sys.stdout.write(out)
    return 0
