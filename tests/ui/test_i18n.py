"""Chinese and English: the translations are complete, load at start, and reach what users read.

The completeness test is the guard for later work: a string added to the code without its
zh_CN entry (or a forgotten lrelease) fails it. Run `python tools/translations.py`, translate
the new entries in resources/translations/chatterdesk_zh_CN.ts, run it again, commit.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QCoreApplication, QLocale
from PySide6.QtGui import QColor, QFont, QFontDatabase, QImage, QPainter
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QMenuBar,
    QPlainTextEdit,
    QSizePolicy,
    QWidget,
)

from app.core.i18n import QT_TRANSLATE_NOOP, Text
from app.ui import i18n
from tests.fakeserver import FakeServer

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / "screenshots"


def _tools() -> Any:
    """tools/translations.py (not a package), loaded fresh so a test may patch its paths."""
    name = "chatterdesk_translations_tool"
    spec = importlib.util.spec_from_file_location(name, ROOT / "tools" / "translations.py")
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules[name] = mod  # dataclasses look their module up while the class is made
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture
def language() -> Iterator[Any]:
    """Install the translators for a language (before the window is built); English after."""

    def install(setting: str, locale: QLocale | None = None) -> str:
        return i18n.install_translators(setting, QApplication.instance(), locale)

    yield install
    i18n.remove_translators()


# -- the .ts / .qm files -----------------------------------------------------------------------


def test_translations_are_complete_and_compiled() -> None:
    """Every string in the code has a finished zh_CN translation with the same placeholders,
    tags, accelerator and ending; no vanished entry is kept; the .qm files are up to date."""
    problems = _tools().check()
    assert problems == [], (
        "translations are not complete; run `python tools/translations.py`, translate the "
        "new entries in resources/translations/chatterdesk_zh_CN.ts, run it again:\n"
        + "\n".join(problems)
    )


def test_check_finds_mismatched_placeholders_and_accelerators() -> None:
    tools = _tools()
    assert tools.mismatches("Saved {0}", "已保存 {0}") == []
    assert "the {…} placeholders differ" in tools.mismatches("Saved {0}", "已保存")
    assert "the HTML tags differ" in tools.mismatches("<b>{0}</b>", "{0}")
    assert "the &-accelerator differs" in tools.mismatches("&File", "文件")
    assert tools.mismatches("&File", "文件(&F)") == []
    assert tools.mismatches("Fish &amp; chips", "鱼和薯条") == []  # an entity, not a key
    assert "the trailing … differs" in tools.mismatches("Open…", "打开")


def test_check_reports_a_string_missing_from_the_ts(tmp_path: Path, monkeypatch: Any) -> None:
    """A copy of the tree with one new tr() string: the check names it."""
    tools = _tools()
    app_copy = tmp_path / "app"
    (app_copy / "ui").mkdir(parents=True)
    (app_copy / "ui" / "new.py").write_text(
        "from PySide6.QtWidgets import QWidget\n\n\nclass Brand(QWidget):\n"
        "    def f(self) -> str:\n        return self.tr('A string nobody translated')\n",
        encoding="utf-8",
    )
    ts_dir = tmp_path / "translations"
    ts_dir.mkdir()
    for lang in tools.LANGUAGES:
        for path in (tools.ts_path(lang), tools.qm_path(lang)):
            (ts_dir / path.name).write_bytes(path.read_bytes())
    monkeypatch.setattr(tools, "SOURCE_DIR", app_copy)
    monkeypatch.setattr(tools, "ROOT", tmp_path)
    monkeypatch.setattr(tools, "TS_DIR", ts_dir)
    problems = tools.check()
    assert any("A string nobody translated" in p and "not in the .ts" in p for p in problems)
    # ...and every entry of the real tree is now "gone from the code"
    assert any("gone from the code" in p for p in problems)


# -- choosing the language ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("setting", "locale", "expected"),
    [
        ("en", "zh_CN", "en"),
        ("zh_CN", "en_US", "zh_CN"),
        ("system", "zh_CN", "zh_CN"),
        ("system", "zh_TW", "zh_CN"),
        ("system", "en_US", "en"),
        ("system", "de_DE", "en"),
        ("nonsense", "zh_CN", "zh_CN"),  # an unknown setting follows the system
    ],
)
def test_choose_language(setting: str, locale: str, expected: str) -> None:
    assert i18n.choose_language(setting, QLocale(locale)) == expected


SCRIPT = """
import sys
from PySide6.QtCore import QCoreApplication
from app.ui.i18n import choose_language, install_translators
app = QCoreApplication(sys.argv)
chosen = install_translators("system", app)
print(choose_language("system"), chosen, QCoreApplication.translate("MainWindow", "&File"))
"""


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"LC_ALL": "zh_CN.UTF-8", "LANG": "zh_CN.UTF-8"}, "zh_CN zh_CN 文件(&F)"),
        ({"LC_ALL": "zh_TW.UTF-8", "LANG": "zh_TW.UTF-8"}, "zh_CN zh_CN 文件(&F)"),
        ({"LC_ALL": "en_US.UTF-8", "LANG": "en_US.UTF-8"}, "en en &File"),
        ({"LC_ALL": "fr_FR.UTF-8", "LANG": "fr_FR.UTF-8"}, "en en &File"),
        ({"LANGUAGE": "zh_CN:en", "LANG": "en_US.UTF-8"}, "zh_CN zh_CN 文件(&F)"),
    ],
)
def test_system_language_follows_the_environment(env: dict[str, str], expected: str) -> None:
    """A real process started with a Chinese or other locale picks its language by itself."""
    clean = {k: v for k, v in os.environ.items() if k not in ("LANGUAGE", "LC_ALL", "LANG")}
    clean.update(env)
    clean.pop("LC_MESSAGES", None)
    out = subprocess.run(
        [sys.executable, "-c", SCRIPT],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=True,
    )
    assert out.stdout.strip() == expected


# -- the real window ---------------------------------------------------------------------------


def _menu_titles(w: Any) -> list[str]:
    bar = w.findChild(QMenuBar)
    return [a.text() for a in bar.actions()]


def _cancel_text() -> str:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    try:
        return box.button(QDialogButtonBox.StandardButton.Cancel).text()
    finally:
        box.deleteLater()


def test_window_in_chinese(make_window: Any, fake_server: FakeServer, language: Any) -> None:
    assert language("zh_CN") == "zh_CN"
    w = make_window(fake_server.base_url)
    titles = _menu_titles(w)
    assert "文件(&F)" in titles and "帮助(&H)" in titles, titles
    assert not any(t in titles for t in ("&File", "&Help"))
    assert w.findChild(QAbstractButton, "sendButton").text() == "发送"
    assert w.findChild(QAbstractButton, "stopButton").text() == "停止"
    # Qt's own texts come from qtbase_zh_CN.qm
    assert _cancel_text() == "取消"
    # numbers and dates follow the language
    assert QLocale().language() == QLocale.Language.Chinese


def test_window_in_english(make_window: Any, fake_server: FakeServer, language: Any) -> None:
    assert language("en", QLocale("zh_CN")) == "en"  # the setting wins over a Chinese system
    w = make_window(fake_server.base_url)
    titles = _menu_titles(w)
    assert "&File" in titles and "&Help" in titles, titles
    assert w.findChild(QAbstractButton, "sendButton").text() == "Send"
    assert _cancel_text() == "Cancel"
    assert QLocale().language() == QLocale.Language.English


def test_core_messages_show_in_chinese(
    make_window: Any, fake_server: FakeServer, language: Any, qtbot: Any
) -> None:
    """A parameter problem made in app/core reaches the panel and the status bar in Chinese."""
    language("zh_CN")
    w = make_window(fake_server.base_url)
    seed = w.findChild(QWidget, "param_seed")
    seed.findChild(QLineEdit).setText("+")  # a sign without digits: not a whole number
    problem = w.findChild(QLabel, "param_seed_problem")
    assert problem.text() == "seed：必须是整数"
    w.findChild(QPlainTextEdit, "composerEdit").setPlainText("你好")
    w.findChild(QAbstractButton, "sendButton").click()
    assert w.statusBar().currentMessage() == "seed：必须是整数"
    assert fake_server.count("chat/completions") == 0  # nothing was sent


def test_tr_text_translates_core_text_with_its_arguments(language: Any) -> None:
    from app.core import storage
    from app.core.params import ParamError, parse_logit_bias

    language("zh_CN")
    with pytest.raises(ParamError) as err:
        parse_logit_bias('{"1": }')
    # a template inside a template: both translated, the arguments kept
    assert i18n.tr_text(err.value) == "logit_bias：不是有效的 JSON（第 1 行第 7 列：应为 value）"
    with pytest.raises(storage.ConversationFileError) as ferr:
        storage.loads(json.dumps({"format": "something else"}))
    assert i18n.tr_text(ferr.value.reason) == "不是 Chatterdesk 对话文件"
    # plain text passes through, English Text stays English where nothing is translated
    assert i18n.tr_text("model-x") == "model-x"
    i18n.remove_translators()
    assert i18n.tr_text(err.value) == str(err.value)


def test_text_is_the_english_string() -> None:
    t = QT_TRANSLATE_NOOP("Params", "{0}: must be a number").format("top_p")
    assert t == "top_p: must be a number" and isinstance(t, str)
    assert isinstance(str(ValueError(t)), Text)  # str(exception) keeps what to translate
    assert json.dumps({"m": t}) == '{"m": "top_p: must be a number"}'


def test_a_translation_that_breaks_its_placeholders_falls_back_to_english() -> None:
    bad = Text("NoSuchContext", "{0} of {1}", ("a", "b"))
    assert i18n.tr_text(bad) == "a of b"


# -- how it looks ------------------------------------------------------------------------------


def _glyph(ch: str) -> bytes:
    img = QImage(40, 40, QImage.Format.Format_ARGB32)
    img.fill(QColor("white"))
    p = QPainter(img)
    p.setFont(QFont(QApplication.font().family(), 20))
    p.setPen(QColor("black"))
    p.drawText(4, 30, ch)
    p.end()
    return bytes(img.constBits())


def test_chinese_glyphs_are_drawn_not_boxes(qapp: Any) -> None:
    """Needs a CJK font (setup.sh installs fonts-wqy-microhei): without one every Chinese
    character is the same empty box."""
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert families, "no Chinese font installed (apt-get install fonts-wqy-microhei)"
    blank = _glyph(" ")
    one, two = _glyph("发"), _glyph("送")
    assert one != blank and two != blank and one != two


def _cut_off(w: QWidget) -> list[str]:
    """Visible buttons and one-line labels whose text needs more room than they have."""
    out = []
    for child in w.findChildren(QWidget):
        if not child.isVisibleTo(w) or child.width() <= 1:
            continue
        if child.sizePolicy().horizontalPolicy() == QSizePolicy.Policy.Ignored:
            continue  # cut on purpose (a long URL); its tooltip has all of it
        if isinstance(child, QAbstractButton) and child.text():
            need = child.sizeHint().width()
        elif isinstance(child, QLabel) and child.text() and not child.wordWrap():
            if child.textFormat() == 1 or "<" in child.text():  # rich text: laid out itself
                continue
            need = child.minimumSizeHint().width()
        else:
            continue
        if need > child.width() + 1:
            out.append(f"{type(child).__name__} {child.objectName()!r} {child.text()!r}")
    return out


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_screenshot_and_nothing_cut_off(
    make_window: Any, fake_server: FakeServer, language: Any, qtbot: Any, lang: str
) -> None:
    """The real window at its default size in each language: saved to screenshots/ (looked
    at by a person), and no button or one-line label is narrower than its text."""
    language(lang)
    w = make_window(fake_server.base_url)
    w.resize(1180, 780)
    qtbot.wait(50)
    QCoreApplication.processEvents()
    SHOTS.mkdir(exist_ok=True)
    shot = SHOTS / f"i18n-main-window-{lang}.png"
    assert w.grab().save(str(shot))
    assert shot.stat().st_size > 10_000
    assert _cut_off(w) == []


@pytest.mark.parametrize("lang", ["en", "zh_CN"])
def test_dialogs_screenshots_and_nothing_cut_off(
    make_window: Any, fake_server: FakeServer, language: Any, qtbot: Any, lang: str
) -> None:
    """The side panel's lower half and the dialogs a user opens most, in each language."""
    from PySide6.QtWidgets import QScrollArea

    language(lang)
    w = make_window(fake_server.base_url)
    w.resize(1180, 780)
    qtbot.wait(50)
    SHOTS.mkdir(exist_ok=True)
    side = max(w.findChildren(QScrollArea), key=lambda a: a.widget().height() if a.widget() else 0)
    side.verticalScrollBar().setValue(side.verticalScrollBar().maximum())
    QCoreApplication.processEvents()
    assert side.grab().save(str(SHOTS / f"i18n-side-panel-{lang}.png"))
    problems = _cut_off(side)
    dialogs = {
        "providers": w.open_settings,
        "rules": w.open_model_rules,
        "shortcuts": w.open_shortcuts,
        "about": w.open_about,
        "logit-bias": w.params.open_logit_bias_dialog,
        "schema": w.params.open_schema_dialog,
        "code": w.playground.open_code,
        "compare": w.playground.open_compare,
        "prices": w.playground.open_prices,
    }
    for name, opener in dialogs.items():
        dlg = opener()
        assert dlg is not None, name
        qtbot.waitExposed(dlg)
        QCoreApplication.processEvents()
        assert dlg.grab().save(str(SHOTS / f"i18n-{name}-{lang}.png"))
        problems += [f"{name}: {p}" for p in _cut_off(dlg)]
        dlg.close()
    assert problems == []
