"""Provider profiles: named connections (base URL, default model, headers, timeout, proxy).

A profile never holds an API key: keys live in `app.core.secrets.KeyStore`, per profile id, so
the profiles file can be read, copied and attached to a bug report without leaking anything.
`OPENAI_BASE_URL` / `OPENAI_API_KEY` from the environment appear as a profile of their own
(id "env"), built at run time and never saved.
"""

from __future__ import annotations

import ipaddress
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from .atomic import write_atomic
from .i18n import QT_TRANSLATE_NOOP
from .jsonfile import load_json_object

log = logging.getLogger("chatterdesk.core")

PROVIDERS_VERSION = 1
ENV_PROFILE_ID = "env"
ENV_PROFILE_NAME = QT_TRANSLATE_NOOP("Providers", "Environment (OPENAI_*)")
OPENAI_BASE_URL = "https://api.openai.com/v1"
AZURE_API_VERSION = "2024-10-21"


@dataclass(frozen=True)
class Preset:
    key: str
    name: str
    base_url: str
    needs_key: bool
    auth: str  # "bearer" or "azure"
    default_model: str
    notes: str


PRESETS: tuple[Preset, ...] = (
    Preset(
        "openai",
        "OpenAI",
        OPENAI_BASE_URL,
        True,
        "bearer",
        "gpt-4o-mini",
        QT_TRANSLATE_NOOP("Providers", "The OpenAI API; create a key at platform.openai.com."),
    ),
    Preset(
        "azure",
        "Azure OpenAI",
        "https://YOUR-RESOURCE.openai.azure.com",
        True,
        "azure",
        "",
        QT_TRANSLATE_NOOP(
            "Providers",
            "Use your resource URL and an API version; the model field is the deployment name.",
        ),
    ),
    Preset(
        "deepseek",
        "DeepSeek",
        "https://api.deepseek.com/v1",
        True,
        "bearer",
        "deepseek-chat",
        QT_TRANSLATE_NOOP(
            "Providers", "deepseek-reasoner streams its reasoning before the answer."
        ),
    ),
    Preset(
        "ollama",
        "Ollama",
        "http://localhost:11434/v1",
        False,
        "bearer",
        "llama3.2",
        QT_TRANSLATE_NOOP("Providers", "A local Ollama server; no key is needed."),
    ),
    Preset(
        "lmstudio",
        "LM Studio",
        "http://localhost:1234/v1",
        False,
        "bearer",
        "",
        QT_TRANSLATE_NOOP(
            "Providers", "Start the local server in LM Studio's Developer tab; no key is needed."
        ),
    ),
    Preset(
        "llamacpp",
        QT_TRANSLATE_NOOP("Providers", "llama.cpp server"),
        "http://localhost:8080/v1",
        False,
        "bearer",
        "",
        QT_TRANSLATE_NOOP(
            "Providers", "llama-server serves the one model it was started with; no key is needed."
        ),
    ),
    Preset(
        "vllm",
        "vLLM",
        "http://localhost:8000/v1",
        False,
        "bearer",
        "",
        QT_TRANSLATE_NOOP(
            "Providers",
            "A vLLM OpenAI-compatible server; a key only if it was started with --api-key.",
        ),
    ),
    Preset(
        "openrouter",
        "OpenRouter",
        "https://openrouter.ai/api/v1",
        True,
        "bearer",
        "openai/gpt-4o-mini",
        QT_TRANSLATE_NOOP(
            "Providers", "Many providers' models behind one key; model ids carry a vendor prefix."
        ),
    ),
    Preset(
        "siliconflow",
        QT_TRANSLATE_NOOP("Providers", "SiliconFlow"),
        "https://api.siliconflow.cn/v1",
        True,
        "bearer",
        "deepseek-ai/DeepSeek-V3",
        QT_TRANSLATE_NOOP(
            "Providers", "Open models hosted by SiliconFlow; model ids carry a vendor prefix."
        ),
    ),
    Preset(
        "moonshot",
        QT_TRANSLATE_NOOP("Providers", "Moonshot (Kimi)"),
        "https://api.moonshot.cn/v1",
        True,
        "bearer",
        "moonshot-v1-8k",
        QT_TRANSLATE_NOOP("Providers", "Moonshot AI's Kimi models."),
    ),
    Preset(
        "zhipu",
        QT_TRANSLATE_NOOP("Providers", "Zhipu (GLM)"),
        "https://open.bigmodel.cn/api/paas/v4",
        True,
        "bearer",
        "glm-4-flash",
        QT_TRANSLATE_NOOP("Providers", "Zhipu's GLM models; note the base URL ends in /v4."),
    ),
    Preset(
        "qwen",
        QT_TRANSLATE_NOOP("Providers", "Alibaba Qwen (DashScope)"),
        "https://dashscope.aliyuncs.com/compatible-mode/v1",
        True,
        "bearer",
        "qwen-plus",
        QT_TRANSLATE_NOOP("Providers", "DashScope's OpenAI-compatible mode for the Qwen models."),
    ),
    Preset(
        "custom",
        QT_TRANSLATE_NOOP("Providers", "Custom"),
        "",
        True,
        "bearer",
        "",
        QT_TRANSLATE_NOOP(
            "Providers",
            "Any other OpenAI-compatible server: enter its base URL (usually ending in /v1).",
        ),
    ),
)
LOCAL_PRESET = Preset(
    "local",
    QT_TRANSLATE_NOOP("Providers", "Local (SmolLM2)"),
    "",  # the address of the server the app starts for it
    False,
    "bearer",
    "smollm2",
    QT_TRANSLATE_NOOP(
        "Providers",
        "A small open model that runs on this computer: no account, no key. Needs the "
        "optional 'local' install.",
    ),
)
_BY_KEY = {p.key: p for p in (*PRESETS, LOCAL_PRESET)}


