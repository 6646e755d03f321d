"""The ``timestudy`` command line: a thin layer over the public API.

Each subcommand lives in its own module in this package and exposes
``register(subparsers)``, which adds its parser and sets ``func`` to a function
taking the parsed arguments and returning an exit code. Only the module of the command
being run is imported (``timestudy --help`` imports none: see :mod:`timestudy.cli._commands`). User errors
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
import sys
import warnings
from collections.abc import Sequence

from timestudy._lib.atomic import forget_inputs, output_lock
from timestudy.cli._commands import SUMMARY
from timestudy.errors import TimestudyError, TimestudyWarning

_ALL = object()


class _Version(argparse.Action):
    """``--version``: the installed version, read only when asked for (``importlib.metadata``
    is most of the cost of ``import timestudy``)."""

    def __call__(self, parser, namespace, values, option_string=None):
        from timestudy._lib.version import __version__

        print(f"timestudy {__version__}")  # on standard output, as argparse's own action
        parser.exit()


def build_parser(command: str | None | object = _ALL) -> argparse.ArgumentParser:
    """Build the argument parser: every command with its options, or only ``command``'s.

    Parameters
    ----------
    command : str or None, optional
        The command whose options are needed: only its module is imported, and the
        others are listed by their one-line help. None imports no command module
        (enough for ``timestudy --help``). By default every command is complete.

    Examples
    --------
    >>> p = build_parser(None)
    >>> sorted(p._subparsers._group_actions[0].choices)[:3]
    ['agreement', 'categorise', 'demo']
    """
    parser = argparse.ArgumentParser(
        prog="timestudy",
        description="Time-and-motion studies of caseworkers: from time diaries to a time guide.",
    )
    parser.add_argument("--version", action=_Version, nargs=0,
                        help="show the version number and exit")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, summary in SUMMARY.items():
        if command is _ALL or name == command:
            importlib.import_module(f"{__name__}.{name}").register(sub)
        else:
            sub.add_parser(name, help=summary)
    return parser


def _without_unused_format_grammars() -> None:
    """Keep ``import jsonschema`` from building grammars the command never uses.

    Where the optional ``rfc3987_syntax`` is installed, jsonschema imports it to check the
    ``iri`` string format, and it builds 38 parsers as it is imported: about 1.7 s of
    processor time, more than everything else the guide imports. No timestudy schema
    checks string formats (no ``format_checker``), so in the short-lived ``timestudy``
    process only, the module is marked as absent, which jsonschema handles as not
    installed. A notebook calling the library is left alone.
    """
    sys.modules.setdefault("rfc3987_syntax", None)


def _command_of(argv: Sequence[str]) -> str | None:
    """The command named in ``argv`` (the first word that is not an option), or None."""
    word = next((a for a in argv if not a.startswith("-")), None)
    return word if word in SUMMARY else None


def _one_line(command: str):
    """A ``warnings.showwarning`` for a command: ``timestudy CMD: warning: ...`` on one line,
    with no file, line number or source line (the library's warnings say what to do; another
    library's name their kind).

    Examples
    --------
    >>> import io, contextlib
    >>> err = io.StringIO()
    >>> with contextlib.redirect_stderr(err):
    ...     _one_line("workload")("W099 is not in the\\n workers table", TimestudyWarning, "x.py", 3)
    >>> err.getvalue()
    'timestudy workload: warning: W099 is not in the workers table\\n'
    """

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        kind = "" if issubclass(category, TimestudyWarning) else f"{category.__name__}: "
        print(f"timestudy {command}: warning: {kind}{' '.join(str(message).split())}",
              file=sys.stderr)

    return show


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit code.

    Run as the program (``argv`` not given, as the ``timestudy`` command and ``python -m
    timestudy`` do), the process is short-lived and memory is tuned for big arrays (see
    :mod:`timestudy._lib.memory`); called with ``argv`` from Python, nothing global changes.
    """
    parser = build_parser(_command_of(sys.argv[1:] if argv is None else argv))
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 0
    if argv is None:  # a command to run (not --help): tuned before it makes big arrays
        from timestudy._lib.memory import tune_memory

        tune_memory()
        _without_unused_format_grammars()
        # the commands draw only into files: matplotlib's file backend, named so that the
        # first boxplot does not import pyplot to look for a screen (30-40 ms, perf31f)
        os.environ.setdefault("MPLBACKEND", "Agg")
    forget_inputs()  # each command guards its own inputs
    try:
        with warnings.catch_warnings():  # run as the program, a warning no command shows
            if argv is None:  # itself is one line too (called from Python: Python's own)
                warnings.showwarning = _one_line(args.command)
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
