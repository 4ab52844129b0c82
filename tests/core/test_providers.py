"""Provider profiles: presets, the environment profile, URL checks, load/save, and the key-leak scan."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from keyring.backends import fail

from app.core import logsetup
from app.core.model_rules import RuleStore
from app.core.providers import (
    PRESETS,
    Profile,
    ProviderConfig,
    env_profile,
    is_local_url,
    load_providers,
    new_profile,
    plain_http_key_warning,
    preset,
    save_providers,
)
from app.core.secrets import KeyStore
from tests.core.keyrings import MemoryKeyring, use_keyring

KEYS = {
    "openai",
    "azure",
    "deepseek",
    "ollama",
    "lmstudio",
    "llamacpp",
    "vllm",
    "openrouter",
    "siliconflow",
    "moonshot",
    "zhipu",
    "qwen",
    "custom",
}
LOCAL = {"ollama", "lmstudio", "llamacpp", "vllm"}


@pytest.fixture(autouse=True)
def _no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENAI_BASE_URL", raising=False)
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)


# -- presets ------------------------------------------------------------------------------


def test_presets_complete_and_well_formed() -> None:
    assert len(PRESETS) == 13
    assert {p.key for p in PRESETS} == KEYS
    assert len({p.name for p in PRESETS}) == 13
    for p in PRESETS:
        assert p.name and p.notes.endswith(".")
        assert p.auth in ("bearer", "azure")
        assert p.needs_key == (p.key not in LOCAL)
        assert p.base_url == p.base_url.strip().rstrip("/")
        if p.key == "custom":
            assert p.base_url == ""
            continue
        scheme = urlsplit(p.base_url).scheme
        if p.key in LOCAL:
            assert scheme == "http" and is_local_url(p.base_url), p
        else:
            assert scheme == "https", p
            assert not is_local_url(p.base_url)
    assert preset("azure").auth == "azure"
    assert sum(p.auth == "azure" for p in PRESETS) == 1
    assert preset("openai").base_url == "https://api.openai.com/v1"
    assert preset("zhipu").base_url == "https://open.bigmodel.cn/api/paas/v4"
    assert preset("qwen").base_url == "https://dashscope.aliyuncs.com/compatible-mode/v1"
    assert preset("azure").base_url == "https://YOUR-RESOURCE.openai.azure.com"


def test_unknown_preset_is_custom() -> None:
    assert preset("nonsense") is preset("custom")
    assert preset("") is preset("custom")


@pytest.mark.parametrize("key", sorted(KEYS))
def test_new_profile_fills_from_preset(key: str) -> None:
    p = new_profile(key)
    pr = preset(key)
    assert len(p.id) == 32 and int(p.id, 16) >= 0
    assert p.name == pr.name
    assert (p.preset, p.base_url, p.default_model) == (key, pr.base_url, pr.default_model)
    assert p.auth == pr.auth
    assert p.api_version == ("2024-10-21" if key == "azure" else "")
    assert not p.key_in_file and not p.from_env
    assert p.extra_headers == {} and p.proxy == "" and p.timeout == 120.0


def test_new_profile_ids_differ_and_name_is_kept() -> None:
    a, b = new_profile("openai", "Work"), new_profile("openai")
    assert a.id != b.id
    assert a.name == "Work"


# -- environment --------------------------------------------------------------------------


def test_env_profile_absent() -> None:
    assert env_profile() is None


def test_env_profile_from_key_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-only-1234567890")
    p = env_profile()
    assert p is not None
    assert (p.id, p.name, p.from_env) == ("env", "Environment (OPENAI_*)", True)
    assert p.base_url == "https://api.openai.com/v1"
    assert p.preset == "openai"
    assert "sk-env" not in repr(p)


def test_env_profile_from_url(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:11434/v1/")
    p = env_profile()
    assert p is not None
    assert p.base_url == "http://localhost:11434/v1/"
    assert p.preset == "ollama"
    monkeypatch.setenv("OPENAI_BASE_URL", "https://my-proxy.example/v1")
    p = env_profile()
    assert p is not None and p.preset == "custom" and p.default_model == ""


def test_env_profile_blank_values_count_as_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "  ")
    monkeypatch.setenv("OPENAI_API_KEY", "")
    assert env_profile() is None


def test_config_get_and_all_profiles(monkeypatch: pytest.MonkeyPatch) -> None:
    a, b = new_profile("openai"), new_profile("ollama")
    cfg = ProviderConfig([a, b], chat_profile=a.id)
    assert cfg.all_profiles() == [a, b]
    assert cfg.get("env") is None
    assert cfg.get(b.id) is b
    assert cfg.get("missing") is None
    monkeypatch.setenv("OPENAI_API_KEY", "sk-x-1234567890")
    allp = cfg.all_profiles()
    assert [p.id for p in allp] == ["env", a.id, b.id]
    env = cfg.get("env")
    assert env is not None and env.from_env
    # chat()/tts() conveniences
    assert cfg.chat() is a
    assert cfg.tts() is a
    cfg.tts_profile = b.id
    assert cfg.tts() is b
    cfg.chat_profile = "gone"
    chat = cfg.chat()
    assert chat is not None and chat.id == "env"


# -- URL checks ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "local"),
    [
        ("http://localhost:11434/v1", True),
        ("http://LOCALHOST/v1", True),
        ("http://127.0.0.1:8080/v1", True),
        ("http://127.5.6.7/v1", True),
        ("http://[::1]:8000/v1", True),
        ("http://0.0.0.0:1234/v1", True),
        ("http://api.localhost/v1", True),
        ("https://localhost/v1", True),
        ("localhost:11434/v1", True),
        ("http://[::ffff:127.0.0.1]/v1", True),
        ("http://192.168.1.10:11434/v1", False),
        ("http://10.0.0.2/v1", False),
        ("http://example.com/v1", False),
        ("http://localhost.example.com/v1", False),
        ("http://128.0.0.1/v1", False),
        ("https://api.openai.com/v1", False),
        ("", False),
        ("http://[not-an-ip/v1", False),
    ],
)
def test_is_local_url(url: str, local: bool) -> None:
    assert is_local_url(url) is local


@pytest.mark.parametrize(
    ("url", "has_key", "warn"),
    [
        ("http://example.com/v1", True, True),
        ("HTTP://example.com/v1", True, True),
        ("http://192.168.1.10:11434/v1", True, True),
        ("http://example.com/v1", False, False),
        ("https://example.com/v1", True, False),
        ("http://localhost:11434/v1", True, False),
        ("http://127.0.0.1:8000/v1", True, False),
        ("http://[::1]/v1", True, False),
        ("example.com/v1", True, False),  # no scheme: the client uses https
        ("", True, False),
    ],
)
def test_plain_http_key_warning(url: str, has_key: bool, warn: bool) -> None:
    assert plain_http_key_warning(url, has_key) is warn


# -- load / save --------------------------------------------------------------------------


def test_missing_file_gives_the_openai_default(tmp_path: Path) -> None:
    cfg = load_providers(tmp_path / "providers.json")
    assert len(cfg.profiles) == 1
    p = cfg.profiles[0]
    assert (p.preset, p.name, p.base_url) == ("openai", "OpenAI", "https://api.openai.com/v1")
    assert cfg.chat_profile == p.id and cfg.tts_profile == ""


def test_default_chat_profile_is_the_environment_when_set(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "http://localhost:8080/v1")
    cfg = load_providers(tmp_path / "providers.json")
    assert cfg.chat_profile == "env"
    assert cfg.all_profiles()[0].id == "env"


def test_round_trip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "cfg" / "providers.json"
    a = new_profile("azure", "Work Azure")
    a.base_url = "https://contoso.openai.azure.com"
    a.default_model = "gpt-4o-deployment"
    a.extra_headers = {"X-Team": "blue"}
    a.timeout = 30.5
    a.proxy = "http://proxy:3128"
    a.key_in_file = True
    b = new_profile("ollama", "Local")
    cfg = ProviderConfig([a, b], chat_profile=a.id, tts_profile=b.id)
    monkeypatch.setenv("OPENAI_API_KEY", "sk-env-xyz-1234567890")
    save_providers(path, cfg)
    loaded = load_providers(path)
    assert loaded.profiles == [a, b]
    assert (loaded.chat_profile, loaded.tts_profile) == (a.id, b.id)
    assert loaded.profiles[0].auth == "azure"
    data = json.loads(path.read_text())
    assert data["version"] == 1
    assert all("key" not in d and "api_key" not in d for d in data["profiles"])
    assert "env" not in path.read_text()  # the environment profile is never written
    assert "sk-env" not in path.read_text()


def test_env_profile_in_the_list_is_never_saved(tmp_path: Path) -> None:
    path = tmp_path / "providers.json"
    env = Profile(id="env", name="Environment (OPENAI_*)", from_env=True)
    other = new_profile("deepseek")
    save_providers(path, ProviderConfig([env, other], chat_profile="env"))
    data = json.loads(path.read_text())
    assert [d["id"] for d in data["profiles"]] == [other.id]
    # On load without the environment, the chat profile falls back to a saved one.
    cfg = load_providers(path)
    assert cfg.chat_profile == other.id


@pytest.mark.parametrize("content", ["{oops", "[]", '{"profiles": 3}', "null", ""])
def test_damaged_file_gives_defaults_and_is_kept(tmp_path: Path, content: str) -> None:
    path = tmp_path / "providers.json"
    path.write_text(content)
    cfg = load_providers(path)
    assert [p.preset for p in cfg.profiles] == ["openai"]
    assert (tmp_path / "providers.json.damaged").read_text() == content
    assert not path.exists()


def test_undecodable_file_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "providers.json"
    path.write_bytes(b"\xff\xfe\xfa")
    assert [p.preset for p in load_providers(path).profiles] == ["openai"]


def test_tolerant_field_loading(tmp_path: Path) -> None:
    path = tmp_path / "providers.json"
    good = new_profile("openrouter")
    data = {
        "version": 99,
        "chat_profile": 5,
        "tts_profile": "missing",
        "profiles": [
            "not a dict",
            {"name": "no id"},
            {"id": "env", "name": "pretends to be the environment"},
            {
                "id": "p1",
                "name": 7,
                "preset": "weird",
                "base_url": ["x"],
                "extra_headers": {"A": "1", "B": 2, " ": "3"},
                "timeout": -1,
                "proxy": None,
                "api_version": 5,
                "key_in_file": "yes",
                "api_key": "sk-should-be-ignored-123456",
                "unknown": 1,
            },
            {"id": "p1", "name": "duplicate id"},
            good.to_dict(),
        ],
    }
    path.write_text(json.dumps(data))
    cfg = load_providers(path)
    assert [p.id for p in cfg.profiles] == ["p1", good.id]
    p1 = cfg.profiles[0]
    # Saved before has_key existed: it may have a key in the keychain, so it is looked for.
    assert p1 == Profile(id="p1", name="Unnamed", extra_headers={"A": "1"}, has_key=True)
    assert cfg.profiles[1] == good
    assert cfg.chat_profile == "p1"  # an invalid chat profile falls back to the first
    assert cfg.tts_profile == ""  # a missing TTS profile means "same as chat"
    save_providers(path, cfg)
    assert "sk-should-be-ignored" not in path.read_text()


def test_has_key_is_saved_and_new_profiles_have_none(tmp_path: Path) -> None:
    path = tmp_path / "providers.json"
    cfg = load_providers(path)  # defaults: one OpenAI profile, no key stored yet
    assert [p.has_key for p in cfg.profiles] == [False]
    with_key = new_profile("deepseek")
    with_key.has_key = True
    cfg.profiles.append(with_key)
    save_providers(path, cfg)
    saved = json.loads(path.read_text())["profiles"]
    assert [p["has_key"] for p in saved] == [False, True]
    assert [p.has_key for p in load_providers(path).profiles] == [False, True]
    saved[0]["has_key"] = "yes"  # not a bool: unknown, so the keychain is asked
    path.write_text(json.dumps({"profiles": saved}))
    assert [p.has_key for p in load_providers(path).profiles] == [True, True]


def test_empty_profile_list_gives_defaults(tmp_path: Path) -> None:
    path = tmp_path / "providers.json"
    path.write_text('{"profiles": []}')
    assert [p.preset for p in load_providers(path).profiles] == ["openai"]


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path: Path) -> None:
    path = tmp_path / "providers.json"
    cfg = load_providers(path)
    for _ in range(3):
        save_providers(path, cfg)
    assert sorted(os.listdir(tmp_path)) == ["providers.json"]


# -- the key-leak scan --------------------------------------------------------------------

DISTINCTIVE = "sk-LEAKCHECK-7f3a9c2e5b1d4a8f6e0c9b7a5d3f1e2c"


def scan(root: Path, needle: str) -> list[Path]:
    """Every file under `root` whose bytes contain `needle` (plain, or JSON-escaped)."""
    hits = []
    for p in root.rglob("*"):
        if p.is_file():
            data = p.read_bytes()
            if needle.encode() in data or json.dumps(needle).encode()[1:-1] in data:
                hits.append(p)
    return hits


@pytest.fixture
def redacting_log(tmp_path: Path) -> Iterator[Path]:
    """A log file with the app's redacting filter, like setup_logging's."""
    log_file = tmp_path / "logs" / "chatterdesk.log"
    log_file.parent.mkdir()
    handler = logging.FileHandler(log_file, encoding="utf-8")
    handler.addFilter(logsetup.RedactingFilter())
    root = logging.getLogger()
    old_level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    try:
        yield log_file
    finally:
        root.removeHandler(handler)
        root.setLevel(old_level)
        handler.close()


def exercise(tmp_path: Path, allow_file: bool) -> Path:
    """Save profiles whose keys are set through KeyStore, log, learn a rule; return the key file."""
    config = tmp_path / "config"
    key_file = config / "secret" / "keys.json"
    keys = KeyStore(key_file)
    cfg = load_providers(config / "providers.json")
    for pk in ("openai", "azure", "deepseek", "ollama", "custom"):
        p = new_profile(pk)
        p.key_in_file = allow_file
        p.extra_headers = {"X-Client": "chatterdesk"}
        cfg.profiles.append(p)
        res = keys.set(p.id, DISTINCTIVE, allow_file=allow_file)
        logging.getLogger("chatterdesk.test").info(
            "stored the key %s for %s: %s (%r)", DISTINCTIVE, p.name, res.message, keys
        )
        assert keys.get(p.id) == DISTINCTIVE
    save_providers(config / "providers.json", cfg)
    rules = RuleStore(config / "model-rules.json")
    rules.override("o3", sampling=True)
    rules.drop("llama3", "logprobs")
    fresh = KeyStore(key_file)
    logging.getLogger("chatterdesk.test").warning(
        "Authorization: Bearer %s", fresh.get(cfg.profiles[-1].id)
    )
    save_providers(config / "providers.json", load_providers(config / "providers.json"))
    return key_file


def test_no_key_in_any_file_with_a_keychain(tmp_path: Path, redacting_log: Path) -> None:
    with use_keyring(MemoryKeyring()) as kr:
        key_file = exercise(tmp_path, allow_file=True)
        assert isinstance(kr, MemoryKeyring)
        assert DISTINCTIVE in kr.store.values()
    assert not key_file.exists()
    assert redacting_log.stat().st_size > 0
    assert "[REDACTED]" in redacting_log.read_text()
    assert scan(tmp_path, DISTINCTIVE) == []


def test_no_key_in_any_file_without_a_keychain(tmp_path: Path, redacting_log: Path) -> None:
    with use_keyring(fail.Keyring()):
        key_file = exercise(tmp_path, allow_file=False)
    assert not key_file.exists()
    assert scan(tmp_path, DISTINCTIVE) == []


def test_only_the_opt_in_key_file_holds_the_key(tmp_path: Path, redacting_log: Path) -> None:
    with use_keyring(fail.Keyring()):
        key_file = exercise(tmp_path, allow_file=True)
    assert scan(tmp_path, DISTINCTIVE) == [key_file]
    assert (key_file.stat().st_mode & 0o777) == 0o600
    assert (key_file.parent.stat().st_mode & 0o777) == 0o700


def test_core_modules_do_not_import_qt() -> None:
    import subprocess
    import sys

    repo = Path(__file__).resolve().parents[2]
    code = (
        "import sys, app.core.providers, app.core.secrets, app.core.model_rules, app.core.params\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6', 'qasync'))\n"
        "assert not bad, bad\n"
        "print('LAYERING-OK')\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=repo,
        env=dict(os.environ, PYTHONPATH=str(repo)),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "LAYERING-OK" in proc.stdout, proc.stdout + proc.stderr
