"""Entry point: arguments, logging, the QApplication, the window, the loop, an orderly exit."""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING

from app import __version__

if TYPE_CHECKING:
    import asyncio
    from collections.abc import Callable

    from PySide6.QtWidgets import QApplication, QWidget

    from app.core.settings import Settings
    from app.ui.main_window import MainWindow

log = logging.getLogger("chatterdesk")


def parse_args(argv: list[str]) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        prog="chatterdesk",
        description="A desktop playground for OpenAI-compatible APIs.",
    )
    p.add_argument("--version", action="version", version=f"chatterdesk {__version__}")
    p.add_argument(
        "--config-dir",
        type=Path,
        metavar="DIR",
        help="keep settings, data and logs in DIR instead of the user folders",
    )
    p.add_argument("--debug", action="store_true", help="log request metadata to stderr too")
    desktop = p.add_mutually_exclusive_group()
    desktop.add_argument(
        "--install-desktop-entry",
        action="store_true",
        help="add Chatterdesk to the applications menu and open *.chat.json files with it "
        "(for this user, under $XDG_DATA_HOME), then exit",
    )
    desktop.add_argument(
        "--uninstall-desktop-entry",
        action="store_true",
        help="remove what --install-desktop-entry added, then exit",
    )
    p.add_argument("files", nargs="*", type=Path, help="conversation files to open (*.chat.json)")
    return p.parse_args(argv)


def display_problem() -> str | None:
    """Why Qt could not open a window here, in one line, or None."""
    platform = os.environ.get("QT_QPA_PLATFORM", "")
    if platform.startswith(("offscreen", "minimal", "vnc")) or sys.platform != "linux":
        return None
    if platform.startswith("wayland"):
        return None if os.environ.get("WAYLAND_DISPLAY") else "no Wayland display"
    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        return "no display found (DISPLAY is not set)"
    return None


def _qt_message_handler(mode: object, context: object, message: str) -> None:
    from PySide6.QtCore import QtMsgType

    qlog = logging.getLogger("chatterdesk.qt")
    level = {
        QtMsgType.QtDebugMsg: logging.DEBUG,
        QtMsgType.QtInfoMsg: logging.INFO,
        QtMsgType.QtWarningMsg: logging.WARNING,
        QtMsgType.QtCriticalMsg: logging.ERROR,
        QtMsgType.QtFatalMsg: logging.CRITICAL,
    }.get(mode, logging.WARNING)  # type: ignore[call-overload]
    qlog.log(level, "%s", message)


def desktop_entry(install: bool) -> int:
    """--install-desktop-entry / --uninstall-desktop-entry: one line, no QApplication."""
    from app.core import desktop

    try:
        result = desktop.install() if install else desktop.uninstall()
    except desktop.DesktopIntegrationError as exc:
        verb = "install" if install else "remove"
        print(f"chatterdesk: cannot {verb} the desktop entry: {exc}", file=sys.stderr)
        return 1
    print(f"chatterdesk: {result.message(installed=install)}")
    return 0


def show_first_frame(app: QApplication, window: QWidget, timeout: float = 0.5) -> None:
    """Show the window and return once it has painted (the platform exposed it), or after
    `timeout` seconds. User input waits for the event loop, when the window is complete."""
    from PySide6.QtCore import QEventLoop

    flags = QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents
    window.show()
    app.processEvents(flags)
    handle = window.windowHandle()
    deadline = time.monotonic() + timeout
    while handle is not None and not handle.isExposed() and time.monotonic() < deadline:
        time.sleep(0.001)  # the X server's Expose arrives through Qt's reader thread
        app.processEvents(flags)
    app.processEvents(flags)  # the expose paints the window


def set_window_icon(app: QApplication) -> None:
    """Every size of the app icon; rendering them (the SVG too) for the window manager costs
    more than the rest of the first frame, so it comes after."""
    from PySide6.QtGui import QIcon

    from app.core.desktop import window_icon_files

    icon_files = window_icon_files()  # from the source tree or the bundle alike
    if icon_files:
        icon = QIcon()
        for f in icon_files:
            icon.addFile(str(f))
        app.setWindowIcon(icon)


def follow_platform_scheme(app: QApplication, settings: Settings) -> None:
    """The first frame used the colour scheme remembered from the last start; if the platform
    now names another, remember it and repaint (the "system" theme only)."""
    from app.ui.theme import apply_theme, platform_scheme

    scheme = platform_scheme(app)
    if scheme != settings.system_scheme:
        settings.system_scheme = scheme
        if settings.theme == "system":
            apply_theme(app, "system", scheme=scheme)


def close_on_signals(loop: asyncio.AbstractEventLoop, window: MainWindow) -> Callable[[], int]:
    """Logout (SIGHUP), `kill` or a session ending (SIGTERM) and Ctrl+C (SIGINT) close the
    window as the user would: the answer being written is stopped and saved, the settings
    too. Once: a second signal acts as if none was handled. Returns the exit code to use."""
    import signal

    names = ("SIGTERM", "SIGHUP", "SIGINT")
    signals = [getattr(signal, n) for n in names if hasattr(signal, n)]
    code = [0]

    def on_signal(signum: int) -> None:
        for s in signals:
            loop.remove_signal_handler(s)
        # Python's own SIGINT handler would raise KeyboardInterrupt inside some Qt slot.
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        code[0] = 128 + signum if signum == signal.SIGINT else 0  # 130, as a shell expects
        log.info("%s: closing the window", signal.Signals(signum).name)
        window.close()

    for s in signals:
        try:
            loop.add_signal_handler(s, on_signal, int(s))
        except (NotImplementedError, RuntimeError, ValueError):  # Windows; not the main thread
            break
    return lambda: code[0]


