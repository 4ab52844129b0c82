"""The libraries Chatterdesk ships with, their versions and licenses, for the About dialog.

Read from the installed packages' metadata (importlib.metadata), following Chatterdesk's own
requirements, so the list follows what is really installed and never goes stale. A frozen bundle
may lack some metadata: a short table of the direct dependencies' known licenses fills the gaps,
and their version then reads "bundled". Qt-free: the Qt version is passed in by the caller.
"""

from __future__ import annotations

import platform
import re
import sys
from dataclasses import dataclass
from importlib import metadata

from .i18n import QT_TRANSLATE_NOOP

DIST_NAME = "chatterdesk"
DISPLAY = {"pyside6-essentials": "PySide6"}  # names as people know them

# Direct dependencies and what they are licensed under, for when the metadata is missing or
# says nothing usable. PySide6 is also offered under the GPL; Chatterdesk uses it under the LGPL.
KNOWN: dict[str, str] = {
    "PySide6-Essentials": "LGPL-3.0-only",
    "shiboken6": "LGPL-3.0-only",
    "qasync": "BSD-2-Clause",
    "httpx": "BSD-3-Clause",
    "httpcore": "BSD-3-Clause",
    "platformdirs": "MIT",
    "markdown-it-py": "MIT",
    "pygments": "BSD-2-Clause",
    "keyring": "MIT",
    "sounddevice": "MIT",
    "soundfile": "BSD-3-Clause",
    "numpy": "BSD-3-Clause",
    "av": "BSD-3-Clause",
    "bpe-openai": "MIT",
}
# Shown first, in this order; the rest (their dependencies) follow alphabetically.
MAIN = tuple(KNOWN)
# Where a package's metadata offers a choice, the one Chatterdesk uses.
CHOSEN = {"PySide6-Essentials": "LGPL-3.0-only", "shiboken6": "LGPL-3.0-only"}
# Native libraries inside the Python packages, with the package that carries them.
NATIVE: tuple[tuple[str, str, str], ...] = (
    ("libsndfile", "soundfile", "LGPL-2.1-or-later"),
    ("FFmpeg", "av", "LGPL-3.0-or-later"),
    ("PortAudio", "sounddevice", "MIT"),
)

_CLASSIFIER = {
    "MIT License": "MIT",
    "BSD License": "BSD",
    "Apache Software License": "Apache-2.0",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "Python Software Foundation License": "PSF-2.0",
    "ISC License (ISCL)": "ISC",
}
_REQ_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Library:
    name: str
    version: str  # "bundled" when the bundle carries no metadata for it
    license: str
    note: str = ""  # what it is part of, or why this license


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _field(meta: metadata.PackageMetadata, key: str) -> str:
    values = meta.get_all(key)
    return str(values[0]) if values else ""


def license_of(meta: metadata.PackageMetadata) -> str:
    """The license a package declares: its SPDX expression, a short License field, or the
    classifiers; empty when it says nothing usable (a whole license text is not a name)."""
    expr = (_field(meta, "License-Expression") or "").strip()
    if expr:
        return expr
    text = (_field(meta, "License") or "").strip()
    if text and "\n" not in text and len(text) <= 80 and text.upper() != "UNKNOWN":
        return text
    found = []
    for c in meta.get_all("Classifier") or []:
        if c.startswith("License :: OSI Approved :: "):
            tail = c.removeprefix("License :: OSI Approved :: ")
            found.append(_CLASSIFIER.get(tail, tail))
    return " OR ".join(found)


def _requirements(dist: str) -> list[str]:
    """The names this distribution needs on this platform (extras left out)."""
    try:
        reqs = metadata.requires(dist) or []
    except metadata.PackageNotFoundError:
        return []
    out = []
    for r in reqs:
        name_part, _, marker = r.partition(";")
        if marker and not _marker_holds(marker):
            continue
        m = _REQ_NAME.match(name_part)
        if m:
            out.append(m.group(1))
    return out


def _marker_holds(marker: str) -> bool:
    """Whether an environment marker holds here; extras never do (they are optional)."""
    if "extra" in marker:
        return False
    try:
        from packaging.markers import Marker
    except ImportError:  # without packaging: keep it, a longer list is the safe side
        return True
    try:
        return bool(Marker(marker.strip()).evaluate())
    except Exception:
        return True


def _installed(name: str) -> tuple[str, str] | None:
    """(version, license) of an installed distribution, or None."""
    try:
        meta = metadata.metadata(name)
    except metadata.PackageNotFoundError:
        return None
    return _field(meta, "Version") or "", license_of(meta)


def _display_name(name: str) -> str:
    if _norm(name) in DISPLAY:
        return DISPLAY[_norm(name)]
    try:
        return _field(metadata.metadata(name), "Name") or name
    except metadata.PackageNotFoundError:
        return name


def python_packages() -> list[Library]:
    """Chatterdesk's dependencies and theirs, main ones first."""
    seen: dict[str, str] = {}  # normalized -> name as written
    queue = [*MAIN, *_requirements(DIST_NAME)]
    while queue:
        name = queue.pop(0)
        key = _norm(name)
        if key in seen or key == DIST_NAME:
            continue
        seen[key] = name
        queue.extend(_requirements(name))
    main_keys = [_norm(n) for n in MAIN]
    rest = sorted((k for k in seen if k not in main_keys), key=str.lower)
    out: list[Library] = []
    for key in [*main_keys, *rest]:
        name = seen[key]
        known = next((v for n, v in KNOWN.items() if _norm(n) == key), "")
        found = _installed(name)
        if found is None:
            if not known:
                continue  # a dependency's optional part that is not here
            out.append(Library(name, QT_TRANSLATE_NOOP("Licenses", "bundled"), known))
            continue
        version, lic = found
        chosen = next((v for n, v in CHOSEN.items() if _norm(n) == key), "")
        note = ""
        if chosen and chosen != lic:
            note = QT_TRANSLATE_NOOP("Licenses", "offered as {0}").format(lic) if lic else ""
            lic = chosen
        shown = lic or known or QT_TRANSLATE_NOOP("Licenses", "see the package")
        out.append(Library(_display_name(name), version, shown, note))
    return out


def libraries(qt_version: str | None = None) -> list[Library]:
    """Everything for the About dialog's table: Python, Qt, the packages, native libraries."""
    py = Library("Python", platform.python_version(), "PSF-2.0", platform.python_implementation())
    out = [py]
    if qt_version:
        through = QT_TRANSLATE_NOOP("Licenses", "through PySide6")
        out.append(Library("Qt", qt_version, "LGPL-3.0-only", through))
    packages = python_packages()
    out.extend(packages)
    present = {_norm(p.name) for p in packages}
    for name, carrier, lic in NATIVE:
        if _norm(carrier) in present:
            used_by = QT_TRANSLATE_NOOP("Licenses", "used by {0}").format(carrier)
            out.append(Library(name, "", lic, used_by))
    return out


def platform_text() -> str:
    """One line for reports: the OS, its version and the machine."""
    return f"{platform.system()} {platform.release()} ({platform.machine()}), {sys.platform}"
