"""``timestudy taxonomy``: show a taxonomy, check a custom one and its examples."""

from __future__ import annotations

import argparse

from timestudy.categorise.taxonomy import DEFAULT_TAXONOMY, load_taxonomy, shipped_taxonomies
from timestudy.cli._commands import SUMMARY


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "taxonomy",
        help=SUMMARY["taxonomy"],
        description=(
            "Load a taxonomy, reporting every problem in it, and print its categories and "
            "task types. With --check, categorise every task type's examples by their text "
            "and exit 1 if any comes out wrong."
        ),
        epilog="exit status: 0 the taxonomy loads (and, with --check, every example comes out right); 1 an example comes out wrong; 2 the taxonomy cannot be loaded.",
    )
    p.add_argument(
        "taxonomy",
        nargs="?",
        default=DEFAULT_TAXONOMY,
        help=f"shipped name ({', '.join(shipped_taxonomies())}) or YAML file",
    )
    p.add_argument("--check", action="store_true", help="check the examples")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    tax = load_taxonomy(args.taxonomy)
    print(repr(tax))
    print(tax.summary().to_string())
    print()
    print(tax.to_frame().to_string())
    if not args.check:
        return 0
    checked = tax.check_examples()
    bad = checked[~checked["ok"]]
    tied = checked[checked["tied"] != ""]
    print(f"\nexamples: {len(checked)}, wrong: {len(bad)}, tied: {len(tied)}")
    for row in bad.itertuples():
        print(f"  WRONG {row.example!r}: expected {row.expected}, got {row.got} by {row.rule}")
    for row in tied.itertuples():
        print(f"  TIED  {row.example!r}: {row.got} tied with {row.tied}")
    return 1 if len(bad) else 0
