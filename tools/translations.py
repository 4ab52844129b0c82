"""Update and compile the translations, or check that they are complete.

    python tools/translations.py          lupdate every app/**/*.py into both .ts files (keeping
                                          the translations made, dropping vanished strings),
                                          then lrelease them into .qm files
    python tools/translations.py --check  change nothing; list what is missing or wrong (the
                                          test suite runs this), exit 1 if anything is

Everything a user reads goes through tr()/translate()/QT_TRANSLATE_NOOP, so lupdate finds it;
the check makes sure every such string has a finished zh_CN translation whose placeholders,
HTML tags, accelerator and trailing "…" match the English, and that the committed .qm files are
what lrelease makes of the committed .ts files (a forgotten lrelease fails).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TS_DIR = ROOT / "resources" / "translations"
LANGUAGES = ("zh_CN", "en")  # zh_CN must be complete; en keeps the English source texts
COMPLETE = ("zh_CN",)
SOURCE_DIR = ROOT / "app"


def ts_path(lang: str, folder: Path = TS_DIR) -> Path:
    return folder / f"chatterdesk_{lang}.ts"


def qm_path(lang: str, folder: Path = TS_DIR) -> Path:
    return folder / f"chatterdesk_{lang}.qm"


def sources() -> list[Path]:
    """Every Python file of the app, in a stable order."""
    return sorted(p for p in SOURCE_DIR.rglob("*.py") if "__pycache__" not in p.parts)


def tool(name: str) -> str:
    """pyside6-lupdate / pyside6-lrelease from this Python's environment, else from PATH."""
    exe = Path(sys.executable).parent / f"pyside6-{name}"
    if exe.exists():
        return str(exe)
    found = shutil.which(f"pyside6-{name}")
    if not found:
        raise SystemExit(f"pyside6-{name} not found (install PySide6 in this environment)")
    return found


def _run(cmd: list[str]) -> str:
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=False)
    if proc.returncode != 0:
        raise SystemExit(f"{Path(cmd[0]).name} failed:\n{proc.stdout}{proc.stderr}")
    return proc.stdout + proc.stderr


def lupdate(ts: Path, lang: str) -> str:
    """Bring `ts` in line with the sources; returns lupdate's output (warnings included)."""
    files = [str(p.relative_to(ROOT)) for p in sources()]
    return _run(
        [
            tool("lupdate"),
            *files,
            "-ts",
            str(ts),
            "-no-obsolete",
            "-locations",
            "none",  # line numbers would change the .ts with every edit of the code
            "-sort-messages",
            "-source-language",
            "en",
            "-target-language",
            lang,
        ]
    )


def lrelease(ts: Path, qm: Path) -> str:
    return _run([tool("lrelease"), "-silent", str(ts), "-qm", str(qm)])


def update() -> list[str]:
    """lupdate and lrelease both languages; returns lupdate's warnings."""
    TS_DIR.mkdir(parents=True, exist_ok=True)
    warnings: list[str] = []
    for lang in LANGUAGES:
        warnings += _warnings(lupdate(ts_path(lang), lang))
        lrelease(ts_path(lang), qm_path(lang))
    return warnings


# -- reading .ts files ----------------------------------------------------------------------


@dataclass(frozen=True)
class Entry:
    context: str
    source: str
    comment: str
    translations: tuple[str, ...]  # one, or the numerus forms
    kind: str  # "" (finished), "unfinished", "vanished", "obsolete"
    numerus: bool

    @property
    def key(self) -> tuple[str, str, str]:
        return (self.context, self.source, self.comment)

    def where(self) -> str:
        return f"[{self.context}] {self.source!r}"


def read_ts(path: Path) -> list[Entry]:
    out: list[Entry] = []
    root = ET.parse(path).getroot()
    for ctx in root.iter("context"):
        name = ctx.findtext("name") or ""
        for msg in ctx.iter("message"):
            tr = msg.find("translation")
            numerus = msg.get("numerus") == "yes"
            if tr is None:
                texts: tuple[str, ...] = ("",)
                kind = "unfinished"
            else:
                forms = tr.findall("numerusform")
                texts = tuple(f.text or "" for f in forms) if numerus else (tr.text or "",)
                kind = tr.get("type", "")
            out.append(
                Entry(
                    name,
                    msg.findtext("source") or "",
                    msg.findtext("comment") or "",
                    texts,
                    kind,
                    numerus,
                )
            )
    return out


# -- what must match between a source text and its translation -----------------------------

