"""Parameter specs (ranges, defaults) and the model rules that adapt a request to a model."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .model_rules import adapt, builtin


@dataclass(frozen=True)
class ParamSpec:
    name: str
    kind: type  # float or int
    minimum: float
    maximum: float
    default: float
    step: float
    decimals: int = 2
    slider_max: float | None = None  # a slider range narrower than the spin box's

    def clamp(self, value: float) -> float:
        return min(max(value, self.minimum), self.maximum)


CHAT_PARAMS: tuple[ParamSpec, ...] = (
    ParamSpec("temperature", float, 0.0, 2.0, 1.0, 0.05),
    ParamSpec("top_p", float, 0.0, 1.0, 1.0, 0.01),
    ParamSpec("max_tokens", int, 1, 1_000_000, 1024, 1, 0, slider_max=16384),
    ParamSpec("presence_penalty", float, -2.0, 2.0, 0.0, 0.05),
    ParamSpec("frequency_penalty", float, -2.0, 2.0, 0.0, 0.05),
)
SPECS = {s.name: s for s in CHAT_PARAMS}


def validate_params(params: dict[str, Any]) -> dict[str, Any]:
    """Keep known parameters with valid values (clamped), drop anything else."""
    out: dict[str, Any] = {}
    for k, v in params.items():
        spec = SPECS.get(k)
        if spec is None or isinstance(v, bool) or not isinstance(v, (int, float)):
            continue
        v = spec.clamp(v)
        out[k] = int(v) if spec.kind is int else round(float(v), 4)
    return out


# The model rules live in model_rules (built-in rules, user overrides, learned drops); these two
# keep the simple built-in view for callers that have no RuleStore.


def is_reasoning_model(model: str) -> bool:
    return builtin(model).reasoning_effort


def adapt_params(model: str, params: dict[str, Any]) -> dict[str, Any]:
    """The parameters as this model takes them, by the built-in rules."""
    return adapt(params, builtin(model))
