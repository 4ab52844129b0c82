"""The About dialog's library table: read from the installed metadata, with known licenses
filling in where a bundle carries none."""

from __future__ import annotations

import email.message
from importlib import metadata
from typing import Any

import pytest

from app.core import licenses
from app.core.licenses import Library, libraries, license_of

REQUIRED = {
    "PySide6": "LGPL-3.0-only",
    "httpx": "BSD-3-Clause",
    "qasync": "BSD-2-Clause",
    "markdown-it-py": "MIT",
    "Pygments": "BSD-2-Clause",
    "keyring": "MIT",
    "sounddevice": "MIT",
    "soundfile": "BSD",
    "numpy": "BSD-3-Clause",
    "av": "BSD-3-Clause",
    "platformdirs": "MIT",
    "bpe-openai": "MIT",
}


def by_name(libs: list[Library]) -> dict[str, Library]:
    return {lib.name.lower(): lib for lib in libs}


def meta(**fields: Any) -> Any:
    m = email.message.Message()
    for k, v in fields.items():
        for one in v if isinstance(v, list) else [v]:
            m[k.replace("_", "-")] = one
    return m


def test_the_bundled_libraries_are_listed_with_the_installed_versions() -> None:
    libs = by_name(libraries("6.9.9"))
    for name, lic in REQUIRED.items():
        lib = libs[name.lower()]
        assert lib.license.startswith(lic), (name, lib.license)
        dist = "PySide6-Essentials" if name == "PySide6" else name
        assert lib.version == metadata.version(dist)
    assert libs["qt"].version == "6.9.9"
    assert libs["qt"].license == "LGPL-3.0-only"
    assert libs["python"].license == "PSF-2.0"
    # PySide6 is offered under GPL too; the table says which one applies, the note the rest.
    assert "GPL-3.0" in libs["pyside6"].note


def test_dependencies_of_dependencies_follow_the_metadata() -> None:
    names = {lib.name.lower() for lib in libraries()}
    for transitive in ("httpcore", "h11", "certifi", "mdurl", "cffi"):
        assert transitive in names
    assert "qt" not in names  # only when the caller knows the Qt version
    # Test tools are an extra: not part of the app.
    assert "pytest" not in names and "mypy" not in names
    # Every one has a license, and none is listed twice.
    libs = libraries()
    assert all(lib.license for lib in libs)
    assert len({lib.name.lower() for lib in libs}) == len(libs)


def test_main_libraries_come_first_in_a_fixed_order() -> None:
    names = [lib.name for lib in libraries("6")]
    assert names[:3] == ["Python", "Qt", "PySide6"]
    assert names.index("httpx") < names.index("anyio")


def test_license_from_expression_then_short_text_then_classifiers() -> None:
    assert license_of(meta(License_Expression="MIT", License="BSD")) == "MIT"
    assert license_of(meta(License="BSD-3-Clause")) == "BSD-3-Clause"
    whole_text = "Copyright (c) 2020\n\nPermission is hereby granted, free of charge, " * 3
    assert (
        license_of(
            meta(
                License=whole_text,
                Classifier=[
                    "License :: OSI Approved :: MIT License",
                    "License :: OSI Approved :: Apache Software License",
                    "Programming Language :: Python",
                ],
            )
        )
        == "MIT OR Apache-2.0"
    )
    assert license_of(meta(License="UNKNOWN")) == ""
    assert license_of(meta()) == ""


def test_a_bundle_without_metadata_still_names_the_licenses(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real = metadata.metadata

    def missing(name: str) -> Any:
        if name.lower() in ("httpx", "keyring", "chatterdesk"):
            raise metadata.PackageNotFoundError(name)
        return real(name)

    monkeypatch.setattr(licenses.metadata, "metadata", missing)
    libs = by_name(libraries())
    assert libs["httpx"] == Library("httpx", "bundled", "BSD-3-Clause")
    assert libs["keyring"].version == "bundled" and libs["keyring"].license == "MIT"
    assert libs["numpy"].version == metadata.version("numpy")


def test_markers_for_other_platforms_and_extras_are_left_out() -> None:
    assert not licenses._marker_holds('extra == "dev"')
    assert not licenses._marker_holds('sys_platform == "no-such-os"')
    assert licenses._marker_holds('python_version >= "3"')
