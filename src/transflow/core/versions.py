"""The installed versions of a few libraries, without importing them.

``importlib.metadata.version`` costs a command about 11 ms the first time (its import
pulls in ``email``, ``csv`` and ``zipfile``, and every lookup scans the path again),
which an export pays just to key its cache. A wheel installs its metadata in a folder
named ``<name>-<version>.dist-info`` (the binary distribution format: the name with
each run of ``-``, ``_`` and ``.`` written ``_``), so one listing of each folder on
``sys.path``, in the order ``importlib.metadata`` searches them, gives the version it
would read from that folder's ``METADATA``. Whatever is installed otherwise (an
``.egg-info``, a zipped path entry, an ``.egg``) is asked of ``importlib.metadata``
itself, for that entry and every one after it."""

from __future__ import annotations

import os
import re
import sys

_RUN = re.compile(r"[-_.]+")


def _normal(name: str) -> str:
    return _RUN.sub("_", name).lower()


def installed_versions(names: tuple[str, ...]) -> dict[str, str | None]:
    """``{name: version}`` of each distribution, as ``importlib.metadata.version`` says
    it (None when it is not installed)."""
    wanted = {_normal(name) for name in names}
    found: dict[str, str | None] = {}  # by normal name
    asked: set[str] = set()  # met first in a form only importlib.metadata reads
    for entry in sys.path:
        if len(found) + len(asked) == len(wanted):
            break
        if entry.endswith(".egg"):
            break  # an egg's EGG-INFO: this entry and those after it are left to metadata
        try:
            listing = os.listdir(entry or ".")
        except FileNotFoundError:  # not there: nothing to find in it
            continue
        except OSError:  # a zip file (a zipapp's own libraries)…: left to metadata
            break
        for item in listing:
            stem, dot, kind = item.rpartition(".")
            if not dot or kind not in ("dist-info", "egg-info"):
                continue
            dist, dash, version = stem.partition("-")
            name = _normal(dist)
            if name not in wanted or name in found or name in asked:
                continue
            if kind == "dist-info" and dash and version:
                found[name] = version
            else:
                asked.add(name)
    versions = {name: found.get(_normal(name), "") for name in names}
    for name, version in versions.items():
        if version == "":  # not found above: importlib.metadata says
            from importlib import metadata

            try:
                versions[name] = metadata.version(name)
            except metadata.PackageNotFoundError:
                versions[name] = None
    return versions
