"""The seed tutorial's code examples, reproduced from the UI, send what the seed's code sends.

Each test does the example in the real MainWindow against the fake server, then runs the seed's
own code (the real `openai` v1 package, or openai==0.28.1 from tests/legacy_openai.py) against
the same server, and compares what the server received. The seed's code is copied verbatim from
openai-api-tutorial.zh.txt, apart from: the base URL and key come from the environment of the run
(the seed sets them with os.environ, which would put a key into the file), and the one loop body
whose indentation the tutorial's text lost is indented again. Finally the code the dialog offers
for the same request is run too, and must send the same body.

The seed's completions example is not reproduced from the UI: the completions mode is not in the
window yet (its snippets are tested in tests/api/test_snippets.py).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QComboBox, QPlainTextEdit

from app.api import snippets
from app.ui.code_dialog import window_calls
from tests.conftest import TEST_KEY
from tests.fakeserver import FakeServer, RecordedRequest, speech_pcm
from tests.legacy_openai import run_snippet
from tests.ui.test_main_window import find, set_param, type_and_send, view_text, wait_idle

SEED_CHAT = """\
from openai import OpenAI # 导入OpenAI库
client = OpenAI() # 创建OpenAI客户端对象
# 调用模型
completion = client.chat.completions.create(
model="gpt-3.5-turbo",
messages=[
{"role": "system", "content": "你是一个乐于助人的助手。"},
{"role": "user", "content": "你好!"}
]
)
# 输出模型回复
print(completion.choices[0].message)
"""

SEED_CHAT_028 = """\
import openai
response = openai.ChatCompletion.create(
model="gpt-3.5-turbo",
messages=[
{"role": "system", "content": "你是一个乐于助人的助手。"},
{"role": "user", "content": "你好啊!"},
],
temperature=0.8,
max_tokens=30
)
print(response['choices'][0]['message']['content'])
"""

SEED_MODELS = """\
from openai import OpenAI
client = OpenAI()
models = client.models.list()
print(models)
model_list = []
for model in models.data:
    model_list.append(model.id )
print(model_list)
"""

SEED_RETRIEVE = """\
from openai import OpenAI
client = OpenAI()
gpt = client.models.retrieve("gpt-3.5-turbo")
print(gpt)
"""

SEED_SPEECH = """\
from openai import OpenAI # 导入OpenAI库
client = OpenAI() # 创建OpenAI客户端对象
speech_file_path = "./speech.mp3" # 定义要保存生成语音文件的路径
# 向OpenAI API 发送请求,生成语音文件
response = client.audio.speech.create(
model="tts-1", # 指定使用的语音生成模型
voice="alloy", # 指定使用的语音风格
input="Today is a wonderful day to build something people love!" # 要转换为语音的输入文本
)
# 将生成的语音文件保存到本地磁盘
response.stream_to_file(speech_file_path)
"""

REPLY = "你好! 有什么问题我可以帮助你解答吗?"


@pytest.fixture
def seed_window(make_window: Any, fake_server: FakeServer) -> Any:
    """The window on a fake server that knows the seed's models."""
    for mid in ("gpt-3.5-turbo", "gpt-3.5-turbo-instruct"):
        fake_server.models.append(
            {"id": mid, "object": "model", "created": 1, "owned_by": "openai"}
        )
    fake_server.behavior.reply = REPLY
    return make_window(fake_server.base_url)


def run_code(code: str, style: str, srv: FakeServer, tmp_path: Path) -> RecordedRequest:
    """Run `code` against the fake server; the one request it made."""
    srv.requests.clear()
    env = {"OPENAI_API_KEY": TEST_KEY, "OPENAI_BASE_URL": srv.base_url}
    if style == "python-0.28":  # 0.28 reads OPENAI_API_BASE; the seed's OPENAI_BASE_URL is ignored
        env["OPENAI_API_BASE"] = srv.base_url
    ran = run_snippet(code, style, tmp_path, env)
    assert ran.returncode == 0, f"{code}\n{ran.output}"
    assert len(srv.requests) == 1, [(r.method, r.path) for r in srv.requests]
    return srv.requests[0]


def copied_code(w: Any, label: str, style: str) -> str:
    """The code the Copy as code dialog shows for the call whose label starts with `label`."""
    calls = [c for c in window_calls(w) if c.label.startswith(label)]
    assert calls, [c.label for c in window_calls(w)]
    code = snippets.snippet(calls[0], style, [TEST_KEY])
    assert TEST_KEY not in code
    return code


