"""Qt-free audio: streamed PCM playback, speech download and cache, saving and decoding files."""