_BRACES = re.compile(r"\{[^{}]*\}")
_PERCENT = re.compile(r"%(?:n|L?\d+)")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^<>]*>")
_ACCEL = re.compile(r"&(?!&)(?![A-Za-z]+;|#\d+;)(?=\S)")


def _accelerators(text: str) -> int:
    return len(_ACCEL.findall(text.replace("&&", "")))


def mismatches(source: str, translation: str) -> list[str]:
    """What differs between the two in placeholders, tags, accelerators and the ending."""
    problems = []
    if Counter(_BRACES.findall(source)) != Counter(_BRACES.findall(translation)):
        problems.append("the {…} placeholders differ")
    if Counter(_PERCENT.findall(source)) != Counter(_PERCENT.findall(translation)):
        problems.append("the %-placeholders differ")
    if Counter(t.lower() for t in _TAG.findall(source)) != Counter(
        t.lower() for t in _TAG.findall(translation)
    ):
        problems.append("the HTML tags differ")
    if _accelerators(source) != _accelerators(translation):
        problems.append("the &-accelerator differs")
    # A trailing "…" says a command asks for more; in a sentence it may end a quoted menu name
    # ("open Providers…"), which a translation can place elsewhere.
    sentence = ". " in source or ": " in source
    if not sentence and source.rstrip().endswith("…") != translation.rstrip().endswith("…"):
        problems.append("the trailing … differs")
    return problems


def _warnings(output: str) -> list[str]:
    keep = []
    for line in output.splitlines():
        low = line.lower()
        if ("warning" in low or "error" in low) and "scanning" not in low:
            keep.append(line.strip())
    return keep


def check() -> list[str]:
    """Everything that is missing or wrong, in words; empty when the translations are done."""
    problems: list[str] = []
    with tempfile.TemporaryDirectory(prefix="chatterdesk-ts-") as tmp:
        folder = Path(tmp)
        for lang in LANGUAGES:
            committed_ts, committed_qm = ts_path(lang), qm_path(lang)
            if not committed_ts.is_file():
                problems.append(f"{committed_ts.relative_to(ROOT)} is missing")
                continue
            committed = read_ts(committed_ts)
            fresh_ts = ts_path(lang, folder)
            shutil.copyfile(committed_ts, fresh_ts)
            problems += [f"lupdate: {w}" for w in _warnings(lupdate(fresh_ts, lang))]
            fresh = read_ts(fresh_ts)
            have = {e.key for e in committed}
            now = {e.key for e in fresh}
            name = committed_ts.name
            for e in fresh:
                if e.key not in have:
                    problems.append(f"{name}: not in the .ts yet: {e.where()}")
            for e in committed:
                if e.key not in now or e.kind in ("vanished", "obsolete"):
                    problems.append(f"{name}: gone from the code but kept: {e.where()}")
            for e in fresh:
                if e.context == "":
                    problems.append(
                        f"{name}: no context (a tr() outside a class cannot be found): {e.where()}"
                    )
            if lang in COMPLETE:
                for e in committed:
                    if e.kind in ("vanished", "obsolete"):
                        continue
                    if e.kind == "unfinished" or not all(t.strip() for t in e.translations):
                        problems.append(f"{name}: not translated: {e.where()}")
                        continue
                    for t in e.translations:
                        for p in mismatches(e.source, t):
                            problems.append(f"{name}: {p}: {e.where()} → {t!r}")
            built = qm_path(lang, folder)
            lrelease(committed_ts, built)
            if not committed_qm.is_file():
                problems.append(f"{committed_qm.relative_to(ROOT)} is missing (run lrelease)")
            elif committed_qm.read_bytes() != built.read_bytes():
                problems.append(
                    f"{committed_qm.relative_to(ROOT)} is not lrelease of {name} "
                    "(run python tools/translations.py)"
                )
    return problems


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--check", action="store_true", help="change nothing; list what is missing")
    args = p.parse_args(argv)
    if args.check:
        problems = check()
        for line in problems:
            print(line)
        print(f"{len(problems)} problem(s)" if problems else "translations complete")
        return 1 if problems else 0
    for w in update():
        print(w)
    for lang in LANGUAGES:
        entries = read_ts(ts_path(lang))
        todo = sum(1 for e in entries if e.kind == "unfinished" or not all(e.translations))
        print(f"{ts_path(lang).relative_to(ROOT)}: {len(entries)} strings, {todo} unfinished")
    return 0


if __name__ == "__main__":
    sys.exit(main())