def ask_without_streaming(qtbot: Any, w: Any, model: str, system: str, text: str) -> None:
    find(w, "modelPicker", QComboBox).setEditText(model)
    find(w, "systemPromptEdit", QPlainTextEdit).setPlainText(system)
    find(w, "param_stream").findChild(QCheckBox).setChecked(False)  # the seed does not stream
    type_and_send(qtbot, w, text)
    wait_idle(qtbot, w)


def test_seed_chat(qtbot: Any, seed_window: Any, fake_server: FakeServer, tmp_path: Path) -> None:
    ask_without_streaming(qtbot, seed_window, "gpt-3.5-turbo", "你是一个乐于助人的助手。", "你好!")
    assert REPLY in view_text(seed_window)
    ui = fake_server.last("/chat/completions")
    seed = run_code(SEED_CHAT, "python", fake_server, tmp_path)
    assert (seed.method, seed.path) == (ui.method, ui.path) == ("POST", "/v1/chat/completions")
    assert (
        ui.json
        == seed.json
        == {
            "model": "gpt-3.5-turbo",
            "messages": [
                {"role": "system", "content": "你是一个乐于助人的助手。"},
                {"role": "user", "content": "你好!"},
            ],
        }
    )
    for style in ("python", "curl"):
        code = copied_code(seed_window, "Chat: the last answer", style)
        assert run_code(code, style, fake_server, tmp_path).json == seed.json


