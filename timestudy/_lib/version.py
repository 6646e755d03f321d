"""The installed version of timestudy, for provenance in every output."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("timestudy")
except PackageNotFoundError:  # pragma: no cover - running from a source tree
    __version__ = "0.0.0"