def save_after_losing_the_display(window: MainWindow) -> int:
    """Qt ended its event loop while the window was open: the display went away (the X
    server died, an SSH connection with X forwarding dropped). Nothing can be shown and no
    coroutine can run any more, so what is on screen is written now, synchronously: the
    conversation (an answer still coming is found "interrupted" when opened again, with what
    had arrived) and the settings."""
    log.warning("the event loop ended with the window open (display lost): saving")
    saved = False
    try:
        saved = window.files.save_now()
        window.save_settings()
    except Exception:  # a half-dead display must not turn this into a traceback
        log.exception("saving after the display was lost")
    what = "; the conversation was saved" if saved else ""
    print(f"chatterdesk: the connection to the display was lost{what}.", file=sys.stderr)
    return 1


def main(argv: list[str] | None = None) -> int:
    gc.disable()  # until the window is complete: start-up collections cost ~6 ms, find little
    try:
        return _main(argv)
    finally:
        gc.enable()


def _main(argv: list[str] | None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return desktop_entry(install=args.install_desktop_entry)
    problem = display_problem()
    if problem:
        print(
            f"chatterdesk: cannot open a window: {problem}. Run it on a desktop, under Xvfb "
            "(xvfb-run chatterdesk), or headless with QT_QPA_PLATFORM=offscreen.",
            file=sys.stderr,
        )
        return 2

    from app.core.logsetup import register_secret, setup_logging
    from app.core.paths import AppPaths
    from app.core.settings import load_settings

    paths = AppPaths.under(args.config_dir) if args.config_dir else AppPaths.default()
    try:
        paths.ensure()
    except OSError as exc:
        print(f"chatterdesk: cannot create its folders ({exc})", file=sys.stderr)
        return 2
    setup_logging(paths.log_file, debug=args.debug)

    def excepthook(etype: type[BaseException], value: BaseException, tb: object) -> None:
        # Until the window's crash handler takes over: log it (redacted), no traceback shown.
        log.critical("unexpected error", exc_info=(etype, value, tb))  # type: ignore[arg-type]
        print(
            f"chatterdesk: unexpected error ({etype.__name__}); details in {paths.log_file}",
            file=sys.stderr,
        )

    sys.excepthook = excepthook
    register_secret(os.environ.get("OPENAI_API_KEY"))
    log.info("Chatterdesk %s starting, folders %s", __version__, paths)

    from app.ui.pyside_imports import skip_source_scan

    skip_source_scan()  # before the app's modules: each import after Qt costs less
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    from app.core.desktop import APP_ID

    qInstallMessageHandler(_qt_message_handler)
    # -name: the X11 WM_CLASS instance becomes the app id, which the .desktop file's
    # StartupWMClass names (Wayland uses setDesktopFileName below).
    qt_argv = [sys.argv[0], "-name", APP_ID] if sys.platform == "linux" else [sys.argv[0]]
    app = QApplication.instance() or QApplication(qt_argv)
    assert isinstance(app, QApplication)
    app.setDesktopFileName(APP_ID)  # the window matches the menu entry and its icon
    app.setApplicationName("Chatterdesk")
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Chatterdesk")
    app.setQuitOnLastWindowClosed(False)

    from app.ui.main_window import MainWindow

    settings = load_settings(paths.settings_file)
    # The language is fixed for the run: widgets take their texts when they are built.
    from app.ui.i18n import install_translators

    install_translators(getattr(settings, "language", "system"), app)
    from app.ui.theme import apply_theme

    # Before the first paint, with the platform's colour scheme of the last start (asking now
    # would cost ~12 ms); checked once the window is complete.
    apply_theme(app, settings.theme, scheme=settings.system_scheme)

    # The first frame shows the window's frame, conversation and composer; the panels,
    # menus and everything behind them are built right after, before the event loop runs.
    window = MainWindow(paths, settings, debug=args.debug, staged=True)
    show_first_frame(app, window)
    started = time.perf_counter()
    window.complete()
    gc.enable()
    log.info("first frame shown; the rest built in %.0f ms", 1000 * (time.perf_counter() - started))
    set_window_icon(app)  # after the first frame: the window manager takes it when it comes
    follow_platform_scheme(app, settings)
    # From here an unexpected exception gives a report and a dialog; the app keeps running.
    window.crash.install()
    app.processEvents()

    from app.ui import asyncbridge

    async def run() -> int:
        import asyncio

        loop = asyncio.get_running_loop()
        window.crash.install_loop(loop)
        done = asyncio.Event()
        window.closed.connect(done.set)
        exit_code = close_on_signals(loop, window)
        window.start([str(f.expanduser().resolve()) for f in args.files])
        if os.environ.get("CHATTERDESK_E2E_SCRIPT"):
            from app.ui.e2e_hook import run_script

            window.tasks.spawn(run_script(window, os.environ["CHATTERDESK_E2E_SCRIPT"]), "e2e")
        await done.wait()
        return exit_code()

    closed = [False]
    window.closed.connect(lambda: closed.__setitem__(0, True))
    try:
        code = asyncbridge.run(run())
    except KeyboardInterrupt:
        code = 130
    except RuntimeError:  # "Event loop stopped before Future completed"
        if closed[0]:
            raise
        code = save_after_losing_the_display(window)
    log.info("Chatterdesk exits with %s", code)
    logging.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
