"""Chatterdesk: a native desktop playground for OpenAI-compatible APIs."""

__version__ = "0.1.0"