def preset(key: str) -> Preset:
    """The preset for `key`; an unknown key gives the "custom" preset."""
    return _BY_KEY.get(key, _BY_KEY["custom"])


@dataclass
class Profile:
    id: str
    name: str
    preset: str = "custom"
    base_url: str = ""
    default_model: str = ""
    extra_headers: dict[str, str] = field(default_factory=dict)
    timeout: float = 120.0
    proxy: str = ""
    api_version: str = ""
    key_in_file: bool = False
    # A key was stored for it (keychain or key file), so it is read at start; without one the
    # keychain is not touched (keyring and its backends cost 2 to 12 MiB). Profiles saved
    # before this field existed count as having one.
    has_key: bool = False
    from_env: bool = False
    # The local preset only: the GGUF file ("" = the bundled SmolLM2), context size, threads.
    local_model: str = ""
    local_ctx: int = 2048
    local_threads: int = 0  # 0 = let llama.cpp choose

    @property
    def auth(self) -> str:
        return preset(self.preset).auth

    @property
    def is_local(self) -> bool:
        return self.preset == LOCAL_PRESET.key

    def to_dict(self) -> dict[str, Any]:
        """What is saved: every field but `from_env` (there is no key field at all)."""
        return {
            "id": self.id,
            "name": self.name,
            "preset": self.preset,
            "base_url": self.base_url,
            "default_model": self.default_model,
            "extra_headers": dict(self.extra_headers),
            "timeout": self.timeout,
            "proxy": self.proxy,
            "api_version": self.api_version,
            "key_in_file": self.key_in_file,
            "has_key": self.has_key,
            "local_model": self.local_model,
            "local_ctx": self.local_ctx,
            "local_threads": self.local_threads,
        }

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Profile | None:
        """A profile from saved JSON; None when it has no usable id. Bad fields get defaults."""
        pid = d.get("id")
        if not isinstance(pid, str) or not pid.strip() or pid == ENV_PROFILE_ID:
            return None

        def s(name: str, default: str = "") -> str:
            v = d.get(name)
            return v if isinstance(v, str) else default

        p = cls(id=pid, name=s("name") or QT_TRANSLATE_NOOP("Providers", "Unnamed"))
        p.preset = s("preset", "custom") if s("preset") in _BY_KEY else "custom"
        p.base_url = s("base_url")
        p.default_model = s("default_model")
        headers = d.get("extra_headers")
        if isinstance(headers, dict):
            p.extra_headers = {
                str(k): v for k, v in headers.items() if isinstance(v, str) and str(k).strip()
            }
        t = d.get("timeout")
        if isinstance(t, (int, float)) and not isinstance(t, bool) and 0 < t <= 3600:
            p.timeout = float(t)
        p.proxy = s("proxy")
        p.api_version = s("api_version")
        kf = d.get("key_in_file")
        p.key_in_file = kf if isinstance(kf, bool) else False
        hk = d.get("has_key")
        p.has_key = hk if isinstance(hk, bool) else True  # unknown: look in the keychain
        p.local_model = s("local_model")
        ctx = d.get("local_ctx")
        if isinstance(ctx, int) and not isinstance(ctx, bool) and 256 <= ctx <= 131072:
            p.local_ctx = ctx
        th = d.get("local_threads")
        if isinstance(th, int) and not isinstance(th, bool) and 0 <= th <= 256:
            p.local_threads = th
        return p


def _new_profile_id() -> str:
    return os.urandom(16).hex()


def new_profile(preset_key: str, name: str | None = None) -> Profile:
    """A fresh profile with a new id, filled from the preset."""
    pr = preset(preset_key)
    return Profile(
        id=_new_profile_id(),
        name=name or pr.name,
        preset=pr.key,
        base_url=pr.base_url,
        default_model=pr.default_model,
        api_version=AZURE_API_VERSION if pr.auth == "azure" else "",
    )


