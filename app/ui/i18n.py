"""The UI language: chosen once at start-up (from the setting or the system), then fixed.

Our own strings come from `resources/translations/chatterdesk_<lang>.qm` (found through
`resources_dir()`, so the bundle finds them too) and Qt's own dialog texts (Cancel, Yes, the
file dialog) from Qt's `qtbase_<lang>.qm`. Messages made in the Qt-free layers arrive as
`app.core.i18n.Text` and are translated here, at the UI boundary, by `tr_text`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from app.core.i18n import Text, message_of

log = logging.getLogger("chatterdesk.ui")

LANGUAGES = ("en", "zh_CN")  # what we ship; the setting may also say "system"
DEFAULT_LANGUAGE = "en"  # the language of the source strings


@dataclass
class Installed:
    """What `install_translators` put in place, kept so the translators stay alive."""

    language: str  # "en" or "zh_CN"
    translators: list[QTranslator] = field(default_factory=list)
    files: list[str] = field(default_factory=list)  # the .qm files loaded, for the log


_current: Installed | None = None


def translations_dir() -> Path:
    """Our compiled translations, in the source tree or the bundle alike."""
    from app.core.desktop import resources_dir

    return resources_dir() / "translations"


def system_language(locale: QLocale | None = None) -> str:
    """The language the system asks for, as one we ship: any Chinese → zh_CN, else en.

    The UI languages come first (LANGUAGE / LC_MESSAGES on Linux, the preferred languages on
    macOS and Windows); the locale's own name is the fallback."""
    loc = locale if locale is not None else QLocale.system()
    names = [*loc.uiLanguages(), loc.name()]
    for name in names:
        tag = name.replace("-", "_").lower()
        if tag in ("c", "posix", ""):
            continue
        return "zh_CN" if tag == "zh" or tag.startswith("zh_") else DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


def choose_language(setting: str, locale: QLocale | None = None) -> str:
    """The language to use, "en" or "zh_CN", for the setting ("system", "en" or "zh_CN")."""
    if setting in LANGUAGES:
        return setting
    return system_language(locale)


def _qt_translations_dirs() -> list[Path]:
    dirs = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    dirs.append(translations_dir())  # a bundle may carry qtbase_*.qm next to ours
    return dirs


def _load(translator: QTranslator, name: str, dirs: list[Path]) -> str | None:
    for d in dirs:
        if translator.load(name, str(d)):
            return str(d / f"{name}.qm")
    return None


def install_translators(
    setting: str = "system",
    app: QCoreApplication | None = None,
    locale: QLocale | None = None,
) -> str:
    """Install our translator and Qt's for the chosen language; return "en" or "zh_CN".

    Call it once, after the QApplication exists and before any window is built: widgets take
    their texts when they are made. Also makes the language's locale the default, so numbers
    and dates follow it (the system's own locale is kept when its language is the one chosen,
    so an en_GB system keeps its formats)."""
    global _current
    app = app or QCoreApplication.instance()
    if app is None:
        raise RuntimeError("install_translators needs a QCoreApplication")
    remove_translators()
    language = choose_language(setting, locale)
    system = locale if locale is not None else QLocale.system()
    if system_language(system) == language and system.name() not in ("C", "POSIX"):
        QLocale.setDefault(system)
    else:
        QLocale.setDefault(QLocale(language if language != "en" else "en_US"))
    installed = Installed(language)
    ours = QTranslator(app)
    loaded = _load(ours, f"chatterdesk_{language}", [translations_dir()])
    if loaded:
        app.installTranslator(ours)
        installed.translators.append(ours)
        installed.files.append(loaded)
    elif language != DEFAULT_LANGUAGE:
        log.warning("no translation chatterdesk_%s.qm in %s", language, translations_dir())
    if language != DEFAULT_LANGUAGE:
        qt = QTranslator(app)
        loaded = _load(qt, f"qtbase_{language}", _qt_translations_dirs())
        if loaded:
            app.installTranslator(qt)
            installed.translators.append(qt)
            installed.files.append(loaded)
        else:
            log.warning("Qt's own translation qtbase_%s.qm was not found", language)
    _current = installed
    log.info("language %s (setting %s); loaded %s", language, setting, installed.files or "none")
    return language


def remove_translators() -> None:
    """Take out what install_translators put in (tests switch languages with it)."""
    global _current
    app = QCoreApplication.instance()
    if _current is not None and app is not None:
        for t in _current.translators:
            app.removeTranslator(t)
    _current = None
    QLocale.setDefault(QLocale.system())


def current_language() -> str:
    """The language installed now ("en" when nothing was installed)."""
    return _current.language if _current is not None else DEFAULT_LANGUAGE


def tr_text(value: object) -> str:
    """A message from core/api/audio in the UI language.

    `value` may be a `Text` (translated: its template, then its arguments filled in, themselves
    translated when they are Text), an exception carrying one (its message), or anything else
    (shown as it is)."""
    value = message_of(value)
    if value is None:
        return ""
    if not isinstance(value, Text):
        return str(value)
    template = QCoreApplication.translate(value.context, value.template)
    if not (value.args or value.kwargs):
        return template
    args = [tr_text(a) if isinstance(a, Text) else a for a in value.args]
    kwargs = {k: tr_text(v) if isinstance(v, Text) else v for k, v in value.kwargs.items()}
    try:
        return template.format(*args, **kwargs)
    except (IndexError, KeyError, ValueError):
        log.warning(
            "translation of %r in %s does not fit its arguments", value.template, value.context
        )
        return str.__str__(value)  # the English message, as a plain str
