<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>A desktop playground for OpenAI-compatible APIs: chat, every request parameter, speech, and conversations kept as readable files.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>About Chatterdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bundled libraries and their licenses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot open {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy versions, folders and licenses as text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Files:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Key file (if chosen)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Libraries and licenses</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Libraries:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>License</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logs and crash reports</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No file manager could open {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the folder: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open this folder in the file manager</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Platform</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Qt and PySide6 are used under the GNU LGPL version 3. Each library&apos;s license text is in its package folder.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Settings</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Versions and files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where Chatterdesk keeps its files</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Audio</name>
    <message>
        <source>Cannot join audio in the format {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play {0}: it is damaged or not a known file ({1}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play {0}: it is damaged or not a {1} file ({2}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play {0}: the file is empty.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cannot play {0}: the file type is not known (use .wav, .mp3, ...).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not encode {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not read {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the audio to {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound playback failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no audio could be decoded from it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the audio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>there is no audio stream in it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Stopped. The partial answer is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected problem: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ChoicesDialog</name>
    <message>
        <source>Choice {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choices ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue with this</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Each choice is kept as a branch of the conversation. Pick the one the conversation continues with.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shown in the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finish: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>streaming…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} words</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>As:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat: the last answer&apos;s request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat: the next message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completion: the next request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models: list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Models: retrieve {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python (openai 0.28)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Python (openai ≥ 1.0)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save code</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech: the first of {0} parts, {1} ({2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech: {0} ({1}) to speech.{2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The body sent to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is not included: set {0} in the environment first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no request to show yet: choose a model and type a message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This request has no body.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>curl</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ComparePane</name>
    <message>
        <source>A JSON object of parameters merged onto the parameter panel&apos;s values for this side only. null leaves a parameter out, e.g. {&quot;temperature&quot;: null}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the prompt and this answer to the conversation in the main window.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Continue with this answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish reason: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON, e.g. {&quot;temperature&quot;: 0.2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not sent to this model (model rules): {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning: {0} words</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped. The partial answer is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Streaming… {0:.1f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer of {0} appears here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens: {0} (estimated from chunks; the server sent no usage)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens: {0} prompt · {1} completion · {2} total</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first token {0:.2f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total {0:.2f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0:.1f} tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈ {0} tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Checked: both sides see the conversation so far and answer this as its next message. Unchecked: a blank context (only the system prompt).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose or type a model for {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Compare — Chatterdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exchange the models and overrides of A and B.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Include the conversation so far ({0} messages)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same model, two parameter sets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send to both</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Swap A ↔ B</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The overrides of {0} cannot be sent: {1}. Nothing was sent.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The prompt both sides answer. Ctrl+Enter sends it to both.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected problem: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use A&apos;s model on both sides; set the overrides to compare parameters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a JSON object; write it like {&quot;temperature&quot;: 0.2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid JSON ({0} at line {1}, column {2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: unknown parameter, or {1} is not a value it takes</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: {1} cannot be sent as it is (it would become {2})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: {1} is out of range (the nearest allowed value is {2})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CompletionsPanel</name>
    <message>
        <source>({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choices (click one to use it):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Colour the last completion by token probability (needs logprobs); hover a token to see the alternatives</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Complete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Echo the prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Failed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Generate this many completions on the server and return the best (highest log probability per token). Must be greater than n; cannot stream.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Optional text that comes after the completion (the model fills the gap)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Return the log probability of each token and of this many most likely alternatives (0–5).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the whole document to /completions (Ctrl+Enter)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop; the text received so far is kept</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped. The text received so far is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Suffix:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server returns the prompt with the completion; with logprobs this shows how likely each token of the prompt was.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unexpected problem: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the server…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Write the beginning of a text; the model continues it here.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best_of ({0}) must be greater than n ({1}): raise best_of or lower n.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best_of cannot stream: sent without streaming.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>best_of must be greater than n (n is 1 when not set): set best_of to 2 or more, or uncheck it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finish: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first token {0} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>total {0} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} prompt + {1} completion = {2} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Write a message. Enter sends, Shift+Enter adds a line.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>Assistant</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Developer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Error:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Interrupted: Chatterdesk closed before this answer was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a model, write a message below and press Enter to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Reasoning ({0} words)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped. The partial answer is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Also written to the log file.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chatterdesk: unexpected error</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Crash report</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved as {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Something went wrong inside Chatterdesk. It keeps running, and your conversation is saved as usual. If something looks wrong, restart it. The report below has no API key in it: copy it into a bug report if you like.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This happened {0} times ({1} different errors; the latest is shown).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This happened {0} times.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>EditMessageDialog</name>
    <message>
        <source>Change this message in place</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save and resend</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the edited message for a new answer; the old one stays as a branch</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Could not connect to the server. Is it running, and is the base URL right?</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Not found. Check the model name and the base URL (it usually ends in /v1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rate limit reached. Wait a moment and try again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry after {0} s.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Server said: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the local model is turned off (CHATTERDESK_LOCAL_AUTOSTART=0).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The connection dropped before the answer was complete.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model could not listen: the port is in use.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model did not start in time ({0}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model is not installed. Install it with: bash setup.sh run (or pip install &apos;.[local]&apos;), or add a provider in Providers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model server stopped unexpectedly.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model file could not be loaded (damaged or unsupported).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model file was not found: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The model is too large for the memory of this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The quota of this account is used up. Check its plan and billing.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The secure connection failed (certificate or TLS problem).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server answered with an unexpected status.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server did not answer as an HTTP server. Check the base URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server had an internal error. Try again later.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the API key. Check the key in Settings.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server reported an error while answering.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server sent part of the answer in a form that could not be read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server took too long to answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s answer is not what an OpenAI-compatible API sends. Check the base URL.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server&apos;s host name could not be found. Check the base URL and the network.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file is not a GGUF model: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Exchange</name>
    <message>
        <source>expected a JSON array of messages, or an object with &quot;messages&quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message {0} has an unknown role: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message {0} has content that is not text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>message {0} is not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not JSON ({0})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FileController</name>
    <message>
        <source>{0} (copy)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Close (Esc)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Close the find bar</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find in the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No matches</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HeatmapView</name>
    <message>
        <source> (logprob {0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&lt;10%</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No token probabilities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Probability:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>least likely: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>mean probability {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no probabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>perplexity {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≥90%</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Today</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} (damaged)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>InspectorDialog</name>
    <message>
        <source>Assembled from {0} streamed chunks:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Content chunks</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy this tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Cost</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Field</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Finish reason</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Inspect message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No response was recorded for this message.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Overview</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Response id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Status</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System fingerprint</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The raw chunks are kept only for answers streamed since Chatterdesk started.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This message was written here, not received from a server.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens (estimated here)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Total time</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no price set</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} prompt + {1} completion</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Licenses</name>
    <message>
        <source>bundled</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>offered as {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>see the package</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>through PySide6</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>used by {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogitBiasDialog</name>
    <message>
        <source>(not a token of {0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>1 token in {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the selected tokens, or all of them</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add these tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chosen for {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find token ids</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Loading the {0} encoding…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Logit bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Make tokens more or less likely: -100 bans a token, 100 forces it, small values nudge. Token ids depend on the model&apos;s encoding.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent with the request</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text, e.g. ␣Paris (a leading space matters)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token id</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>o200k_base: gpt-4o, gpt-4.1, gpt-5, o-series. cl100k_base: gpt-4, gpt-3.5.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is not an OpenAI model this knows: its server may number tokens differently.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} tokens in {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>…or token ids, e.g. 1234, 5678</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogitBiasRow</name>
    <message>
        <source>1 token</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Look up token ids and set their biases</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token id → bias from -100 (never) to 100 (always), as JSON {&quot;1234&quot;: -100} or as pairs 1234: -100, 5678: 5</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logit_bias: add at least one token, or uncheck it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>none</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not valid</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{&quot;1234&quot;: -100} or 1234: -100</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogprobsDialog</name>
    <message>
        <source>Copy as TSV</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy every token with its probability and alternatives, tab-separated</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token probabilities</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>LogprobsRow</name>
    <message>
        <source>Return the log probability of each token of the answer (logprobs: true)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source> (read-only)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;About Chatterdesk</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Find in conversation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Import messages JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Providers and keys…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Retry last answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(from OPENAI_BASE_URL)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the message to the conversation without asking for an answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add the message without sending</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>An answer was interrupted when Chatterdesk last closed; it is kept.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio (*.mp3 *.ogg *.opus *.aac *.flac *.wav *.pcm);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Audio format for Save</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat with SmolLM2, a small open model running on this computer: no account needed. To use OpenAI, DeepSeek, Ollama and others, open Providers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Chat, or the legacy /completions endpoint for instruct and base models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose or type a model first.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Completions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Connected: {0} models ({1}).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations (*.chat.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Conversations (*.chat.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not export: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not fetch the model list: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not import {0}: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not open {0}: {1}. The file was not changed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the conversation: {0}. It is kept in memory and Chatterdesk tries again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the prompt: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the providers: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the settings: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Del</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the saved prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as &amp;Markdown…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as Markdown</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as messages &amp;JSON…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Export as messages JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Exported to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetch the model list from the server</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fetching the model list…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find &amp;next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Find pre&amp;vious</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the &amp;message box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Go to the m&amp;odel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>History</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Import messages JSON</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON (*.json);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the sound outputs again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local model on this computer · {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Memory, for this session only (no system keychain)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message box</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Mode: chat or completions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model details</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moved “{0}” to the trash.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>New line</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next control</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No API key yet: add a provider in Providers… (OpenAI, DeepSeek, a local Ollama …), or install the local model with: bash setup.sh run</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No API key yet: add one in Providers…, or choose “Local (SmolLM2)” above to chat with the model on this computer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain is available: the key is kept only while Chatterdesk runs.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open the backup</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameter presets</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pick a model, write a message below and press Enter to send.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play a saved file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Prompt document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers and keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;generate last answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Re&amp;name conversation…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read &amp;aloud</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh &amp;models</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refresh the model list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Refused to open a link that is not http(s): {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove the chosen prompt from the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Role of the message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Run the prompt document</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>S&amp;top answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Same as chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save conversation as</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save speech</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save system prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save the system prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save this system prompt in the library</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved prompts…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved system prompts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved to {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search &amp;history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send a message first: then it has a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;history</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show &amp;side panel</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speak the selected text, the speech panel&apos;s text, or the last answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech instructions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Starting the local model… {0:.0f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop sending “{0}” to {1} and retry</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>System prompt, parameters and speech</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tab</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text to speak</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is stored in a file only you can read.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is stored in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The language changes when Chatterdesk starts again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last answer failed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last answer was interrupted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The last answer was stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The local model is ready.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The messages; the links under each one edit, copy, regenerate or read it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The provider profile used for chat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The role of the message you write</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The server refused this parameter for this model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The system keychain, service “{0}”</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no answer to regenerate yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This file was written by a newer version of Chatterdesk. It is shown read-only: changes are not saved to it.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model does not return log probabilities.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model does not take penalties.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model does not take this parameter.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This model takes only the default value.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Title</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Try now</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Undo</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What the server says about this model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>You are a helpful assistant.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key from OPENAI_API_KEY</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key in the keychain</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>key set for this session</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>model id, e.g. gpt-4o-mini</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>no key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not started yet</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} Retrying in {1:.1f} s (attempt {2})…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} models available</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} slider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} value</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{1} · {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelDetailsDialog</name>
    <message>
        <source>Asking the server about {0}…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Created: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Id: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Owner: {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ModelRulesDialog</name>
    <message>
        <source>Back to the built-in rules</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters the server refused (not sent):</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Returns log probabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules for {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send max_tokens as max_completion_tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Send the selected one again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes presence and frequency penalties</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Takes temperature and top_p</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>What Chatterdesk sends to this model. The defaults come from the model&apos;s name; change them when a server behaves differently.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParamControl</name>
    <message>
        <source>From {0} to {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ParameterPanel</name>
    <message>
        <source>Apply a saved set of parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Ask for token usage at the end of a stream</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Checked: sent with the request. Unchecked: the server&apos;s default is used.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not delete the preset: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the preset: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Delete the chosen preset (built-in ones stay)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deleted the preset “{0}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Fix this first: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>More: logprobs, logit_bias, user</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Rules for this model…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save parameter preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save these parameters as a preset</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved the preset “{0}”.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sent as {0} for this model.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stream the answer as it is written</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Which parameters this model takes; change them when a server differs</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} (built-in)</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Params</name>
    <message>
        <source>a lone \ at the end (write \\ for a backslash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected &apos;{0}&apos;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>expected {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>line {0}, column {1}: {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logit_bias: bias for {0} must be a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logit_bias: bias for {0} must be a number (not {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logit_bias: bias for {0} must be a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logit_bias: bias for {0} must be between {1} and {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logit_bias: must be an object of token id → bias</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logit_bias: not valid JSON ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logit_bias: write token id: bias, e.g. 1234: -100 (not {0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logit_bias: {0} is not a token id (a whole number, 0 or more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>logprobs: must be true or false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format: json_schema needs a name and a schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format: the schema must be a JSON object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format: the schema name must be 1–64 letters, digits, _ or - (not {0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format: type must be text, json_object or json_schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed: must be a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>seed: must be between {0} and {1} (a 64-bit integer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: a quoted sequence is not closed or has a bad escape (column {0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: a sequence is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: at most {0} sequences ({1} given)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: expected a comma after a quoted sequence (column {0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: must be a text or a list of texts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: not a valid JSON list ({0}, column {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: sequence {0} is empty</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: the JSON list must hold strings only</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>top_logprobs: needs logprobs turned on</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unexpected text after the end</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown escape \{0} (write \\ for a backslash)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>user: must be a non-empty text</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: must be a JSON object {{…}}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: must be a number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: must be a whole number</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: must be between {1} and {2}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: nested too deeply</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: not a parameter Chatterdesk knows</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: not valid JSON ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: strict mode needs &quot;additionalProperties&quot;: false</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}: strict mode needs every property in required (missing: {1})</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Playground</name>
    <message>
        <source>&amp;Compare two models…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>&amp;Inspect last answer…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>(hidden)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Copy as &amp;code…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The answer of {0} was added.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no answer to inspect yet.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>This answer has no token probabilities. Check logprobs and send again.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token &amp;prices…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Wait for the current answer to finish.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>conversation: {0}{1} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>finish: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>first token {0:.2f} s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0:.1f} tokens/s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} · {1} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0}{1} prompt + {2} completion = {3} tokens</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>≈{0} tokens</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>A preset name can have at most {0} characters.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A preset needs a name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Creative</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Deterministic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token probabilities</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{0}” is a built-in preset and cannot be deleted.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>“{0}” is a built-in preset; choose another name.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>PricesDialog</name>
    <message>
        <source>Add model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not save the prices: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Input</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Row {0} ({1}): prices must be numbers of 0 or more.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Token prices</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>US dollars per million tokens. A model uses the longest name here that it starts with. The built-in prices are list prices of 2025; check your provider&apos;s. Removing a built-in model restores its built-in price.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <source> s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>API version (Azure)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Add</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose a GGUF model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Context size</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Default model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Extra headers are saved as plain text. Put keys in the API key field, which goes to the keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF model file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Header-Name: value (one per line)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Kind</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No keychain here: store the key in a file only you can read</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No system keychain is available: the key is kept only while Chatterdesk runs, unless you choose the file below.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Providers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read timeout</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Remove</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Set by OPENAI_BASE_URL / OPENAI_API_KEY in the environment.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Show</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The app starts this model itself, with a new private key each time.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The key is kept in the system keychain.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Threads</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Warning: this key would be sent unencrypted (plain http) to a computer that is not this one. Use https.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>automatic</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>http://proxy:3128 (empty: system settings)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the bundled SmolLM2-135M</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Providers</name>
    <message>
        <source>A local Ollama server; no key is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A small open model that runs on this computer: no account, no key. Needs the optional &apos;local&apos; install.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>A vLLM OpenAI-compatible server; a key only if it was started with --api-key.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Alibaba Qwen (DashScope)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Any other OpenAI-compatible server: enter its base URL (usually ending in /v1).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Custom</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>DashScope&apos;s OpenAI-compatible mode for the Qwen models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Environment (OPENAI_*)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Local (SmolLM2)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Many providers&apos; models behind one key; model ids carry a vendor prefix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moonshot (Kimi)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Moonshot AI&apos;s Kimi models.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Open models hosted by SiliconFlow; model ids carry a vendor prefix.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>SiliconFlow</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start the local server in LM Studio&apos;s Developer tab; no key is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The OpenAI API; create a key at platform.openai.com.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Unnamed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use your resource URL and an API version; the model field is the deployment name.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zhipu (GLM)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Zhipu&apos;s GLM models; note the base URL ends in /v4.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>deepseek-reasoner streams its reasoning before the answer.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama-server serves the one model it was started with; no key is needed.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>llama.cpp server</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ResponseFormatRow</name>
    <message>
        <source>Edit schema…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>json_object: the answer is valid JSON. json_schema: it follows your schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not sent</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not strict</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>response_format: write a JSON schema (Edit schema…)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>strict</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SchemaDialog</name>
    <message>
        <source>1–64 letters, digits, _ or -</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Answer with a confidence</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Classification</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Description</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>JSON schema for the answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List of items</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Name</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Start from a template…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Strict: the answer must follow the schema exactly</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Template</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The schema</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid JSON schema.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Valid JSON. Strict mode may refuse it:</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>optional: what the answer is for</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>SeedRow</name>
    <message>
        <source>Any 64-bit whole number; the same seed gives the same answer (best effort)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. 42</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source> or </source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Command</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Every menu command with a key, and the keys of the message box.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Filter: a command or a key</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Keys</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>StopRow</name>
    <message>
        <source>Up to 4 sequences, separated by commas, with escapes: \n newline, \t tab, \\ backslash. Put a sequence in double quotes to keep spaces or a comma in it: &quot;\n\n&quot;, END, &quot;, &quot;</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>e.g. \n\n, END</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>stop: write at least one sequence, or uncheck it</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>a message is not an object</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>not a Chatterdesk conversation file</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file could not be converted from format version {0} ({1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file has no message list</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file has no valid format version</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the file is damaged ({0})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>two messages share the id {0}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>Tokens</name>
    <message>
        <source>could not encode this text: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>could not load the {0} encoding: {1}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>the token lookup needs the bpe-openai package, which is not installed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>unknown encoding {0} (choose {1})</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is not a token id (a whole number, 0 or more)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} is not a token of {1}</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TtsController</name>
    <message>
        <source>A text this long can be saved as WAV, PCM, MP3 or AAC, not {0}.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Could not write the file: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Done.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>No sound output is available. Saving to a file still works.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playing {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Sound could not be played: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speaking…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech failed: {0}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The sound output is busy (another program is using it).</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>There is no text to speak.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>TtsPanel</name>
    <message>
        <source>Default output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Format</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>List the sound outputs again</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Model</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Only gpt-4o-mini-tts takes instructions.</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Output</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play a saved file…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Provider</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Read answers aloud as they arrive</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Resume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Save…</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speak with another provider than the chat, e.g. OpenAI</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speech</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Speed</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Stop</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Text to speak (empty: the last answer)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The format for Save; playing always streams raw PCM</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Tone, accent, pace… (gpt-4o-mini-tts)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Use last answer</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Voice</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} / {1} characters</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{0} / {1} characters: spoken in {2} parts</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>↻</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>UserRow</name>
    <message>
        <source>An id for your end user, sent as user (helps the provider spot abuse)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>end-user id</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>_Row</name>
    <message>
        <source>Checked: sent with the request. Unchecked: the server&apos;s default is used.</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
