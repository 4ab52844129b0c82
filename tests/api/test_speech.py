"""POST /audio/speech: the audio body as it downloads."""

from __future__ import annotations

import pytest

from app.api.client import ApiClient
from app.api.errors import ApiError, ErrorKind
from app.api.types import SpeechRequest
from tests.fakeserver import FakeServer, speech_pcm, wav_wrap

from .support import expect_error, with_client


async def download(client: ApiClient, req: SpeechRequest, sink: list[bytes]) -> list[bytes]:
    async with client.speech(req) as audio:
        async for chunk in audio:
            sink.append(chunk)
    return sink


def test_speech_pcm_bytes_arrive_in_several_chunks(srv: FakeServer) -> None:
    srv.behavior.chunk_delay = 0.005
    r = SpeechRequest(model="tts-1", input="Hello there.", voice="nova", response_format="pcm")
    chunks = with_client(srv.base_url, lambda c: download(c, r, []))
    data = b"".join(chunks)
    assert data == speech_pcm(1.0)
    assert len(data) == 48000
    assert len(chunks) >= 3
    req = srv.last("/audio/speech")
    assert req.body == {
        "model": "tts-1",
        "input": "Hello there.",
        "voice": "nova",
        "response_format": "pcm",
    }
    assert req.headers["accept"] == "*/*"


def test_speech_wav(srv: FakeServer) -> None:
    srv.behavior.speech_seconds = 0.25
    srv.behavior.speech_chunk = 1000
    r = SpeechRequest(model="gpt-4o-mini-tts", input="x", response_format="wav")
    data = b"".join(with_client(srv.base_url, lambda c: download(c, r, [])))
    assert data == wav_wrap(speech_pcm(0.25))
    assert data[:4] == b"RIFF" and data[8:12] == b"WAVE"


def test_speech_body_has_only_what_is_set(srv: FakeServer) -> None:
    srv.behavior.speech_seconds = 0.05
    r = SpeechRequest(model="gpt-4o-mini-tts", input="hi")
    with_client(srv.base_url, lambda c: download(c, r, []))
    assert srv.last().body == {"model": "gpt-4o-mini-tts", "input": "hi", "voice": "alloy"}
    r = SpeechRequest(
        model="gpt-4o-mini-tts", input="hi", voice="coral", speed=1.5, instructions="Cheerful."
    )
    with_client(srv.base_url, lambda c: download(c, r, []))
    assert srv.last().body == {
        "model": "gpt-4o-mini-tts",
        "input": "hi",
        "voice": "coral",
        "speed": 1.5,
        "instructions": "Cheerful.",
    }


def test_speech_reset_mid_body_is_stream_interrupted_after_partial_audio(
    srv: FakeServer,
) -> None:
    srv.behavior.chunk_delay = 0.02
    srv.fail_next(reset_after=3, path="audio/speech")
    r = SpeechRequest(model="tts-1", input="Hello", response_format="pcm")
    got: list[bytes] = []

    async def call(c: ApiClient) -> ApiError:
        try:
            await download(c, r, got)
        except ApiError as err:
            return err
        raise AssertionError("no error")

    err = with_client(srv.base_url, call)
    assert err.kind is ErrorKind.STREAM_INTERRUPTED
    partial = b"".join(got)
    full = speech_pcm(1.0)
    assert 0 < len(partial) <= 3 * 4800
    assert full.startswith(partial)
    assert srv.count("/audio/speech") == 1  # a started download is not retried


def test_speech_missing_input_is_bad_request(srv: FakeServer) -> None:
    err = expect_error(srv.base_url, lambda c: download(c, SpeechRequest("tts-1", ""), []))
    assert err.kind is ErrorKind.BAD_REQUEST
    assert err.status == 400
    assert err.server_message == "input is required"
    assert srv.count("/audio/speech") == 1


@pytest.mark.parametrize(
    ("ctype", "body"),
    [
        ("application/json", '{"error": {"message": "tts disabled"}}'),
        ("text/html", "<html><body><h1>Welcome to nginx</h1></body></html>"),
    ],
)
def test_speech_non_audio_answer_is_invalid_response(
    srv: FakeServer, ctype: str, body: str
) -> None:
    srv.fail_next(status=200, body=body, content_type=ctype)
    r = SpeechRequest(model="tts-1", input="x")
    err = expect_error(srv.base_url, lambda c: download(c, r, []))
    assert err.kind is ErrorKind.INVALID_RESPONSE
    assert err.status == 200
    assert err.server_message and "<" not in err.server_message
    assert ("tts disabled" in err.server_message) or ("Welcome to nginx" in err.server_message)
