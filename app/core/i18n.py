"""Translatable text for the Qt-free layers (core, api, audio).

These layers cannot import Qt, yet they produce messages a user reads. They mark each English
template with `QT_TRANSLATE_NOOP(context, template)`: lupdate finds the call by its name and
puts the template into the .ts files, and the call returns a `Text`, a `str` equal to the
English message that also remembers its context, template and arguments. Code and tests that
treat it as a plain string keep working; the UI translates it with `app.ui.i18n.tr_text`.

Arguments go in with `.format(...)` on the marked template, never an f-string, so the UI can
translate the template first and fill the arguments in afterwards:

    raise ParamError(QT_TRANSLATE_NOOP("Params", "{0}: must be a number").format(name))
"""

from __future__ import annotations

from typing import Any


class Text(str):
    """An English message (the `str` value) with what it takes to translate it later."""

    __slots__ = ("args", "context", "kwargs", "template")
    context: str
    template: str
    args: tuple[Any, ...]
    kwargs: dict[str, Any]

    def __new__(
        cls,
        context: str,
        template: str,
        args: tuple[Any, ...] = (),
        kwargs: dict[str, Any] | None = None,
    ) -> Text:
        kw = dict(kwargs or {})
        value = template.format(*args, **kw) if (args or kw) else template
        obj = super().__new__(cls, value)
        obj.context = context
        obj.template = template
        obj.args = tuple(args)
        obj.kwargs = kw
        return obj

    def format(self, *args: Any, **kwargs: Any) -> Text:
        """The same template with these arguments (kept apart so they survive translation)."""
        return Text(self.context, self.template, args, kwargs)

    def __str__(self) -> str:
        # str(text), f"{text}" and str(exception) keep the Text, so it can still be translated.
        return self

    def __reduce__(self) -> tuple[Any, ...]:
        return (Text, (self.context, self.template, self.args, self.kwargs))


def QT_TRANSLATE_NOOP(context: str, text: str) -> Text:  # lupdate finds it by this name
    """Mark `text` for translation in `context`; lupdate extracts it, nothing is translated."""
    return Text(context, text)


def message_of(value: object) -> object:
    """The message inside an exception (its first argument, which may be a Text) or `value`."""
    if isinstance(value, BaseException):
        if len(value.args) == 1 and isinstance(value.args[0], str):
            return value.args[0]
        return str(value)
    return value
