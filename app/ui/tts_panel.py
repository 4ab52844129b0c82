"""The speech panel: text to speech with /audio/speech, played as it downloads, or saved.

Widgets only: the window's TtsController does the work. Every control named in DESIGN.md's UI
contract is here from start-up (ttsPanel, ttsModel, ttsVoice, ttsFormat, ttsSpeed,
ttsInstructions, ttsInput, ttsPlayButton, ttsStopButton, ttsSaveButton).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDoubleSpinBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QSlider,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.audio.voices import FORMATS, MAX_INPUT, MODELS, split_text, takes_instructions, voices_for


class TtsPanel(QGroupBox):
    playRequested = Signal()
    pauseToggled = Signal(bool)
    stopRequested = Signal()
    saveRequested = Signal()
    useAnswerRequested = Signal()
    devicesRequested = Signal()
    playFileRequested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ttsPanel")
        self.setTitle(self.tr("Speech"))
        lay = QVBoxLayout(self)
        form = QFormLayout()
        self.model = QComboBox(self)
        self.model.setObjectName("ttsModel")
        self.model.setEditable(True)
        self.model.addItems(MODELS)
        self.model.setCurrentText("gpt-4o-mini-tts")
        form.addRow(self.tr("Model"), self.model)
        self.voice = QComboBox(self)
        self.voice.setObjectName("ttsVoice")
        self.voice.setEditable(True)
        form.addRow(self.tr("Voice"), self.voice)
        self.format = QComboBox(self)
        self.format.setObjectName("ttsFormat")
        self.format.addItems(FORMATS)
        self.format.setToolTip(self.tr("The format for Save; playing always streams raw PCM"))
        form.addRow(self.tr("Format"), self.format)
        speed_row = QHBoxLayout()
        self.speed_slider = QSlider(Qt.Orientation.Horizontal, self)
        self.speed_slider.setObjectName("ttsSpeedSlider")
        self.speed_slider.setRange(25, 400)
        self.speed_slider.setValue(100)
        self.speed = QDoubleSpinBox(self)
        self.speed.setObjectName("ttsSpeed")
        self.speed.setRange(0.25, 4.0)
        self.speed.setSingleStep(0.05)
        self.speed.setValue(1.0)
        self.speed_slider.valueChanged.connect(lambda v: self.speed.setValue(v / 100))
        self.speed.valueChanged.connect(lambda v: self.speed_slider.setValue(round(v * 100)))
        speed_row.addWidget(self.speed_slider, 1)
        speed_row.addWidget(self.speed)
        form.addRow(self.tr("Speed"), speed_row)
        self.instructions = QPlainTextEdit(self)
        self.instructions.setObjectName("ttsInstructions")
        self.instructions.setPlaceholderText(self.tr("Tone, accent, pace… (gpt-4o-mini-tts)"))
        self.instructions.setMaximumHeight(50)
        form.addRow(self.tr("Instructions"), self.instructions)
        lay.addLayout(form)

        self.input = QPlainTextEdit(self)
        self.input.setObjectName("ttsInput")
        self.input.setPlaceholderText(self.tr("Text to speak (empty: the last answer)"))
        self.input.setMaximumHeight(80)
        lay.addWidget(self.input)
        count_row = QHBoxLayout()
        self.counter = QLabel(self)
        self.counter.setObjectName("ttsCounter")
        self.use_answer = QToolButton(self)
        self.use_answer.setObjectName("ttsUseAnswerButton")
        self.use_answer.setText(self.tr("Use last answer"))
        self.use_answer.clicked.connect(self.useAnswerRequested)
        count_row.addWidget(self.counter, 1)
        count_row.addWidget(self.use_answer)
        lay.addLayout(count_row)

        buttons = QGridLayout()
        self.play_button = QPushButton(self.tr("Play"), self)
        self.play_button.setObjectName("ttsPlayButton")
        self.pause_button = QPushButton(self.tr("Pause"), self)
        self.pause_button.setObjectName("ttsPauseButton")
        self.pause_button.setCheckable(True)
        self.stop_button = QPushButton(self.tr("Stop"), self)
        self.stop_button.setObjectName("ttsStopButton")
        self.save_button = QPushButton(self.tr("Save…"), self)
        self.save_button.setObjectName("ttsSaveButton")
        # Two rows of two: the side column stays narrow enough for its scroll area.
        buttons.addWidget(self.play_button, 0, 0)
        buttons.addWidget(self.pause_button, 0, 1)
        buttons.addWidget(self.stop_button, 1, 0)
        buttons.addWidget(self.save_button, 1, 1)
        lay.addLayout(buttons)
        self.play_file_button = QPushButton(self.tr("Play a saved file…"), self)
        self.play_file_button.setObjectName("ttsPlayFileButton")
        self.play_file_button.clicked.connect(self.playFileRequested)
        lay.addWidget(self.play_file_button)
        self.play_button.clicked.connect(self.playRequested)
        self.pause_button.toggled.connect(self._on_pause)
        self.stop_button.clicked.connect(self.stopRequested)
        self.save_button.clicked.connect(self.saveRequested)

        out = QFormLayout()
        dev_row = QHBoxLayout()
        self.device = QComboBox(self)
        self.device.setObjectName("ttsDevice")
        self.device.addItem(self.tr("Default output"), None)
        refresh = QToolButton(self)
        refresh.setObjectName("ttsDevicesButton")
        refresh.setText(self.tr("↻"))
        refresh.setToolTip(self.tr("List the sound outputs again"))
        refresh.clicked.connect(self.devicesRequested)
        dev_row.addWidget(self.device, 1)
        dev_row.addWidget(refresh)
        out.addRow(self.tr("Output"), dev_row)
        self.volume = QSlider(Qt.Orientation.Horizontal, self)
        self.volume.setObjectName("ttsVolume")
        self.volume.setRange(0, 100)
        self.volume.setValue(100)
        out.addRow(self.tr("Volume"), self.volume)
        self.profile = QComboBox(self)
        self.profile.setObjectName("ttsProfile")
        self.profile.setToolTip(self.tr("Speak with another provider than the chat, e.g. OpenAI"))
        out.addRow(self.tr("Provider"), self.profile)
        lay.addLayout(out)
        self.auto_read = QCheckBox(self.tr("Read answers aloud as they arrive"), self)
        self.auto_read.setObjectName("ttsAutoRead")
        lay.addWidget(self.auto_read)
        self.status = QLabel(self)
        self.status.setObjectName("ttsStatus")
        self.status.setWordWrap(True)
        lay.addWidget(self.status)

        # Combos size to a few characters, not to their longest item: the column stays narrow.
        for box in (self.model, self.voice, self.format, self.device, self.profile):
            box.setSizeAdjustPolicy(
                QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
            )
            box.setMinimumContentsLength(8)
        self.model.currentTextChanged.connect(self._on_model)
        self.input.textChanged.connect(self._update_counter)
        self._on_model(self.model.currentText())
        self._update_counter()
        self.set_playing(False)

    def _on_model(self, model: str) -> None:
        """Offer the voices this model takes; instructions only where the model reads them."""
        current = self.voice.currentText() or "alloy"
        voices = voices_for(model.strip())
        self.voice.blockSignals(True)
        self.voice.clear()
        self.voice.addItems(voices)
        self.voice.setCurrentText(current if current in voices else voices[0])
        self.voice.blockSignals(False)
        on = takes_instructions(model.strip())
        self.instructions.setEnabled(on)
        self.instructions.setToolTip(
            "" if on else self.tr("Only gpt-4o-mini-tts takes instructions.")
        )

    def _update_counter(self) -> None:
        n = len(self.input.toPlainText())
        if n > MAX_INPUT:
            parts = len(split_text(self.input.toPlainText(), MAX_INPUT))
            self.counter.setText(
                self.tr("{0} / {1} characters: spoken in {2} parts").format(n, MAX_INPUT, parts)
            )
        else:
            self.counter.setText(self.tr("{0} / {1} characters").format(n, MAX_INPUT))

    def _on_pause(self, on: bool) -> None:
        self.pause_button.setText(self.tr("Resume") if on else self.tr("Pause"))
        self.pauseToggled.emit(on)

    def set_playing(self, playing: bool) -> None:
        self.play_button.setEnabled(not playing)
        self.play_file_button.setEnabled(not playing)
        self.pause_button.setEnabled(playing)
        self.stop_button.setEnabled(playing)
        if not playing and self.pause_button.isChecked():
            self.pause_button.blockSignals(True)
            self.pause_button.setChecked(False)
            self.pause_button.setText(self.tr("Pause"))
            self.pause_button.blockSignals(False)

    def set_devices(self, devices: list[tuple[int, str]]) -> None:
        current = self.device.currentData()
        self.device.clear()
        self.device.addItem(self.tr("Default output"), None)
        for index, name in devices:
            self.device.addItem(name, index)
        i = self.device.findData(current)
        self.device.setCurrentIndex(max(0, i))

    @property
    def instructions_text(self) -> str:
        return self.instructions.toPlainText().strip() if self.instructions.isEnabled() else ""
