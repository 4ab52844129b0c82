"""The speech panel through the real window: rules, save in every format, errors, read aloud."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QDoubleSpinBox, QLabel, QPlainTextEdit

from tests.audio.conftest import pulse, speech_assets  # noqa: F401 - fixtures used below
from tests.fakeserver import FakeServer, speech_pcm, wav_wrap
from tests.ui.test_main_window import find, type_and_send, wait_idle

CONTRACT = [
    "ttsPanel",
    "ttsModel",
    "ttsVoice",
    "ttsFormat",
    "ttsSpeed",
    "ttsInstructions",
    "ttsInput",
    "ttsPlayButton",
    "ttsStopButton",
    "ttsSaveButton",
]


def test_the_speech_contract_names_exist(window: Any) -> None:
    for name in CONTRACT:
        find(window, name)
    assert isinstance(find(window, "ttsModel"), QComboBox)
    assert isinstance(find(window, "ttsSpeed"), QDoubleSpinBox)
    assert isinstance(find(window, "ttsInput"), QPlainTextEdit)


def test_voices_and_instructions_follow_the_model(window: Any) -> None:
    model = find(window, "ttsModel", QComboBox)
    voice = find(window, "ttsVoice", QComboBox)
    instructions = find(window, "ttsInstructions", QPlainTextEdit)
    model.setCurrentText("tts-1")
    voices = {voice.itemText(i) for i in range(voice.count())}
    assert "alloy" in voices and "ballad" not in voices and "marin" not in voices
    assert not instructions.isEnabled()
    model.setCurrentText("gpt-4o-mini-tts")
    voices = {voice.itemText(i) for i in range(voice.count())}
    assert {"ballad", "verse", "marin", "cedar"} <= voices
    assert instructions.isEnabled()
    assert find(window, "ttsFormat", QComboBox).count() == 6
    speed = find(window, "ttsSpeed", QDoubleSpinBox)
    assert (speed.minimum(), speed.maximum()) == (0.25, 4.0)


def test_the_counter_and_long_text(window: Any) -> None:
    box = find(window, "ttsInput", QPlainTextEdit)
    box.setPlainText("Hello.")
    assert "6 / 4096" in find(window, "ttsCounter", QLabel).text()
    box.setPlainText("A sentence here. " * 400)
    assert "parts" in find(window, "ttsCounter", QLabel).text()


def test_save_in_each_format_writes_what_the_server_sent(
    qtbot: Any, window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    fake_server.behavior.speech_seconds = 0.3
    pcm = speech_pcm(0.3)
    find(window, "ttsInput", QPlainTextEdit).setPlainText("Save me.")
    find(window, "ttsModel", QComboBox).setCurrentText("gpt-4o-mini-tts")
    find(window, "ttsInstructions", QPlainTextEdit).setPlainText("Cheerful.")
    for fmt, ext in (
        ("mp3", "mp3"),
        ("opus", "ogg"),
        ("aac", "aac"),
        ("flac", "flac"),
        ("pcm", "pcm"),
        ("wav", "wav"),
    ):
        find(window, "ttsFormat", QComboBox).setCurrentText(fmt)
        path = tmp_path / f"out.{ext}"
        with qtbot.waitSignal(window.tts.saved, timeout=10000):
            window.save_speech(str(path))
        body = fake_server.last("/audio/speech").json
        assert body["input"] == "Save me." and body["instructions"] == "Cheerful."
        if fmt == "wav":
            assert body["response_format"] in ("wav", "pcm")
            assert path.read_bytes() == wav_wrap(pcm)
        else:
            assert body["response_format"] == fmt
            assert path.read_bytes() == pcm  # the fake server's bytes, as sent
    # pcm chosen, saved under .wav: wrapped so it plays elsewhere.
    find(window, "ttsFormat", QComboBox).setCurrentText("pcm")
    path = tmp_path / "wrapped.wav"
    with qtbot.waitSignal(window.tts.saved, timeout=10000):
        window.save_speech(str(path))
    assert path.read_bytes() == wav_wrap(pcm)


def test_speech_errors_are_said_in_words(
    qtbot: Any, window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    status = find(window, "ttsStatus", QLabel)
    find(window, "ttsInput", QPlainTextEdit).setPlainText("")
    window.save_speech(str(tmp_path / "empty.mp3"))  # no text and no answer yet
    assert "no text" in status.text()
    find(window, "ttsInput", QPlainTextEdit).setPlainText("Hello.")
    fake_server.fail_next(status=404, path="audio/speech")
    window.save_speech(str(tmp_path / "a.mp3"))
    qtbot.waitUntil(lambda: "Not found" in status.text(), timeout=5000)
    fake_server.fail_next(
        status=400,
        path="audio/speech",
        body='{"error": {"message": "Invalid voice: zzz", "param": "voice"}}',
    )
    window.save_speech(str(tmp_path / "b.mp3"))
    qtbot.waitUntil(lambda: "Invalid voice" in status.text(), timeout=5000)
    assert not (tmp_path / "a.mp3").exists() and not (tmp_path / "b.mp3").exists()


def test_play_without_a_sound_device_says_so_and_read_aloud_uses_the_answer(
    qtbot: Any, window: Any, fake_server: FakeServer, monkeypatch: Any
) -> None:
    monkeypatch.setenv("PULSE_SERVER", "unix:/nonexistent")  # no sound server here
    import app.audio.player as player

    def no_device(*_a: Any, **_k: Any) -> Any:
        raise player.AudioError("no_device", "no output device")

    monkeypatch.setattr(player.PcmPlayer, "start", no_device)
    fake_server.behavior.reply = "Spoken answer."
    type_and_send(qtbot, window, "say something")
    wait_idle(qtbot, window)
    msg = window.controller.conversation.messages[-1]
    window.view.messageAction.emit("read", msg.id)
    status = find(window, "ttsStatus", QLabel)
    qtbot.waitUntil(lambda: "No sound output" in status.text(), timeout=5000)
    assert "Saving to a file still works" in status.text()
    assert find(window, "ttsPlayButton").isEnabled()
    # Play with an empty panel speaks the last answer (and still reports the device).
    status.clear()
    qtbot.mouseClick(find(window, "ttsPlayButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: "No sound output" in status.text(), timeout=5000)


def test_play_in_the_window_is_heard_cached_and_stops_at_once(
    qtbot: Any,
    window: Any,
    fake_server: FakeServer,
    pulse: Any,  # noqa: F811
    speech_assets: dict[str, bytes],  # noqa: F811
) -> None:
    """Real sound: the panel's Play reaches a PulseAudio null sink, recorded with parec."""
    import numpy as np

    fake_server.behavior.speech_bytes = speech_assets
    fake_server.behavior.speech_chunk = 4800
    find(window, "ttsInput", QPlainTextEdit).setPlainText("Hello from the speech panel.")
    status = find(window, "ttsStatus", QLabel)
    with pulse.recorder() as rec:
        qtbot.mouseClick(find(window, "ttsPlayButton"), Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.tts.playing, timeout=5000)
        qtbot.waitUntil(lambda: not window.tts.playing, timeout=30000)
        qtbot.wait(300)
    assert status.text() == "Done."
    assert fake_server.last("/audio/speech").json["response_format"] == "pcm"
    heard = rec.samples()
    assert heard.size and np.abs(heard.astype(np.int32)).max() > 1000
    # Replay: from the cache, no new request.
    n = fake_server.count("/audio/speech")
    qtbot.mouseClick(find(window, "ttsPlayButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.tts.playing, timeout=30000)
    assert fake_server.count("/audio/speech") == n
    # Stop: immediate, and the panel is ready again.
    fake_server.behavior.chunk_delay = 0.05
    find(window, "ttsInput", QPlainTextEdit).setPlainText("Something else to say, slowly.")
    qtbot.mouseClick(find(window, "ttsPlayButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: window.tts.playing, timeout=5000)
    qtbot.mouseClick(find(window, "ttsStopButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not window.tts.playing, timeout=2000)
    assert find(window, "ttsPlayButton").isEnabled()


def test_auto_read_speaks_the_first_sentence_while_the_answer_streams(
    qtbot: Any,
    window: Any,
    fake_server: FakeServer,
    pulse: Any,  # noqa: F811
) -> None:
    fake_server.behavior.speech_bytes = {"pcm": speech_pcm(0.15)}  # short: many pieces
    fake_server.behavior.reply = "First sentence here. Second one follows. " + " ".join(
        f"Sentence number {i}." for i in range(20)
    )
    fake_server.behavior.chunk_delay = 0.05  # about 3 s of streaming
    find(window, "ttsAutoRead").setChecked(True)
    type_and_send(qtbot, window, "talk to me")
    qtbot.waitUntil(lambda: fake_server.count("/audio/speech") >= 1, timeout=10000)
    assert fake_server.completed_streams == 0  # the answer is still streaming
    assert fake_server.last("/audio/speech").json["input"].startswith("First sentence here.")
    wait_idle(qtbot, window, timeout=20000)
    qtbot.waitUntil(lambda: not window.tts.playing, timeout=60000)
    spoken = "".join(
        r.json["input"] for r in fake_server.requests if r.path.endswith("/audio/speech")
    )
    reply = str(fake_server.behavior.reply)
    assert spoken.replace(" ", "") == reply.replace(" ", "")  # every word, once, in order


def test_a_saved_file_of_each_format_plays(
    qtbot: Any,
    window: Any,
    tmp_path: Path,
    pulse: Any,  # noqa: F811
    speech_assets: dict[str, bytes],  # noqa: F811
) -> None:
    import numpy as np

    status = find(window, "ttsStatus", QLabel)
    for fmt, ext in (
        ("mp3", "mp3"),
        ("opus", "ogg"),
        ("aac", "aac"),
        ("flac", "flac"),
        ("wav", "wav"),
    ):
        path = tmp_path / f"speech.{ext}"
        path.write_bytes(speech_assets[fmt])
        with pulse.recorder() as rec:
            window.play_audio_file(str(path))
            qtbot.waitUntil(lambda: not window.tts.playing, timeout=30000)
            qtbot.wait(200)
        assert status.text() == "Done.", (fmt, status.text())
        heard = rec.samples()
        assert heard.size and np.abs(heard.astype(np.int32)).max() > 1000, fmt
    bad = tmp_path / "broken.mp3"
    bad.write_bytes(b"not audio at all")
    window.play_audio_file(str(bad))
    qtbot.waitUntil(lambda: not window.tts.playing, timeout=10000)
    assert status.text() != "Done." and status.text()
