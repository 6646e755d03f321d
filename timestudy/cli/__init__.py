"""The ``timestudy`` command line: a thin layer over the public API.

Each subcommand lives in its own module in this package and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a function
taking the parsed arguments and returning an exit code. User errors
(:class:`~timestudy.errors.TimestudyError`) become a one-line message on
standard error and exit code 2, never a traceback; so does anything unexpected (an
internal error, reported as such; ``TIMESTUDY_DEBUG=1`` shows its traceback). Every
command writes its outputs through :mod:`timestudy._lib.atomic`, so exit code 2 means
nothing was written.
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import sys
from collections.abc import Sequence

from timestudy import __version__
from timestudy._lib.atomic import forget_inputs, output_lock
from timestudy._lib.memory import tune_memory
from timestudy.errors import TimestudyError


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every subcommand found in this package."""
    parser = argparse.ArgumentParser(
        prog="timestudy",
        description="Time-and-motion studies of caseworkers: from time diaries to a time guide.",
    )
    parser.add_argument("--version", action="version", version=f"timestudy {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        module.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Run as the program (``argv`` not given, as the ``timestudy`` command and ``python -m
    timestudy`` do), the process is short-lived and memory is tuned for big arrays (see
    :mod:`timestudy._lib.memory`); called with ``argv`` from Python, nothing global changes.
    """
    if argv is None:
        tune_memory()
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    forget_inputs()  # each command guards its own inputs
    try:
        out = getattr(args, "out", None)
        if isinstance(out, str | os.PathLike) and str(out):
            with output_lock(out):  # one run at a time into one --out, from the start
                return int(args.func(args) or 0)
        return int(args.func(args) or 0)
    except TimestudyError as exc:
        print(f"timestudy {args.command}: error: {exc}", file=sys.stderr)
        return 2
    except FileNotFoundError as exc:
        print(f"timestudy {args.command}: error: file not found: {exc.filename}", file=sys.stderr)
        return 2
    except OSError as exc:
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"timestudy {args.command}: error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # never a traceback: one line, and nothing was written
        if os.environ.get("TIMESTUDY_DEBUG"):
            raise
        text = " ".join(str(exc).split())[:300]
        print(
            f"timestudy {args.command}: error: internal error ({type(exc).__name__}: {text}); "
            "nothing was written; please report this (TIMESTUDY_DEBUG=1 shows the traceback)",
            file=sys.stderr,
        )
        return 2


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