def test_seed_chat_openai_028(
    qtbot: Any, seed_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    set_param(seed_window, "temperature", 0.8)
    set_param(seed_window, "max_tokens", 30)
    ask_without_streaming(
        qtbot, seed_window, "gpt-3.5-turbo", "你是一个乐于助人的助手。", "你好啊!"
    )
    ui = fake_server.last("/chat/completions")
    seed = run_code(SEED_CHAT_028, "python-0.28", fake_server, tmp_path)
    assert seed.path == ui.path == "/v1/chat/completions"
    assert ui.json == seed.json
    assert seed.json["temperature"] == 0.8 and seed.json["max_tokens"] == 30
    code = copied_code(seed_window, "Chat: the last answer", "python-0.28")
    assert "openai.ChatCompletion.create(" in code
    assert run_code(code, "python-0.28", fake_server, tmp_path).json == seed.json


def test_seed_list_models(
    qtbot: Any, seed_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    fake_server.requests.clear()
    with qtbot.waitSignal(seed_window.modelsLoaded, timeout=5000):
        qtbot.mouseClick(find(seed_window, "refreshModelsButton"), Qt.MouseButton.LeftButton)
    ui = fake_server.last("/models")
    seed = run_code(SEED_MODELS, "python", fake_server, tmp_path)
    assert (ui.method, ui.path, ui.query, ui.body) == (
        seed.method,
        seed.path,
        seed.query,
        seed.body,
    )
    assert (seed.method, seed.path) == ("GET", "/v1/models")
    for style in ("python", "python-0.28", "curl"):
        r = run_code(copied_code(seed_window, "Models: list", style), style, fake_server, tmp_path)
        assert (r.method, r.path, r.body) == ("GET", "/v1/models", None)


def test_seed_retrieve_model(
    qtbot: Any, seed_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    find(seed_window, "modelPicker", QComboBox).setEditText("gpt-3.5-turbo")
    dlg = seed_window.show_model_details()
    qtbot.waitUntil(lambda: "openai" in dlg.summary.text(), timeout=5000)
    ui = fake_server.last("/models/gpt-3.5-turbo")
    seed = run_code(SEED_RETRIEVE, "python", fake_server, tmp_path)
    assert (ui.method, ui.path, ui.body) == (seed.method, seed.path, seed.body)
    assert (seed.method, seed.path) == ("GET", "/v1/models/gpt-3.5-turbo")
    for style in ("python", "python-0.28", "curl"):
        code = copied_code(seed_window, "Models: retrieve gpt-3.5-turbo", style)
        r = run_code(code, style, fake_server, tmp_path)
        assert (r.method, r.path, r.body) == ("GET", "/v1/models/gpt-3.5-turbo", None)


def test_seed_speech(qtbot: Any, seed_window: Any, fake_server: FakeServer, tmp_path: Path) -> None:
    fake_server.behavior.speech_seconds = 0.3
    w = seed_window
    find(w, "ttsModel", QComboBox).setCurrentText("tts-1")
    find(w, "ttsVoice", QComboBox).setCurrentText("alloy")
    find(w, "ttsFormat", QComboBox).setCurrentText("mp3")
    text = "Today is a wonderful day to build something people love!"
    find(w, "ttsInput", QPlainTextEdit).setPlainText(text)
    ui_file = tmp_path / "ui.mp3"
    with qtbot.waitSignal(w.tts.saved, timeout=10000):
        w.save_speech(str(ui_file))
    ui = fake_server.last("/audio/speech")
    seed = run_code(SEED_SPEECH, "python", fake_server, tmp_path)
    assert seed.path == ui.path == "/v1/audio/speech"
    assert seed.json == {"model": "tts-1", "voice": "alloy", "input": text}
    # The app names the format it saves (mp3 is the API's default too; a server with another
    # default must not get a file in the wrong format). Speed 1.0, the default, is left out.
    extra = {k: v for k, v in ui.json.items() if k not in seed.json}
    assert {k: ui.json[k] for k in seed.json} == seed.json
    assert extra == {"response_format": "mp3"}
    pcm = speech_pcm(0.3)
    assert ui_file.read_bytes() == (tmp_path / "speech.mp3").read_bytes() == pcm
    for style in ("python", "python-0.28", "curl"):
        (tmp_path / "speech.mp3").unlink()
        r = run_code(copied_code(w, "Speech:", style), style, fake_server, tmp_path)
        assert r.json == ui.json
        assert (tmp_path / "speech.mp3").read_bytes() == pcm


SEED_COMPLETION = """\
from openai import OpenAI # 导入OpenAI库
client = OpenAI() # 创建OpenAI客户端对象
response = client.completions.create(
model="gpt-3.5-turbo-instruct",
prompt="你好,很高兴",
temperature=0.5
)
print(response.choices[0].text)
"""

SEED_COMPLETION_028 = """\
import openai
response = openai.Completion.create(
model="gpt-3.5-turbo-instruct",
prompt="你是"
)
print(response.choices[0].text.strip())
"""


def complete_in_ui(qtbot: Any, w: Any, prompt: str) -> None:
    """Completions mode, the seed's prompt, Run without streaming (the seed does not stream)."""
    find(w, "modeSwitch", QComboBox).setCurrentIndex(1)
    find(w, "modelPicker", QComboBox).setEditText("gpt-3.5-turbo-instruct")
    find(w, "param_stream").findChild(QCheckBox).setChecked(False)
    find(w, "completionPrompt", QPlainTextEdit).setPlainText(prompt)
    qtbot.mouseClick(find(w, "completionRunButton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not w.completions.busy, timeout=10000)


def test_seed_completion(
    qtbot: Any, seed_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    set_param(seed_window, "temperature", 0.5)
    complete_in_ui(qtbot, seed_window, "你好,很高兴")
    ui = fake_server.last("/completions")
    editor = find(seed_window, "completionPrompt", QPlainTextEdit).toPlainText()
    assert editor == "你好,很高兴" + REPLY  # the completion is appended to the prompt
    seed = run_code(SEED_COMPLETION, "python", fake_server, tmp_path)
    assert seed.path == ui.path == "/v1/completions"
    assert (
        ui.json
        == seed.json
        == {
            "model": "gpt-3.5-turbo-instruct",
            "prompt": "你好,很高兴",
            "temperature": 0.5,
        }
    )
    # Copy as code, before the next Run, shows the request Run would send now.
    find(seed_window, "completionPrompt", QPlainTextEdit).setPlainText("你好,很高兴")
    for style in ("python", "python-0.28", "curl"):
        code = copied_code(seed_window, "Completion: the next request", style)
        assert run_code(code, style, fake_server, tmp_path).json == seed.json


def test_seed_completion_openai_028(
    qtbot: Any, seed_window: Any, fake_server: FakeServer, tmp_path: Path
) -> None:
    complete_in_ui(qtbot, seed_window, "你是")
    ui = fake_server.last("/completions")
    seed = run_code(SEED_COMPLETION_028, "python-0.28", fake_server, tmp_path)
    assert ui.json == seed.json == {"model": "gpt-3.5-turbo-instruct", "prompt": "你是"}
