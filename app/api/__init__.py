"""Qt-free client for OpenAI-compatible servers.

httpx imports its optional command-line client (`httpx._main`: click, pygments, and rich when
installed) whenever `import httpx` runs; the app never uses it, and it costs ~3 MiB and ~10 ms
at the first request. Marking it absent in sys.modules makes httpx take its own
"CLI not installed" fallback. This package is imported before httpx is (app.api.errors at
start-up, app.api.client for every request), so the mark is always in place first.
"""

import sys

if "httpx" not in sys.modules:
    sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