def _norm_url(url: str) -> str:
    return url.strip().rstrip("/").lower()


def env_profile() -> Profile | None:
    """The profile built from OPENAI_BASE_URL / OPENAI_API_KEY; None when neither is set.

    The key itself is not part of the profile: `env_api_key()` reads it (and `KeyStore.get("env")`
    falls back to it).
    """
    url = os.environ.get("OPENAI_BASE_URL", "").strip()
    key = os.environ.get("OPENAI_API_KEY", "").strip()
    if not url and not key:
        return None
    url = url or OPENAI_BASE_URL
    match = next(
        (
            p
            for p in PRESETS
            if p.base_url and p.auth == "bearer" and _norm_url(p.base_url) == _norm_url(url)
        ),
        None,
    )
    return Profile(
        id=ENV_PROFILE_ID,
        name=ENV_PROFILE_NAME,
        preset=match.key if match else "custom",
        base_url=url,
        default_model=match.default_model if match else "",
        from_env=True,
    )


def env_api_key() -> str | None:
    """OPENAI_API_KEY, or None when unset or blank."""
    return os.environ.get("OPENAI_API_KEY", "").strip() or None


def is_local_url(url: str) -> bool:
    """True for localhost, 127.0.0.0/8, ::1, *.localhost and 0.0.0.0."""
    url = url.strip()
    if not url:
        return False
    if "://" not in url:
        url = "http://" + url
    try:
        host = urlsplit(url).hostname or ""
    except ValueError:
        return False
    host = host.lower().rstrip(".")
    if host == "localhost" or host.endswith(".localhost"):
        return True
    try:
        ip = ipaddress.ip_address(host)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return ip.is_loopback or ip.is_unspecified


def plain_http_key_warning(url: str, has_key: bool) -> bool:
    """True when a key would be sent over plain http to a host that is not this machine."""
    if not has_key:
        return False
    u = url.strip()
    if not u.lower().startswith("http://"):
        return False
    return not is_local_url(u)


@dataclass
class ProviderConfig:
    profiles: list[Profile]
    chat_profile: str = ""
    tts_profile: str = ""

    def get(self, profile_id: str) -> Profile | None:
        if profile_id == ENV_PROFILE_ID:
            return env_profile()
        return next((p for p in self.profiles if p.id == profile_id), None)

    def all_profiles(self) -> list[Profile]:
        env = env_profile()
        saved = [p for p in self.profiles if not p.from_env and p.id != ENV_PROFILE_ID]
        return ([env] if env is not None else []) + saved

    def chat(self) -> Profile | None:
        """The chat profile, or the first profile when that one is gone."""
        p = self.get(self.chat_profile) if self.chat_profile else None
        if p is None:
            profiles = self.all_profiles()
            p = profiles[0] if profiles else None
        return p

    def tts(self) -> Profile | None:
        """The TTS profile ("" or a missing one: the chat profile)."""
        p = self.get(self.tts_profile) if self.tts_profile else None
        return p if p is not None else self.chat()


def default_providers() -> ProviderConfig:
    """One OpenAI profile; the environment profile is chosen for chat when it exists."""
    openai = new_profile("openai")
    chat = ENV_PROFILE_ID if env_profile() is not None else openai.id
    return ProviderConfig(profiles=[openai], chat_profile=chat)


def load_providers(path: Path) -> ProviderConfig:
    """Read the profiles; a missing or damaged file gives defaults (the damaged one is kept)."""
    data = load_json_object(path, "providers", lambda d: isinstance(d.get("profiles"), list))
    if data is None:
        return default_providers()
    profiles: list[Profile] = []
    seen: set[str] = set()
    for item in data["profiles"]:
        p = Profile.from_dict(item) if isinstance(item, dict) else None
        if p is not None and p.id not in seen:
            seen.add(p.id)
            profiles.append(p)
    chat = data.get("chat_profile")
    tts = data.get("tts_profile")
    cfg = ProviderConfig(
        profiles=profiles,
        chat_profile=chat if isinstance(chat, str) else "",
        tts_profile=tts if isinstance(tts, str) else "",
    )
    if not cfg.all_profiles():
        return default_providers()
    if cfg.get(cfg.chat_profile) is None:
        first = cfg.chat()
        cfg.chat_profile = first.id if first is not None else ""
    if cfg.tts_profile and cfg.get(cfg.tts_profile) is None:
        cfg.tts_profile = ""
    return cfg


def save_providers(path: Path, cfg: ProviderConfig) -> None:
    """Write the profiles atomically. Never the environment profile; there is no key to write."""
    data = {
        "version": PROVIDERS_VERSION,
        "chat_profile": cfg.chat_profile,
        "tts_profile": cfg.tts_profile,
        "profiles": [
            p.to_dict() for p in cfg.profiles if not p.from_env and p.id != ENV_PROFILE_ID
        ],
    }
    write_atomic(path, json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))
