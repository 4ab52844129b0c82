<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>AboutDialog</name>
    <message>
        <source>A desktop playground for OpenAI-compatible APIs: chat, every request parameter, speech, and conversations kept as readable files.</source>
        <translation>OpenAI 兼容 API 的桌面试验场：聊天、所有请求参数、语音，以及以可读文件保存的对话。</translation>
    </message>
    <message>
        <source>API keys</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>About Chatterdesk</source>
        <translation>关于 Chatterdesk</translation>
    </message>
    <message>
        <source>Bundled libraries and their licenses</source>
        <translation>内置的库及其许可证</translation>
    </message>
    <message>
        <source>Cannot open {0}: {1}</source>
        <translation>无法打开 {0}：{1}</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Copied.</source>
        <translation>已复制。</translation>
    </message>
    <message>
        <source>Copy all</source>
        <translation>全部复制</translation>
    </message>
    <message>
        <source>Copy versions, folders and licenses as text</source>
        <translation>以文本形式复制版本、文件夹和许可证</translation>
    </message>
    <message>
        <source>Files:</source>
        <translation>文件：</translation>
    </message>
    <message>
        <source>Key file (if chosen)</source>
        <translation>密钥文件（如果选择了）</translation>
    </message>
    <message>
        <source>Libraries and licenses</source>
        <translation>库和许可证</translation>
    </message>
    <message>
        <source>Libraries:</source>
        <translation>库：</translation>
    </message>
    <message>
        <source>License</source>
        <translation>许可证</translation>
    </message>
    <message>
        <source>Logs and crash reports</source>
        <translation>日志和崩溃报告</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>No file manager could open {0}.</source>
        <translation>没有文件管理器能打开 {0}。</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Open the folder: {0}</source>
        <translation>打开文件夹：{0}</translation>
    </message>
    <message>
        <source>Open this folder in the file manager</source>
        <translation>在文件管理器中打开此文件夹</translation>
    </message>
    <message>
        <source>Platform</source>
        <translation>平台</translation>
    </message>
    <message>
        <source>Qt and PySide6 are used under the GNU LGPL version 3. Each library&apos;s license text is in its package folder.</source>
        <translation>Qt 和 PySide6 按 GNU LGPL 第 3 版使用。各个库的许可证全文在其软件包文件夹中。</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>设置</translation>
    </message>
    <message>
        <source>Version</source>
        <translation>版本</translation>
    </message>
    <message>
        <source>Versions and files</source>
        <translation>版本和文件</translation>
    </message>
    <message>
        <source>Where Chatterdesk keeps its files</source>
        <translation>Chatterdesk 存放文件的位置</translation>
    </message>
</context>
<context>
    <name>Audio</name>
    <message>
        <source>Cannot join audio in the format {0}.</source>
        <translation>无法拼接 {0} 格式的音频。</translation>
    </message>
    <message>
        <source>Cannot play {0}: it is damaged or not a known file ({1}).</source>
        <translation>无法播放 {0}：文件已损坏或格式未知（{1}）。</translation>
    </message>
    <message>
        <source>Cannot play {0}: it is damaged or not a {1} file ({2}).</source>
        <translation>无法播放 {0}：文件已损坏或不是 {1} 文件（{2}）。</translation>
    </message>
    <message>
        <source>Cannot play {0}: the file is empty.</source>
        <translation>无法播放 {0}：文件为空。</translation>
    </message>
    <message>
        <source>Cannot play {0}: the file type is not known (use .wav, .mp3, ...).</source>
        <translation>无法播放 {0}：文件类型未知（请使用 .wav、.mp3 等）。</translation>
    </message>
    <message>
        <source>Could not encode {0}: {1}</source>
        <translation>无法编码为 {0}：{1}</translation>
    </message>
    <message>
        <source>Could not read {0}: {1}</source>
        <translation>无法读取 {0}：{1}</translation>
    </message>
    <message>
        <source>Could not save the audio to {0}: {1}</source>
        <translation>无法将音频保存到 {0}：{1}</translation>
    </message>
    <message>
        <source>Sound playback failed: {0}</source>
        <translation>声音播放失败：{0}</translation>
    </message>
    <message>
        <source>no audio could be decoded from it</source>
        <translation>无法从中解码出音频</translation>
    </message>
    <message>
        <source>the audio</source>
        <translation>该音频</translation>
    </message>
    <message>
        <source>there is no audio stream in it</source>
        <translation>其中没有音频流</translation>
    </message>
    <message>
        <source>unknown error</source>
        <translation>未知错误</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <source>Stopped. The partial answer is kept.</source>
        <translation>已停止。已保留部分回答。</translation>
    </message>
    <message>
        <source>Unexpected problem: {0}</source>
        <translation>意外问题：{0}</translation>
    </message>
</context>
<context>
    <name>ChoicesDialog</name>
    <message>
        <source>Choice {0}</source>
        <translation>候选 {0}</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>候选回答</translation>
    </message>
    <message>
        <source>Choices ({0})</source>
        <translation>候选回答（{0}）</translation>
    </message>
    <message>
        <source>Continue with this</source>
        <translation>用这个继续</translation>
    </message>
    <message>
        <source>Each choice is kept as a branch of the conversation. Pick the one the conversation continues with.</source>
        <translation>每个候选都作为对话的一个分支保留。请选择对话要继续的那一个。</translation>
    </message>
    <message>
        <source>Shown in the conversation</source>
        <translation>显示在对话中</translation>
    </message>
    <message>
        <source>finish: {0}</source>
        <translation>结束：{0}</translation>
    </message>
    <message>
        <source>streaming…</source>
        <translation>接收中…</translation>
    </message>
    <message>
        <source>{0} words</source>
        <translation>{0} 词</translation>
    </message>
</context>
<context>
    <name>CodeDialog</name>
    <message>
        <source>&amp;Copy</source>
        <translation>复制(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Save…</source>
        <translation>保存(&amp;S)…</translation>
    </message>
    <message>
        <source>As:</source>
        <translation>格式：</translation>
    </message>
    <message>
        <source>Chat: the last answer&apos;s request</source>
        <translation>聊天：上一条回答的请求</translation>
    </message>
    <message>
        <source>Chat: the next message</source>
        <translation>聊天：下一条消息</translation>
    </message>
    <message>
        <source>Completion: the next request</source>
        <translation>补全：下一个请求</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>已复制</translation>
    </message>
    <message>
        <source>Copy as code</source>
        <translation>复制为代码</translation>
    </message>
    <message>
        <source>Could not save: {0}</source>
        <translation>无法保存：{0}</translation>
    </message>
    <message>
        <source>JSON</source>
        <translation>JSON</translation>
    </message>
    <message>
        <source>Models: list</source>
        <translation>模型：列表</translation>
    </message>
    <message>
        <source>Models: retrieve {0}</source>
        <translation>模型：获取 {0}</translation>
    </message>
    <message>
        <source>Python (openai 0.28)</source>
        <translation>Python（openai 0.28）</translation>
    </message>
    <message>
        <source>Python (openai ≥ 1.0)</source>
        <translation>Python（openai ≥ 1.0）</translation>
    </message>
    <message>
        <source>Request:</source>
        <translation>请求：</translation>
    </message>
    <message>
        <source>Save code</source>
        <translation>保存代码</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Speech: the first of {0} parts, {1} ({2})</source>
        <translation>语音：{0} 段中的第一段，{1}（{2}）</translation>
    </message>
    <message>
        <source>Speech: {0} ({1}) to speech.{2}</source>
        <translation>语音：{0}（{1}）保存到 speech.{2}</translation>
    </message>
    <message>
        <source>The body sent to {0}</source>
        <translation>发送到 {0} 的请求体</translation>
    </message>
    <message>
        <source>The key is not included: set {0} in the environment first.</source>
        <translation>代码中不含密钥：请先在环境变量中设置 {0}。</translation>
    </message>
    <message>
        <source>There is no request to show yet: choose a model and type a message.</source>
        <translation>还没有可显示的请求：请选择模型并输入消息。</translation>
    </message>
    <message>
        <source>This request has no body.</source>
        <translation>此请求没有请求体。</translation>
    </message>
    <message>
        <source>curl</source>
        <translation>curl</translation>
    </message>
</context>
<context>
    <name>ComparePane</name>
    <message>
        <source>A JSON object of parameters merged onto the parameter panel&apos;s values for this side only. null leaves a parameter out, e.g. {&quot;temperature&quot;: null}.</source>
        <translation>一个参数 JSON 对象，仅对这一侧合并到参数面板的值之上。null 表示不发送该参数，例如 {&quot;temperature&quot;: null}。</translation>
    </message>
    <message>
        <source>Add the prompt and this answer to the conversation in the main window.</source>
        <translation>把提示词和这条回答加入主窗口的对话。</translation>
    </message>
    <message>
        <source>Continue with this answer</source>
        <translation>用这条回答继续</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Finish reason: {0}</source>
        <translation>结束原因：{0}</translation>
    </message>
    <message>
        <source>JSON, e.g. {&quot;temperature&quot;: 0.2}</source>
        <translation>JSON，例如 {&quot;temperature&quot;: 0.2}</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Not sent to this model (model rules): {0}</source>
        <translation>未发送给此模型（模型规则）：{0}</translation>
    </message>
    <message>
        <source>Overrides</source>
        <translation>覆盖参数</translation>
    </message>
    <message>
        <source>Reasoning: {0} words</source>
        <translation>推理：{0} 词</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Stopped. The partial answer is kept.</source>
        <translation>已停止。已保留部分回答。</translation>
    </message>
    <message>
        <source>Streaming… {0:.1f} s</source>
        <translation>接收中… {0:.1f} 秒</translation>
    </message>
    <message>
        <source>The answer of {0} appears here.</source>
        <translation>{0} 的回答显示在这里。</translation>
    </message>
    <message>
        <source>Tokens: {0} (estimated from chunks; the server sent no usage)</source>
        <translation>Token：{0}（根据数据块估算；服务器未返回用量）</translation>
    </message>
    <message>
        <source>Tokens: {0} prompt · {1} completion · {2} total</source>
        <translation>Token：提示 {0} · 补全 {1} · 合计 {2}</translation>
    </message>
    <message>
        <source>first token {0:.2f} s</source>
        <translation>首个 token {0:.2f} 秒</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>total {0:.2f} s</source>
        <translation>总计 {0:.2f} 秒</translation>
    </message>
    <message>
        <source>{0:.1f} tokens/s</source>
        <translation>{0:.1f} token/秒</translation>
    </message>
    <message>
        <source>≈ {0} tokens</source>
        <translation>≈ {0} 个 token</translation>
    </message>
</context>
<context>
    <name>CompareWindow</name>
    <message>
        <source>Checked: both sides see the conversation so far and answer this as its next message. Unchecked: a blank context (only the system prompt).</source>
        <translation>选中：两侧都看到目前为止的对话，并把它当作下一条消息来回答。未选中：空白上下文（只有系统提示词）。</translation>
    </message>
    <message>
        <source>Choose or type a model for {0}.</source>
        <translation>请为 {0} 选择或输入一个模型。</translation>
    </message>
    <message>
        <source>Compare — Chatterdesk</source>
        <translation>对比 — Chatterdesk</translation>
    </message>
    <message>
        <source>Exchange the models and overrides of A and B.</source>
        <translation>交换 A 和 B 的模型与覆盖参数。</translation>
    </message>
    <message>
        <source>Include the conversation so far ({0} messages)</source>
        <translation>包含目前的对话（{0} 条消息）</translation>
    </message>
    <message>
        <source>Same model, two parameter sets</source>
        <translation>同一模型，两组参数</translation>
    </message>
    <message>
        <source>Send to both</source>
        <translation>发送给两侧</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Swap A ↔ B</source>
        <translation>交换 A ↔ B</translation>
    </message>
    <message>
        <source>The overrides of {0} cannot be sent: {1}. Nothing was sent.</source>
        <translation>{0} 的覆盖参数无法发送：{1}。未发送任何内容。</translation>
    </message>
    <message>
        <source>The prompt both sides answer. Ctrl+Enter sends it to both.</source>
        <translation>两侧都要回答的提示词。按 Ctrl+Enter 发送给两侧。</translation>
    </message>
    <message>
        <source>Unexpected problem: {0}</source>
        <translation>意外问题：{0}</translation>
    </message>
    <message>
        <source>Use A&apos;s model on both sides; set the overrides to compare parameters.</source>
        <translation>两侧都使用 A 的模型；设置覆盖参数来比较参数。</translation>
    </message>
    <message>
        <source>Write a prompt first.</source>
        <translation>请先写一个提示词。</translation>
    </message>
    <message>
        <source>not a JSON object; write it like {&quot;temperature&quot;: 0.2}</source>
        <translation>不是 JSON 对象；请写成 {&quot;temperature&quot;: 0.2} 这样</translation>
    </message>
    <message>
        <source>not valid JSON ({0} at line {1}, column {2})</source>
        <translation>不是有效的 JSON（第 {1} 行第 {2} 列：{0}）</translation>
    </message>
    <message>
        <source>{0}: unknown parameter, or {1} is not a value it takes</source>
        <translation>{0}：未知参数，或 {1} 不是它接受的值</translation>
    </message>
    <message>
        <source>{0}: {1} cannot be sent as it is (it would become {2})</source>
        <translation>{0}：{1} 无法原样发送（会变成 {2}）</translation>
    </message>
    <message>
        <source>{0}: {1} is out of range (the nearest allowed value is {2})</source>
        <translation>{0}：{1} 超出范围（最接近的允许值是 {2}）</translation>
    </message>
</context>
<context>
    <name>CompletionsPanel</name>
    <message>
        <source>({0})</source>
        <translation>（{0}）</translation>
    </message>
    <message>
        <source>Choices (click one to use it):</source>
        <translation>候选（点击一个即可使用）：</translation>
    </message>
    <message>
        <source>Choose a model first.</source>
        <translation>请先选择模型。</translation>
    </message>
    <message>
        <source>Colour the last completion by token probability (needs logprobs); hover a token to see the alternatives</source>
        <translation>按 token 概率为上一次补全着色（需要 logprobs）；悬停在 token 上可查看候选</translation>
    </message>
    <message>
        <source>Complete</source>
        <translation>补全</translation>
    </message>
    <message>
        <source>Echo the prompt</source>
        <translation>回显提示词</translation>
    </message>
    <message>
        <source>Failed</source>
        <translation>失败</translation>
    </message>
    <message>
        <source>Generate this many completions on the server and return the best (highest log probability per token). Must be greater than n; cannot stream.</source>
        <translation>在服务器上生成这么多个补全，并返回最好的一个（每个 token 的对数概率最高）。必须大于 n；不能流式输出。</translation>
    </message>
    <message>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <source>Optional text that comes after the completion (the model fills the gap)</source>
        <translation>可选：补全之后的文本（由模型填补中间的空缺）</translation>
    </message>
    <message>
        <source>Return the log probability of each token and of this many most likely alternatives (0–5).</source>
        <translation>返回每个 token 的对数概率，以及这么多个最可能的候选（0–5）。</translation>
    </message>
    <message>
        <source>Send the whole document to /completions (Ctrl+Enter)</source>
        <translation>把整个文档发送到 /completions（Ctrl+Enter）</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop; the text received so far is kept</source>
        <translation>停止；保留已收到的文本</translation>
    </message>
    <message>
        <source>Stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>Stopped. The text received so far is kept.</source>
        <translation>已停止。已保留收到的文本。</translation>
    </message>
    <message>
        <source>Suffix:</source>
        <translation>后缀：</translation>
    </message>
    <message>
        <source>The server returns the prompt with the completion; with logprobs this shows how likely each token of the prompt was.</source>
        <translation>服务器把提示词连同补全一起返回；配合 logprobs 可看到提示词中每个 token 的可能性。</translation>
    </message>
    <message>
        <source>Unexpected problem: {0}</source>
        <translation>意外问题：{0}</translation>
    </message>
    <message>
        <source>Waiting for the server…</source>
        <translation>正在等待服务器…</translation>
    </message>
    <message>
        <source>Write the beginning of a text; the model continues it here.</source>
        <translation>写下一段文本的开头，模型会在这里接着写。</translation>
    </message>
    <message>
        <source>best_of ({0}) must be greater than n ({1}): raise best_of or lower n.</source>
        <translation>best_of（{0}）必须大于 n（{1}）：请调高 best_of 或调低 n。</translation>
    </message>
    <message>
        <source>best_of cannot stream: sent without streaming.</source>
        <translation>best_of 不能流式输出：已以非流式发送。</translation>
    </message>
    <message>
        <source>best_of must be greater than n (n is 1 when not set): set best_of to 2 or more, or uncheck it.</source>
        <translation>best_of 必须大于 n（未设置时 n 为 1）：请把 best_of 设为 2 或更大，或取消勾选。</translation>
    </message>
    <message>
        <source>finish: {0}</source>
        <translation>结束：{0}</translation>
    </message>
    <message>
        <source>first token {0} s</source>
        <translation>首个 token {0} 秒</translation>
    </message>
    <message>
        <source>total {0} s</source>
        <translation>总计 {0} 秒</translation>
    </message>
    <message>
        <source>{0} prompt + {1} completion = {2} tokens</source>
        <translation>提示 {0} + 补全 {1} = {2} 个 token</translation>
    </message>
    <message>
        <source>{0} tokens/s</source>
        <translation>{0} token/秒</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <source>Write a message. Enter sends, Shift+Enter adds a line.</source>
        <translation>输入消息。Enter 发送，Shift+Enter 换行。</translation>
    </message>
</context>
<context>
    <name>ConversationView</name>
    <message>
        <source>Assistant</source>
        <translation>助手</translation>
    </message>
    <message>
        <source>Choices</source>
        <translation>候选</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>复制</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Developer</source>
        <translation>开发者</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>编辑</translation>
    </message>
    <message>
        <source>Error:</source>
        <translation>错误：</translation>
    </message>
    <message>
        <source>Inspect</source>
        <translation>检查</translation>
    </message>
    <message>
        <source>Interrupted: Chatterdesk closed before this answer was complete.</source>
        <translation>已中断：Chatterdesk 在这条回答完成前关闭了。</translation>
    </message>
    <message>
        <source>Pick a model, write a message below and press Enter to send.</source>
        <translation>选择一个模型，在下方输入消息，按 Enter 发送。</translation>
    </message>
    <message>
        <source>Probabilities</source>
        <translation>概率</translation>
    </message>
    <message>
        <source>Read aloud</source>
        <translation>朗读</translation>
    </message>
    <message>
        <source>Reasoning ({0} words)</source>
        <translation>推理过程（{0} 词）</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>重新生成</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Stopped. The partial answer is kept.</source>
        <translation>已停止。已保留部分回答。</translation>
    </message>
    <message>
        <source>System</source>
        <translation>系统</translation>
    </message>
    <message>
        <source>You</source>
        <translation>你</translation>
    </message>
</context>
<context>
    <name>CrashDialog</name>
    <message>
        <source>Also written to the log file.</source>
        <translation>也已写入日志文件。</translation>
    </message>
    <message>
        <source>Chatterdesk: unexpected error</source>
        <translation>Chatterdesk：意外错误</translation>
    </message>
    <message>
        <source>Copy report</source>
        <translation>复制报告</translation>
    </message>
    <message>
        <source>Crash report</source>
        <translation>崩溃报告</translation>
    </message>
    <message>
        <source>Open log folder</source>
        <translation>打开日志文件夹</translation>
    </message>
    <message>
        <source>Saved as {0}</source>
        <translation>已保存为 {0}</translation>
    </message>
    <message>
        <source>Something went wrong inside Chatterdesk. It keeps running, and your conversation is saved as usual. If something looks wrong, restart it. The report below has no API key in it: copy it into a bug report if you like.</source>
        <translation>Chatterdesk 内部出了问题。程序会继续运行，你的对话也照常保存。如果有什么看起来不对，请重新启动它。下面的报告不含 API 密钥：如果愿意，可以把它复制到错误报告中。</translation>
    </message>
    <message>
        <source>This happened {0} times ({1} different errors; the latest is shown).</source>
        <translation>这种情况已发生 {0} 次（{1} 种不同错误；显示的是最新一个）。</translation>
    </message>
    <message>
        <source>This happened {0} times.</source>
        <translation>这种情况已发生 {0} 次。</translation>
    </message>
</context>
<context>
    <name>EditMessageDialog</name>
    <message>
        <source>Change this message in place</source>
        <translation>直接修改这条消息</translation>
    </message>
    <message>
        <source>Edit message</source>
        <translation>编辑消息</translation>
    </message>
    <message>
        <source>Role: {0}</source>
        <translation>角色：{0}</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <source>Save and resend</source>
        <translation>保存并重新发送</translation>
    </message>
    <message>
        <source>Send the edited message for a new answer; the old one stays as a branch</source>
        <translation>发送修改后的消息以获得新回答；旧回答作为分支保留</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Could not connect to the server. Is it running, and is the base URL right?</source>
        <translation>无法连接到服务器。它在运行吗？Base URL 正确吗？</translation>
    </message>
    <message>
        <source>Not found. Check the model name and the base URL (it usually ends in /v1).</source>
        <translation>未找到。请检查模型名称和 Base URL（通常以 /v1 结尾）。</translation>
    </message>
    <message>
        <source>Rate limit reached. Wait a moment and try again.</source>
        <translation>已达到速率限制。请稍等片刻再试。</translation>
    </message>
    <message>
        <source>Retry after {0} s.</source>
        <translation>{0} 秒后重试。</translation>
    </message>
    <message>
        <source>Server said: {0}</source>
        <translation>服务器返回：{0}</translation>
    </message>
    <message>
        <source>Starting the local model is turned off (CHATTERDESK_LOCAL_AUTOSTART=0).</source>
        <translation>已关闭本地模型的自动启动（CHATTERDESK_LOCAL_AUTOSTART=0）。</translation>
    </message>
    <message>
        <source>The connection dropped before the answer was complete.</source>
        <translation>回答完成前连接已断开。</translation>
    </message>
    <message>
        <source>The local model could not listen: the port is in use.</source>
        <translation>本地模型无法监听：端口已被占用。</translation>
    </message>
    <message>
        <source>The local model did not start in time ({0}).</source>
        <translation>本地模型未能按时启动（{0}）。</translation>
    </message>
    <message>
        <source>The local model is not installed. Install it with: bash setup.sh run (or pip install &apos;.[local]&apos;), or add a provider in Providers…</source>
        <translation>本地模型未安装。请用 bash setup.sh run（或 pip install &apos;.[local]&apos;）安装，或在“服务商…”中添加服务商。</translation>
    </message>
    <message>
        <source>The local model server stopped unexpectedly.</source>
        <translation>本地模型服务器意外停止。</translation>
    </message>
    <message>
        <source>The model file could not be loaded (damaged or unsupported).</source>
        <translation>无法加载模型文件（已损坏或不受支持）。</translation>
    </message>
    <message>
        <source>The model file was not found: {0}</source>
        <translation>找不到模型文件：{0}</translation>
    </message>
    <message>
        <source>The model is too large for the memory of this computer.</source>
        <translation>模型太大，这台电脑的内存放不下。</translation>
    </message>
    <message>
        <source>The quota of this account is used up. Check its plan and billing.</source>
        <translation>此账户的额度已用完。请检查套餐和账单。</translation>
    </message>
    <message>
        <source>The secure connection failed (certificate or TLS problem).</source>
        <translation>安全连接失败（证书或 TLS 问题）。</translation>
    </message>
    <message>
        <source>The server answered with an unexpected status.</source>
        <translation>服务器返回了意外的状态。</translation>
    </message>
    <message>
        <source>The server did not answer as an HTTP server. Check the base URL.</source>
        <translation>服务器没有按 HTTP 服务器的方式应答。请检查 Base URL。</translation>
    </message>
    <message>
        <source>The server had an internal error. Try again later.</source>
        <translation>服务器内部错误。请稍后再试。</translation>
    </message>
    <message>
        <source>The server refused the API key. Check the key in Settings.</source>
        <translation>服务器拒绝了 API 密钥。请在设置中检查密钥。</translation>
    </message>
    <message>
        <source>The server refused the request.</source>
        <translation>服务器拒绝了请求。</translation>
    </message>
    <message>
        <source>The server reported an error while answering.</source>
        <translation>服务器在回答时报告了错误。</translation>
    </message>
    <message>
        <source>The server sent part of the answer in a form that could not be read.</source>
        <translation>服务器发送的部分回答无法读取。</translation>
    </message>
    <message>
        <source>The server took too long to answer.</source>
        <translation>服务器响应超时。</translation>
    </message>
    <message>
        <source>The server&apos;s answer is not what an OpenAI-compatible API sends. Check the base URL.</source>
        <translation>服务器的应答不是 OpenAI 兼容 API 的格式。请检查 Base URL。</translation>
    </message>
    <message>
        <source>The server&apos;s host name could not be found. Check the base URL and the network.</source>
        <translation>找不到服务器的主机名。请检查 Base URL 和网络。</translation>
    </message>
    <message>
        <source>This file is not a GGUF model: {0}</source>
        <translation>此文件不是 GGUF 模型：{0}</translation>
    </message>
</context>
<context>
    <name>Exchange</name>
    <message>
        <source>expected a JSON array of messages, or an object with &quot;messages&quot;</source>
        <translation>应为消息的 JSON 数组，或含 &quot;messages&quot; 的对象</translation>
    </message>
    <message>
        <source>message {0} has an unknown role: {1}</source>
        <translation>第 {0} 条消息的角色未知：{1}</translation>
    </message>
    <message>
        <source>message {0} has content that is not text</source>
        <translation>第 {0} 条消息的内容不是文本</translation>
    </message>
    <message>
        <source>message {0} is not an object</source>
        <translation>第 {0} 条消息不是对象</translation>
    </message>
    <message>
        <source>not JSON ({0})</source>
        <translation>不是 JSON（{0}）</translation>
    </message>
</context>
<context>
    <name>FileController</name>
    <message>
        <source>{0} (copy)</source>
        <translation>{0}（副本）</translation>
    </message>
</context>
<context>
    <name>FindBar</name>
    <message>
        <source>Close (Esc)</source>
        <translation>关闭 (Esc)</translation>
    </message>
    <message>
        <source>Close the find bar</source>
        <translation>关闭查找栏</translation>
    </message>
    <message>
        <source>Find in the conversation</source>
        <translation>在对话中查找</translation>
    </message>
    <message>
        <source>Next match</source>
        <translation>下一个匹配</translation>
    </message>
    <message>
        <source>Next match (F3)</source>
        <translation>下一个匹配 (F3)</translation>
    </message>
    <message>
        <source>No matches</source>
        <translation>无匹配</translation>
    </message>
    <message>
        <source>Previous match</source>
        <translation>上一个匹配</translation>
    </message>
    <message>
        <source>Previous match (Shift+F3)</source>
        <translation>上一个匹配 (Shift+F3)</translation>
    </message>
    <message>
        <source>{0} of {1}</source>
        <translation>第 {0} 个，共 {1} 个</translation>
    </message>
</context>
<context>
    <name>HeatmapView</name>
    <message>
        <source> (logprob {0})</source>
        <translation>（logprob {0}）</translation>
    </message>
    <message>
        <source>&lt;10%</source>
        <translation>&lt;10%</translation>
    </message>
    <message>
        <source>No token probabilities.</source>
        <translation>没有 token 概率。</translation>
    </message>
    <message>
        <source>Probability:</source>
        <translation>概率：</translation>
    </message>
    <message>
        <source>least likely: {0}</source>
        <translation>最不可能：{0}</translation>
    </message>
    <message>
        <source>mean probability {0}</source>
        <translation>平均概率 {0}</translation>
    </message>
    <message>
        <source>no probabilities</source>
        <translation>无概率</translation>
    </message>
    <message>
        <source>perplexity {0}</source>
        <translation>困惑度 {0}</translation>
    </message>
    <message>
        <source>unknown</source>
        <translation>未知</translation>
    </message>
    <message>
        <source>{0} tokens</source>
        <translation>{0} 个 token</translation>
    </message>
    <message>
        <source>≥90%</source>
        <translation>≥90%</translation>
    </message>
</context>
<context>
    <name>HistoryPanel</name>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Duplicate</source>
        <translation>创建副本</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>新建对话</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>重命名</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Today</source>
        <translation>今天</translation>
    </message>
    <message>
        <source>Yesterday</source>
        <translation>昨天</translation>
    </message>
    <message>
        <source>{0} (damaged)</source>
        <translation>{0}（已损坏）</translation>
    </message>
</context>
<context>
    <name>InspectorDialog</name>
    <message>
        <source>Assembled from {0} streamed chunks:</source>
        <translation>由 {0} 个流式数据块拼成：</translation>
    </message>
    <message>
        <source>Choice</source>
        <translation>候选</translation>
    </message>
    <message>
        <source>Chunks</source>
        <translation>数据块</translation>
    </message>
    <message>
        <source>Content chunks</source>
        <translation>内容数据块</translation>
    </message>
    <message>
        <source>Copy this tab</source>
        <translation>复制此页</translation>
    </message>
    <message>
        <source>Cost</source>
        <translation>费用</translation>
    </message>
    <message>
        <source>Created</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <source>Finish reason</source>
        <translation>结束原因</translation>
    </message>
    <message>
        <source>Inspect message</source>
        <translation>检查消息</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>No response was recorded for this message.</source>
        <translation>这条消息没有记录响应。</translation>
    </message>
    <message>
        <source>Object</source>
        <translation>对象</translation>
    </message>
    <message>
        <source>Overview</source>
        <translation>概览</translation>
    </message>
    <message>
        <source>Request</source>
        <translation>请求</translation>
    </message>
    <message>
        <source>Response</source>
        <translation>响应</translation>
    </message>
    <message>
        <source>Response id</source>
        <translation>响应 ID</translation>
    </message>
    <message>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <source>System fingerprint</source>
        <translation>系统指纹</translation>
    </message>
    <message>
        <source>The raw chunks are kept only for answers streamed since Chatterdesk started.</source>
        <translation>只保留本次启动 Chatterdesk 以来流式接收的回答的原始数据块。</translation>
    </message>
    <message>
        <source>This message was written here, not received from a server.</source>
        <translation>这条消息是在这里写的，不是从服务器收到的。</translation>
    </message>
    <message>
        <source>Time to first token</source>
        <translation>首个 token 用时</translation>
    </message>
    <message>
        <source>Tokens (estimated here)</source>
        <translation>Token（本地估算）</translation>
    </message>
    <message>
        <source>Tokens per second</source>
        <translation>每秒 token 数</translation>
    </message>
    <message>
        <source>Total time</source>
        <translation>总用时</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <source>no price set</source>
        <translation>未设置价格</translation>
    </message>
    <message>
        <source>{0} prompt + {1} completion</source>
        <translation>提示 {0} + 补全 {1}</translation>
    </message>
</context>
<context>
    <name>Licenses</name>
    <message>
        <source>bundled</source>
        <translation>内置</translation>
    </message>
    <message>
        <source>offered as {0}</source>
        <translation>提供的许可：{0}</translation>
    </message>
    <message>
        <source>see the package</source>
        <translation>见软件包</translation>
    </message>
    <message>
        <source>through PySide6</source>
        <translation>通过 PySide6</translation>
    </message>
    <message>
        <source>used by {0}</source>
        <translation>由 {0} 使用</translation>
    </message>
</context>
<context>
    <name>LogitBiasDialog</name>
    <message>
        <source>(not a token of {0})</source>
        <translation>（不是 {0} 中的 token）</translation>
    </message>
    <message>
        <source>1 token in {0}</source>
        <translation>{0} 中 1 个 token</translation>
    </message>
    <message>
        <source>Add the selected tokens, or all of them</source>
        <translation>添加选中的 token，或全部添加</translation>
    </message>
    <message>
        <source>Add these tokens</source>
        <translation>添加这些 token</translation>
    </message>
    <message>
        <source>Bias</source>
        <translation>偏置</translation>
    </message>
    <message>
        <source>Chosen for {0}.</source>
        <translation>已为 {0} 选择。</translation>
    </message>
    <message>
        <source>Encoding</source>
        <translation>编码</translation>
    </message>
    <message>
        <source>Find token ids</source>
        <translation>查找 token ID</translation>
    </message>
    <message>
        <source>Loading the {0} encoding…</source>
        <translation>正在加载 {0} 编码…</translation>
    </message>
    <message>
        <source>Logit bias</source>
        <translation>Logit 偏置</translation>
    </message>
    <message>
        <source>Make tokens more or less likely: -100 bans a token, 100 forces it, small values nudge. Token ids depend on the model&apos;s encoding.</source>
        <translation>提高或降低 token 出现的可能性：-100 禁止该 token，100 强制使用，较小的值微调。Token ID 取决于模型的编码。</translation>
    </message>
    <message>
        <source>Remove all</source>
        <translation>全部移除</translation>
    </message>
    <message>
        <source>Remove selected</source>
        <translation>移除选中项</translation>
    </message>
    <message>
        <source>Sent with the request</source>
        <translation>随请求发送</translation>
    </message>
    <message>
        <source>Text</source>
        <translation>文本</translation>
    </message>
    <message>
        <source>Text, e.g. ␣Paris (a leading space matters)</source>
        <translation>文本，例如 ␣Paris（开头的空格有影响）</translation>
    </message>
    <message>
        <source>Token id</source>
        <translation>Token ID</translation>
    </message>
    <message>
        <source>o200k_base: gpt-4o, gpt-4.1, gpt-5, o-series. cl100k_base: gpt-4, gpt-3.5.</source>
        <translation>o200k_base：gpt-4o、gpt-4.1、gpt-5、o 系列。cl100k_base：gpt-4、gpt-3.5。</translation>
    </message>
    <message>
        <source>{0} is not an OpenAI model this knows: its server may number tokens differently.</source>
        <translation>{0} 不是本程序认识的 OpenAI 模型：它的服务器可能使用不同的 token 编号。</translation>
    </message>
    <message>
        <source>{0} tokens in {1}</source>
        <translation>{1} 中 {0} 个 token</translation>
    </message>
    <message>
        <source>…or token ids, e.g. 1234, 5678</source>
        <translation>…或 token ID，例如 1234, 5678</translation>
    </message>
</context>
<context>
    <name>LogitBiasRow</name>
    <message>
        <source>1 token</source>
        <translation>1 个 token</translation>
    </message>
    <message>
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <source>Look up token ids and set their biases</source>
        <translation>查找 token ID 并设置偏置</translation>
    </message>
    <message>
        <source>Token id → bias from -100 (never) to 100 (always), as JSON {&quot;1234&quot;: -100} or as pairs 1234: -100, 5678: 5</source>
        <translation>Token ID → 偏置，从 -100（从不）到 100（总是），写成 JSON {&quot;1234&quot;: -100} 或成对写 1234: -100, 5678: 5</translation>
    </message>
    <message>
        <source>logit_bias: add at least one token, or uncheck it</source>
        <translation>logit_bias：请至少添加一个 token，或取消勾选</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>not valid</source>
        <translation>无效</translation>
    </message>
    <message>
        <source>{&quot;1234&quot;: -100} or 1234: -100</source>
        <translation>{&quot;1234&quot;: -100} 或 1234: -100</translation>
    </message>
    <message>
        <source>{0} tokens</source>
        <translation>{0} 个 token</translation>
    </message>
</context>
<context>
    <name>LogprobsDialog</name>
    <message>
        <source>Copy as TSV</source>
        <translation>复制为 TSV</translation>
    </message>
    <message>
        <source>Copy every token with its probability and alternatives, tab-separated</source>
        <translation>复制每个 token 及其概率和候选，以制表符分隔</translation>
    </message>
    <message>
        <source>Token probabilities</source>
        <translation>Token 概率</translation>
    </message>
</context>
<context>
    <name>LogprobsRow</name>
    <message>
        <source>Return the log probability of each token of the answer (logprobs: true)</source>
        <translation>返回回答中每个 token 的对数概率（logprobs: true）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source> (read-only)</source>
        <translation>（只读）</translation>
    </message>
    <message>
        <source>&amp;About Chatterdesk</source>
        <translation>关于 Chatterdesk(&amp;A)</translation>
    </message>
    <message>
        <source>&amp;Chat</source>
        <translation>聊天(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Dark</source>
        <translation>深色(&amp;D)</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>编辑(&amp;E)</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Find in conversation…</source>
        <translation>在对话中查找(&amp;F)…</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;Import messages JSON…</source>
        <translation>导入消息 JSON(&amp;I)…</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;Light</source>
        <translation>浅色(&amp;L)</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>新建对话(&amp;N)</translation>
    </message>
    <message>
        <source>&amp;Open…</source>
        <translation>打开(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Playground</source>
        <translation>试验场(&amp;P)</translation>
    </message>
    <message>
        <source>&amp;Providers and keys…</source>
        <translation>服务商和密钥(&amp;P)…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;Retry last answer</source>
        <translation>重试上一条回答(&amp;R)</translation>
    </message>
    <message>
        <source>&amp;Save</source>
        <translation>保存(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;System</source>
        <translation>跟随系统(&amp;S)</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>(from OPENAI_BASE_URL)</source>
        <translation>（来自 OPENAI_BASE_URL）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Add the message to the conversation without asking for an answer</source>
        <translation>把消息加入对话，但不请求回答</translation>
    </message>
    <message>
        <source>Add the message without sending</source>
        <translation>只添加消息，不发送</translation>
    </message>
    <message>
        <source>An answer was interrupted when Chatterdesk last closed; it is kept.</source>
        <translation>上次关闭 Chatterdesk 时有一条回答被中断；它已被保留。</translation>
    </message>
    <message>
        <source>Audio (*.mp3 *.ogg *.opus *.aac *.flac *.wav *.pcm);;All files (*)</source>
        <translation>音频 (*.mp3 *.ogg *.opus *.aac *.flac *.wav *.pcm);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Audio format for Save</source>
        <translation>保存时的音频格式</translation>
    </message>
    <message>
        <source>Chat</source>
        <translation>聊天</translation>
    </message>
    <message>
        <source>Chat with SmolLM2, a small open model running on this computer: no account needed. To use OpenAI, DeepSeek, Ollama and others, open Providers…</source>
        <translation>与 SmolLM2 聊天，这是一个在本机运行的小型开放模型：无需账户。要使用 OpenAI、DeepSeek、Ollama 等，请打开“服务商…”</translation>
    </message>
    <message>
        <source>Chat, or the legacy /completions endpoint for instruct and base models</source>
        <translation>聊天，或用于指令模型和基础模型的旧版 /completions 接口</translation>
    </message>
    <message>
        <source>Choose or type a model first.</source>
        <translation>请先选择或输入一个模型。</translation>
    </message>
    <message>
        <source>Completions</source>
        <translation>补全</translation>
    </message>
    <message>
        <source>Connected: {0} models ({1}).</source>
        <translation>已连接：{0} 个模型（{1}）。</translation>
    </message>
    <message>
        <source>Conversation</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>对话</translation>
    </message>
    <message>
        <source>Conversations (*.chat.json)</source>
        <translation>对话 (*.chat.json)</translation>
    </message>
    <message>
        <source>Conversations (*.chat.json);;All files (*)</source>
        <translation>对话 (*.chat.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not export: {0}</source>
        <translation>无法导出：{0}</translation>
    </message>
    <message>
        <source>Could not fetch the model list: {0}</source>
        <translation>无法获取模型列表：{0}</translation>
    </message>
    <message>
        <source>Could not import {0}: {1}</source>
        <translation>无法导入 {0}：{1}</translation>
    </message>
    <message>
        <source>Could not open</source>
        <translation>无法打开</translation>
    </message>
    <message>
        <source>Could not open {0}: {1}. The file was not changed.</source>
        <translation>无法打开 {0}：{1}。文件未被修改。</translation>
    </message>
    <message>
        <source>Could not save the conversation: {0}. It is kept in memory and Chatterdesk tries again.</source>
        <translation>无法保存对话：{0}。对话保留在内存中，Chatterdesk 会再次尝试。</translation>
    </message>
    <message>
        <source>Could not save the prompt: {0}</source>
        <translation>无法保存提示词：{0}</translation>
    </message>
    <message>
        <source>Could not save the providers: {0}</source>
        <translation>无法保存服务商：{0}</translation>
    </message>
    <message>
        <source>Could not save the settings: {0}</source>
        <translation>无法保存设置：{0}</translation>
    </message>
    <message>
        <source>Created: {0}</source>
        <translation>创建时间：{0}</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>Del</source>
        <translation>Del</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the conversation</source>
        <translation>删除对话</translation>
    </message>
    <message>
        <source>Delete the saved prompt</source>
        <translation>删除保存的提示词</translation>
    </message>
    <message>
        <source>Details</source>
        <translation>详情</translation>
    </message>
    <message>
        <source>Enter</source>
        <translation>回车</translation>
    </message>
    <message>
        <source>Export as &amp;Markdown…</source>
        <translation>导出为 Markdown(&amp;M)…</translation>
    </message>
    <message>
        <source>Export as Markdown</source>
        <translation>导出为 Markdown</translation>
    </message>
    <message>
        <source>Export as messages &amp;JSON…</source>
        <translation>导出为消息 JSON(&amp;J)…</translation>
    </message>
    <message>
        <source>Export as messages JSON</source>
        <translation>导出为消息 JSON</translation>
    </message>
    <message>
        <source>Exported to {0}</source>
        <translation>已导出到 {0}</translation>
    </message>
    <message>
        <source>Fetch the model list from the server</source>
        <translation>从服务器获取模型列表</translation>
    </message>
    <message>
        <source>Fetching the model list…</source>
        <translation>正在获取模型列表…</translation>
    </message>
    <message>
        <source>Filter models</source>
        <translation>筛选模型</translation>
    </message>
    <message>
        <source>Find &amp;next</source>
        <translation>查找下一个(&amp;N)</translation>
    </message>
    <message>
        <source>Find pre&amp;vious</source>
        <translation>查找上一个(&amp;V)</translation>
    </message>
    <message>
        <source>Go to the &amp;message box</source>
        <translation>转到消息框(&amp;M)</translation>
    </message>
    <message>
        <source>Go to the m&amp;odel</source>
        <translation>转到模型(&amp;O)</translation>
    </message>
    <message>
        <source>History</source>
        <translation>历史</translation>
    </message>
    <message>
        <source>Import messages JSON</source>
        <translation>导入消息 JSON</translation>
    </message>
    <message>
        <source>JSON (*.json)</source>
        <translation>JSON (*.json)</translation>
    </message>
    <message>
        <source>JSON (*.json);;All files (*)</source>
        <translation>JSON (*.json);;所有文件 (*)</translation>
    </message>
    <message>
        <source>List the sound outputs again</source>
        <translation>重新列出声音输出设备</translation>
    </message>
    <message>
        <source>Local model on this computer · {0}</source>
        <translation>本机上的本地模型 · {0}</translation>
    </message>
    <message>
        <source>Markdown (*.md)</source>
        <translation>Markdown (*.md)</translation>
    </message>
    <message>
        <source>Memory, for this session only (no system keychain)</source>
        <translation>内存，仅限本次会话（没有系统钥匙串）</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>消息</translation>
    </message>
    <message>
        <source>Message box</source>
        <translation>消息框</translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation>消息已复制</translation>
    </message>
    <message>
        <source>Mode: chat or completions</source>
        <translation>模式：聊天或补全</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Model details</source>
        <translation>模型详情</translation>
    </message>
    <message>
        <source>Moved “{0}” to the trash.</source>
        <translation>已将“{0}”移到回收站。</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>New conversation</source>
        <translation>新对话</translation>
    </message>
    <message>
        <source>New line</source>
        <translation>换行</translation>
    </message>
    <message>
        <source>Next control</source>
        <translation>下一个控件</translation>
    </message>
    <message>
        <source>No API key yet: add a provider in Providers… (OpenAI, DeepSeek, a local Ollama …), or install the local model with: bash setup.sh run</source>
        <translation>还没有 API 密钥：请在“服务商…”中添加服务商（OpenAI、DeepSeek、本地 Ollama …），或用 bash setup.sh run 安装本地模型</translation>
    </message>
    <message>
        <source>No API key yet: add one in Providers…, or choose “Local (SmolLM2)” above to chat with the model on this computer.</source>
        <translation>还没有 API 密钥：请在“服务商…”中添加，或在上方选择“本地 (SmolLM2)”，与本机上的模型聊天。</translation>
    </message>
    <message>
        <source>No recent files</source>
        <translation>没有最近的文件</translation>
    </message>
    <message>
        <source>No system keychain is available: the key is kept only while Chatterdesk runs.</source>
        <translation>没有可用的系统钥匙串：密钥只在 Chatterdesk 运行期间保留。</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Open conversation</source>
        <translation>打开对话</translation>
    </message>
    <message>
        <source>Open the backup</source>
        <translation>打开备份</translation>
    </message>
    <message>
        <source>Owner: {0}</source>
        <translation>所有者：{0}</translation>
    </message>
    <message>
        <source>Parameter presets</source>
        <translation>参数预设</translation>
    </message>
    <message>
        <source>Pick a model, write a message below and press Enter to send.</source>
        <translation>选择一个模型，在下方输入消息，按 Enter 发送。</translation>
    </message>
    <message>
        <source>Play a saved file</source>
        <translation>播放已保存的文件</translation>
    </message>
    <message>
        <source>Prompt document</source>
        <translation>提示文档</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Providers and keys</source>
        <translation>服务商和密钥</translation>
    </message>
    <message>
        <source>Providers…</source>
        <translation>服务商…</translation>
    </message>
    <message>
        <source>Re&amp;generate last answer</source>
        <translation>重新生成上一条回答(&amp;G)</translation>
    </message>
    <message>
        <source>Re&amp;name conversation…</source>
        <translation>重命名对话(&amp;N)…</translation>
    </message>
    <message>
        <source>Read &amp;aloud</source>
        <translation>朗读(&amp;A)</translation>
    </message>
    <message>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <source>Refresh &amp;models</source>
        <translation>刷新模型(&amp;M)</translation>
    </message>
    <message>
        <source>Refresh the model list</source>
        <translation>刷新模型列表</translation>
    </message>
    <message>
        <source>Refused to open a link that is not http(s): {0}</source>
        <translation>已拒绝打开非 http(s) 链接：{0}</translation>
    </message>
    <message>
        <source>Remove the chosen prompt from the library</source>
        <translation>从提示词库中移除选中的提示词</translation>
    </message>
    <message>
        <source>Rename conversation</source>
        <translation>重命名对话</translation>
    </message>
    <message>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <source>Role of the message</source>
        <translation>消息的角色</translation>
    </message>
    <message>
        <source>Run the prompt document</source>
        <translation>运行提示文档</translation>
    </message>
    <message>
        <source>S&amp;end</source>
        <translation>发送(&amp;E)</translation>
    </message>
    <message>
        <source>S&amp;top answer</source>
        <translation>停止回答(&amp;T)</translation>
    </message>
    <message>
        <source>Same as chat</source>
        <translation>与聊天相同</translation>
    </message>
    <message>
        <source>Save &amp;as…</source>
        <translation>另存为(&amp;A)…</translation>
    </message>
    <message>
        <source>Save a copy…</source>
        <translation>保存副本…</translation>
    </message>
    <message>
        <source>Save conversation as</source>
        <translation>对话另存为</translation>
    </message>
    <message>
        <source>Save speech</source>
        <translation>保存语音</translation>
    </message>
    <message>
        <source>Save system prompt</source>
        <translation>保存系统提示词</translation>
    </message>
    <message>
        <source>Save the system prompt</source>
        <translation>保存系统提示词</translation>
    </message>
    <message>
        <source>Save this system prompt in the library</source>
        <translation>把这个系统提示词保存到提示词库</translation>
    </message>
    <message>
        <source>Saved prompts…</source>
        <translation>已保存的提示词…</translation>
    </message>
    <message>
        <source>Saved system prompts</source>
        <translation>已保存的系统提示词</translation>
    </message>
    <message>
        <source>Saved to {0}</source>
        <translation>已保存到 {0}</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Search &amp;history</source>
        <translation>搜索历史(&amp;H)</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>搜索对话</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>发送</translation>
    </message>
    <message>
        <source>Send a message first: then it has a name.</source>
        <translation>请先发送一条消息：之后它才有名称。</translation>
    </message>
    <message>
        <source>Send {0}</source>
        <translation>发送 {0}</translation>
    </message>
    <message>
        <source>Shift+Enter</source>
        <translation>Shift+回车</translation>
    </message>
    <message>
        <source>Show &amp;history</source>
        <translation>显示历史(&amp;H)</translation>
    </message>
    <message>
        <source>Show &amp;side panel</source>
        <translation>显示侧边栏(&amp;S)</translation>
    </message>
    <message>
        <source>Sound output</source>
        <translation>声音输出</translation>
    </message>
    <message>
        <source>Speak the selected text, the speech panel&apos;s text, or the last answer</source>
        <translation>朗读选中的文本、语音面板中的文本或上一条回答</translation>
    </message>
    <message>
        <source>Speech instructions</source>
        <translation>语音指令</translation>
    </message>
    <message>
        <source>Speech model</source>
        <translation>语音模型</translation>
    </message>
    <message>
        <source>Speech provider</source>
        <translation>语音服务商</translation>
    </message>
    <message>
        <source>Speech speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <source>Starting the local model… {0:.0f} s</source>
        <translation>正在启动本地模型… {0:.0f} 秒</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Stop sending “{0}” to {1} and retry</source>
        <translation>不再向 {1} 发送“{0}”并重试</translation>
    </message>
    <message>
        <source>Stop the answer</source>
        <translation>停止回答</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>系统提示词</translation>
    </message>
    <message>
        <source>System prompt, parameters and speech</source>
        <translation>系统提示词、参数和语音</translation>
    </message>
    <message>
        <source>Tab</source>
        <translation>Tab</translation>
    </message>
    <message>
        <source>Text to speak</source>
        <translation>要朗读的文本</translation>
    </message>
    <message>
        <source>The key is stored in a file only you can read.</source>
        <translation>密钥保存在只有你能读取的文件中。</translation>
    </message>
    <message>
        <source>The key is stored in the system keychain.</source>
        <translation>密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>The language changes when Chatterdesk starts again.</source>
        <translation>语言将在 Chatterdesk 下次启动时更改。</translation>
    </message>
    <message>
        <source>The last answer failed.</source>
        <translation>上一条回答失败了。</translation>
    </message>
    <message>
        <source>The last answer was interrupted.</source>
        <translation>上一条回答被中断了。</translation>
    </message>
    <message>
        <source>The last answer was stopped.</source>
        <translation>上一条回答已停止。</translation>
    </message>
    <message>
        <source>The local model is ready.</source>
        <translation>本地模型已就绪。</translation>
    </message>
    <message>
        <source>The messages; the links under each one edit, copy, regenerate or read it</source>
        <translation>消息列表；每条消息下的链接可编辑、复制、重新生成或朗读它</translation>
    </message>
    <message>
        <source>The provider profile used for chat</source>
        <translation>聊天所用的服务商配置</translation>
    </message>
    <message>
        <source>The role of the message you write</source>
        <translation>你所写消息的角色</translation>
    </message>
    <message>
        <source>The server refused this parameter for this model.</source>
        <translation>服务器拒绝了此模型的这个参数。</translation>
    </message>
    <message>
        <source>The system keychain, service “{0}”</source>
        <translation>系统钥匙串，服务“{0}”</translation>
    </message>
    <message>
        <source>There is no answer to regenerate yet.</source>
        <translation>还没有可以重新生成的回答。</translation>
    </message>
    <message>
        <source>This file was written by a newer version of Chatterdesk. It is shown read-only: changes are not saved to it.</source>
        <translation>此文件由更新版本的 Chatterdesk 写入。它以只读方式显示：修改不会保存到文件中。</translation>
    </message>
    <message>
        <source>This model does not return log probabilities.</source>
        <translation>此模型不返回对数概率。</translation>
    </message>
    <message>
        <source>This model does not take penalties.</source>
        <translation>此模型不接受惩罚参数。</translation>
    </message>
    <message>
        <source>This model does not take this parameter.</source>
        <translation>此模型不接受这个参数。</translation>
    </message>
    <message>
        <source>This model takes only the default value.</source>
        <translation>此模型只接受默认值。</translation>
    </message>
    <message>
        <source>Title</source>
        <translation>标题</translation>
    </message>
    <message>
        <source>Try now</source>
        <translation>立即重试</translation>
    </message>
    <message>
        <source>Undo</source>
        <translation>撤销</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>音色</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>Waiting for the first token…</source>
        <translation>正在等待首个 token…</translation>
    </message>
    <message>
        <source>What the server says about this model</source>
        <translation>服务器提供的此模型信息</translation>
    </message>
    <message>
        <source>You are a helpful assistant.</source>
        <translation>你是一个乐于助人的助手。</translation>
    </message>
    <message>
        <source>key from OPENAI_API_KEY</source>
        <translation>密钥来自 OPENAI_API_KEY</translation>
    </message>
    <message>
        <source>key in the keychain</source>
        <translation>密钥在钥匙串中</translation>
    </message>
    <message>
        <source>key set for this session</source>
        <translation>密钥仅用于本次会话</translation>
    </message>
    <message>
        <source>model id, e.g. gpt-4o-mini</source>
        <translation>模型 ID，例如 gpt-4o-mini</translation>
    </message>
    <message>
        <source>no key</source>
        <translation>无密钥</translation>
    </message>
    <message>
        <source>not started yet</source>
        <translation>尚未启动</translation>
    </message>
    <message>
        <source>{0} Retrying in {1:.1f} s (attempt {2})…</source>
        <translation>{0} {1:.1f} 秒后重试（第 {2} 次）…</translation>
    </message>
    <message>
        <source>{0} models available</source>
        <translation>{0} 个可用模型</translation>
    </message>
    <message>
        <source>{0} slider</source>
        <translation>{0} 滑块</translation>
    </message>
    <message>
        <source>{0} value</source>
        <translation>{0} 数值</translation>
    </message>
    <message>
        <source>{1} · {0}</source>
        <translation>{1} · {0}</translation>
    </message>
</context>
<context>
    <name>ModelDetailsDialog</name>
    <message>
        <source>Asking the server about {0}…</source>
        <translation>正在向服务器查询 {0}…</translation>
    </message>
    <message>
        <source>Created: {0}</source>
        <translation>创建时间：{0}</translation>
    </message>
    <message>
        <source>Id: {0}</source>
        <translation>ID：{0}</translation>
    </message>
    <message>
        <source>Model {0}</source>
        <translation>模型 {0}</translation>
    </message>
    <message>
        <source>Owner: {0}</source>
        <translation>所有者：{0}</translation>
    </message>
</context>
<context>
    <name>ModelRulesDialog</name>
    <message>
        <source>Back to the built-in rules</source>
        <translation>恢复内置规则</translation>
    </message>
    <message>
        <source>Parameters the server refused (not sent):</source>
        <translation>服务器拒绝的参数（不再发送）：</translation>
    </message>
    <message>
        <source>Returns log probabilities</source>
        <translation>返回对数概率</translation>
    </message>
    <message>
        <source>Rules for {0}</source>
        <translation>{0} 的规则</translation>
    </message>
    <message>
        <source>Send max_tokens as max_completion_tokens</source>
        <translation>把 max_tokens 作为 max_completion_tokens 发送</translation>
    </message>
    <message>
        <source>Send the selected one again</source>
        <translation>重新发送选中的参数</translation>
    </message>
    <message>
        <source>Takes presence and frequency penalties</source>
        <translation>接受存在惩罚和频率惩罚</translation>
    </message>
    <message>
        <source>Takes temperature and top_p</source>
        <translation>接受 temperature 和 top_p</translation>
    </message>
    <message>
        <source>What Chatterdesk sends to this model. The defaults come from the model&apos;s name; change them when a server behaves differently.</source>
        <translation>Chatterdesk 向此模型发送哪些参数。默认值根据模型名称确定；服务器行为不同时请修改。</translation>
    </message>
</context>
<context>
    <name>ParamControl</name>
    <message>
        <source>From {0} to {1}</source>
        <translation>从 {0} 到 {1}</translation>
    </message>
</context>
<context>
    <name>ParameterPanel</name>
    <message>
        <source>Apply a saved set of parameters</source>
        <translation>应用一组已保存的参数</translation>
    </message>
    <message>
        <source>Ask for token usage at the end of a stream</source>
        <translation>在流式输出结束时请求 token 用量</translation>
    </message>
    <message>
        <source>Checked: sent with the request. Unchecked: the server&apos;s default is used.</source>
        <translation>选中：随请求发送。未选中：使用服务器的默认值。</translation>
    </message>
    <message>
        <source>Could not delete the preset: {0}</source>
        <translation>无法删除预设：{0}</translation>
    </message>
    <message>
        <source>Could not save the preset: {0}</source>
        <translation>无法保存预设：{0}</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <source>Delete the chosen preset (built-in ones stay)</source>
        <translation>删除选中的预设（内置预设保留）</translation>
    </message>
    <message>
        <source>Deleted the preset “{0}”.</source>
        <translation>已删除预设“{0}”。</translation>
    </message>
    <message>
        <source>Fix this first: {0}</source>
        <translation>请先修正：{0}</translation>
    </message>
    <message>
        <source>More: logprobs, logit_bias, user</source>
        <translation>更多：logprobs、logit_bias、user</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>参数</translation>
    </message>
    <message>
        <source>Presets…</source>
        <translation>预设…</translation>
    </message>
    <message>
        <source>Rules for this model…</source>
        <translation>此模型的规则…</translation>
    </message>
    <message>
        <source>Save parameter preset</source>
        <translation>保存参数预设</translation>
    </message>
    <message>
        <source>Save these parameters as a preset</source>
        <translation>把这些参数保存为预设</translation>
    </message>
    <message>
        <source>Saved the preset “{0}”.</source>
        <translation>已保存预设“{0}”。</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Sent as {0} for this model.</source>
        <translation>对此模型作为 {0} 发送。</translation>
    </message>
    <message>
        <source>Stream the answer as it is written</source>
        <translation>边生成边流式显示回答</translation>
    </message>
    <message>
        <source>Which parameters this model takes; change them when a server differs</source>
        <translation>此模型接受哪些参数；服务器不同时可修改</translation>
    </message>
    <message>
        <source>{0} (built-in)</source>
        <translation>{0}（内置）</translation>
    </message>
</context>
<context>
    <name>Params</name>
    <message>
        <source>a lone \ at the end (write \\ for a backslash)</source>
        <translation>末尾有单独的 \（反斜杠请写成 \\）</translation>
    </message>
    <message>
        <source>expected &apos;{0}&apos;</source>
        <translation>应为 &apos;{0}&apos;</translation>
    </message>
    <message>
        <source>expected {0}</source>
        <translation>应为 {0}</translation>
    </message>
    <message>
        <source>line {0}, column {1}: {2}</source>
        <translation>第 {0} 行第 {1} 列：{2}</translation>
    </message>
    <message>
        <source>logit_bias: bias for {0} must be a number</source>
        <translation>logit_bias：{0} 的偏置必须是数字</translation>
    </message>
    <message>
        <source>logit_bias: bias for {0} must be a number (not {1})</source>
        <translation>logit_bias：{0} 的偏置必须是数字（而不是 {1}）</translation>
    </message>
    <message>
        <source>logit_bias: bias for {0} must be a whole number</source>
        <translation>logit_bias：{0} 的偏置必须是整数</translation>
    </message>
    <message>
        <source>logit_bias: bias for {0} must be between {1} and {2}</source>
        <translation>logit_bias：{0} 的偏置必须在 {1} 到 {2} 之间</translation>
    </message>
    <message>
        <source>logit_bias: must be an object of token id → bias</source>
        <translation>logit_bias：必须是 token ID → 偏置 的对象</translation>
    </message>
    <message>
        <source>logit_bias: not valid JSON ({0})</source>
        <translation>logit_bias：不是有效的 JSON（{0}）</translation>
    </message>
    <message>
        <source>logit_bias: write token id: bias, e.g. 1234: -100 (not {0})</source>
        <translation>logit_bias：请写成 token ID: 偏置，例如 1234: -100（而不是 {0}）</translation>
    </message>
    <message>
        <source>logit_bias: {0} is not a token id (a whole number, 0 or more)</source>
        <translation>logit_bias：{0} 不是 token ID（应为 0 或更大的整数）</translation>
    </message>
    <message>
        <source>logprobs: must be true or false</source>
        <translation>logprobs：必须是 true 或 false</translation>
    </message>
    <message>
        <source>response_format: json_schema needs a name and a schema</source>
        <translation>response_format：json_schema 需要名称和 schema</translation>
    </message>
    <message>
        <source>response_format: the schema must be a JSON object</source>
        <translation>response_format：schema 必须是 JSON 对象</translation>
    </message>
    <message>
        <source>response_format: the schema name must be 1–64 letters, digits, _ or - (not {0})</source>
        <translation>response_format：schema 名称必须由 1–64 个字母、数字、_ 或 - 组成（而不是 {0}）</translation>
    </message>
    <message>
        <source>response_format: type must be text, json_object or json_schema</source>
        <translation>response_format：type 必须是 text、json_object 或 json_schema</translation>
    </message>
    <message>
        <source>seed: must be a whole number</source>
        <translation>seed：必须是整数</translation>
    </message>
    <message>
        <source>seed: must be between {0} and {1} (a 64-bit integer)</source>
        <translation>seed：必须在 {0} 到 {1} 之间（64 位整数）</translation>
    </message>
    <message>
        <source>stop: a quoted sequence is not closed or has a bad escape (column {0})</source>
        <translation>stop：带引号的序列没有闭合或转义有误（第 {0} 列）</translation>
    </message>
    <message>
        <source>stop: a sequence is empty</source>
        <translation>stop：有一个序列为空</translation>
    </message>
    <message>
        <source>stop: at most {0} sequences ({1} given)</source>
        <translation>stop：最多 {0} 个序列（给了 {1} 个）</translation>
    </message>
    <message>
        <source>stop: expected a comma after a quoted sequence (column {0})</source>
        <translation>stop：带引号的序列后应为逗号（第 {0} 列）</translation>
    </message>
    <message>
        <source>stop: must be a text or a list of texts</source>
        <translation>stop：必须是文本或文本列表</translation>
    </message>
    <message>
        <source>stop: not a valid JSON list ({0}, column {1})</source>
        <translation>stop：不是有效的 JSON 列表（{0}，第 {1} 列）</translation>
    </message>
    <message>
        <source>stop: sequence {0} is empty</source>
        <translation>stop：第 {0} 个序列为空</translation>
    </message>
    <message>
        <source>stop: the JSON list must hold strings only</source>
        <translation>stop：JSON 列表只能包含字符串</translation>
    </message>
    <message>
        <source>stop: {0}</source>
        <translation>stop：{0}</translation>
    </message>
    <message>
        <source>top_logprobs: needs logprobs turned on</source>
        <translation>top_logprobs：需要打开 logprobs</translation>
    </message>
    <message>
        <source>unexpected text after the end</source>
        <translation>结尾之后有多余的文本</translation>
    </message>
    <message>
        <source>unknown escape \{0} (write \\ for a backslash)</source>
        <translation>未知的转义 \{0}（反斜杠请写成 \\）</translation>
    </message>
    <message>
        <source>user: must be a non-empty text</source>
        <translation>user：必须是非空文本</translation>
    </message>
    <message>
        <source>{0}: must be a JSON object {{…}}</source>
        <translation>{0}：必须是 JSON 对象 {{…}}</translation>
    </message>
    <message>
        <source>{0}: must be a number</source>
        <translation>{0}：必须是数字</translation>
    </message>
    <message>
        <source>{0}: must be a whole number</source>
        <translation>{0}：必须是整数</translation>
    </message>
    <message>
        <source>{0}: must be between {1} and {2}</source>
        <translation>{0}：必须在 {1} 到 {2} 之间</translation>
    </message>
    <message>
        <source>{0}: nested too deeply</source>
        <translation>{0}：嵌套层数过深</translation>
    </message>
    <message>
        <source>{0}: not a parameter Chatterdesk knows</source>
        <translation>{0}：Chatterdesk 不认识这个参数</translation>
    </message>
    <message>
        <source>{0}: not valid JSON ({1})</source>
        <translation>{0}：不是有效的 JSON（{1}）</translation>
    </message>
    <message>
        <source>{0}: strict mode needs &quot;additionalProperties&quot;: false</source>
        <translation>{0}：严格模式需要 &quot;additionalProperties&quot;: false</translation>
    </message>
    <message>
        <source>{0}: strict mode needs every property in required (missing: {1})</source>
        <translation>{0}：严格模式要求所有属性都在 required 中（缺少：{1}）</translation>
    </message>
</context>
<context>
    <name>Playground</name>
    <message>
        <source>&amp;Compare two models…</source>
        <translation>对比两个模型(&amp;C)…</translation>
    </message>
    <message>
        <source>&amp;Inspect last answer…</source>
        <translation>检查上一条回答(&amp;I)…</translation>
    </message>
    <message>
        <source>(hidden)</source>
        <translation>（已隐藏）</translation>
    </message>
    <message>
        <source>Copy as &amp;code…</source>
        <translation>复制为代码(&amp;D)…</translation>
    </message>
    <message>
        <source>The answer of {0} was added.</source>
        <translation>已添加 {0} 的回答。</translation>
    </message>
    <message>
        <source>There is no answer to inspect yet.</source>
        <translation>还没有可以检查的回答。</translation>
    </message>
    <message>
        <source>This answer has no token probabilities. Check logprobs and send again.</source>
        <translation>这条回答没有 token 概率。请勾选 logprobs 后重新发送。</translation>
    </message>
    <message>
        <source>Token &amp;prices…</source>
        <translation>Token 价格(&amp;P)…</translation>
    </message>
    <message>
        <source>Wait for the current answer to finish.</source>
        <translation>请等待当前回答完成。</translation>
    </message>
    <message>
        <source>answer</source>
        <translation>回答</translation>
    </message>
    <message>
        <source>conversation: {0}{1} tokens</source>
        <translation>对话：{0}{1} 个 token</translation>
    </message>
    <message>
        <source>finish: {0}</source>
        <translation>结束：{0}</translation>
    </message>
    <message>
        <source>first token {0:.2f} s</source>
        <translation>首个 token {0:.2f} 秒</translation>
    </message>
    <message>
        <source>{0:.1f} tokens/s</source>
        <translation>{0:.1f} token/秒</translation>
    </message>
    <message>
        <source>{0} tokens</source>
        <translation>{0} 个 token</translation>
    </message>
    <message>
        <source>{0} · {1} tokens</source>
        <translation>{0} · {1} 个 token</translation>
    </message>
    <message>
        <source>{0}{1} prompt + {2} completion = {3} tokens</source>
        <translation>{0}提示 {1} + 补全 {2} = {3} 个 token</translation>
    </message>
    <message>
        <source>≈{0} tokens</source>
        <translation>≈{0} 个 token</translation>
    </message>
</context>
<context>
    <name>Presets</name>
    <message>
        <source>A preset name can have at most {0} characters.</source>
        <translation>预设名称最多 {0} 个字符。</translation>
    </message>
    <message>
        <source>A preset needs a name.</source>
        <translation>预设需要一个名称。</translation>
    </message>
    <message>
        <source>Creative</source>
        <translation>创意</translation>
    </message>
    <message>
        <source>Deterministic</source>
        <translation>确定性</translation>
    </message>
    <message>
        <source>Token probabilities</source>
        <translation>Token 概率</translation>
    </message>
    <message>
        <source>“{0}” is a built-in preset and cannot be deleted.</source>
        <translation>“{0}”是内置预设，不能删除。</translation>
    </message>
    <message>
        <source>“{0}” is a built-in preset; choose another name.</source>
        <translation>“{0}”是内置预设；请换一个名称。</translation>
    </message>
</context>
<context>
    <name>PricesDialog</name>
    <message>
        <source>Add model</source>
        <translation>添加模型</translation>
    </message>
    <message>
        <source>Could not save the prices: {0}</source>
        <translation>无法保存价格：{0}</translation>
    </message>
    <message>
        <source>Input</source>
        <translation>输入</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Row {0} ({1}): prices must be numbers of 0 or more.</source>
        <translation>第 {0} 行（{1}）：价格必须是 0 或更大的数字。</translation>
    </message>
    <message>
        <source>Token prices</source>
        <translation>Token 价格</translation>
    </message>
    <message>
        <source>US dollars per million tokens. A model uses the longest name here that it starts with. The built-in prices are list prices of 2025; check your provider&apos;s. Removing a built-in model restores its built-in price.</source>
        <translation>单位为美元/百万 token。模型使用这里与其名称开头匹配的最长条目。内置价格是 2025 年的标价；请以你的服务商为准。移除内置模型会恢复其内置价格。</translation>
    </message>
</context>
<context>
    <name>ProfilesDialog</name>
    <message>
        <source> s</source>
        <translation> 秒</translation>
    </message>
    <message>
        <source>API key</source>
        <translation>API 密钥</translation>
    </message>
    <message>
        <source>API version (Azure)</source>
        <translation>API 版本（Azure）</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Base URL</source>
        <translation>Base URL</translation>
    </message>
    <message>
        <source>Choose a GGUF model</source>
        <translation>选择 GGUF 模型</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>选择…</translation>
    </message>
    <message>
        <source>Context size</source>
        <translation>上下文长度</translation>
    </message>
    <message>
        <source>Default model</source>
        <translation>默认模型</translation>
    </message>
    <message>
        <source>Extra headers</source>
        <translation>额外请求头</translation>
    </message>
    <message>
        <source>Extra headers are saved as plain text. Put keys in the API key field, which goes to the keychain.</source>
        <translation>额外请求头以明文保存。密钥请填在“API 密钥”栏，它会存入钥匙串。</translation>
    </message>
    <message>
        <source>GGUF model file</source>
        <translation>GGUF 模型文件</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF 模型 (*.gguf);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Header-Name: value (one per line)</source>
        <translation>Header-Name: 值（每行一个）</translation>
    </message>
    <message>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>No keychain here: store the key in a file only you can read</source>
        <translation>这里没有钥匙串：把密钥保存在只有你能读取的文件中</translation>
    </message>
    <message>
        <source>No system keychain is available: the key is kept only while Chatterdesk runs, unless you choose the file below.</source>
        <translation>没有可用的系统钥匙串：除非选择下面的文件方式，密钥只在 Chatterdesk 运行期间保留。</translation>
    </message>
    <message>
        <source>Providers</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Proxy</source>
        <translation>代理</translation>
    </message>
    <message>
        <source>Read timeout</source>
        <translation>读取超时</translation>
    </message>
    <message>
        <source>Remove</source>
        <translation>移除</translation>
    </message>
    <message>
        <source>Set by OPENAI_BASE_URL / OPENAI_API_KEY in the environment.</source>
        <translation>由环境变量 OPENAI_BASE_URL / OPENAI_API_KEY 设置。</translation>
    </message>
    <message>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <source>Testing…</source>
        <translation>正在测试…</translation>
    </message>
    <message>
        <source>The app starts this model itself, with a new private key each time.</source>
        <translation>本程序会自行启动这个模型，每次使用新的私有密钥。</translation>
    </message>
    <message>
        <source>The key is kept in the system keychain.</source>
        <translation>密钥保存在系统钥匙串中。</translation>
    </message>
    <message>
        <source>Threads</source>
        <translation>线程数</translation>
    </message>
    <message>
        <source>Warning: this key would be sent unencrypted (plain http) to a computer that is not this one. Use https.</source>
        <translation>警告：这个密钥会以未加密方式（明文 http）发送到另一台计算机。请使用 https。</translation>
    </message>
    <message>
        <source>automatic</source>
        <translation>自动</translation>
    </message>
    <message>
        <source>http://proxy:3128 (empty: system settings)</source>
        <translation>http://proxy:3128（留空：使用系统设置）</translation>
    </message>
    <message>
        <source>the bundled SmolLM2-135M</source>
        <translation>内置的 SmolLM2-135M</translation>
    </message>
</context>
<context>
    <name>Providers</name>
    <message>
        <source>A local Ollama server; no key is needed.</source>
        <translation>本地 Ollama 服务器；不需要密钥。</translation>
    </message>
    <message>
        <source>A small open model that runs on this computer: no account, no key. Needs the optional &apos;local&apos; install.</source>
        <translation>在本机运行的小型开放模型：无需账户和密钥。需要安装可选的 &apos;local&apos; 组件。</translation>
    </message>
    <message>
        <source>A vLLM OpenAI-compatible server; a key only if it was started with --api-key.</source>
        <translation>vLLM 的 OpenAI 兼容服务器；只有以 --api-key 启动时才需要密钥。</translation>
    </message>
    <message>
        <source>Alibaba Qwen (DashScope)</source>
        <translation>阿里云通义千问 (DashScope)</translation>
    </message>
    <message>
        <source>Any other OpenAI-compatible server: enter its base URL (usually ending in /v1).</source>
        <translation>任何其他 OpenAI 兼容服务器：填写其 Base URL（通常以 /v1 结尾）。</translation>
    </message>
    <message>
        <source>Custom</source>
        <translation>自定义</translation>
    </message>
    <message>
        <source>DashScope&apos;s OpenAI-compatible mode for the Qwen models.</source>
        <translation>DashScope 为通义千问模型提供的 OpenAI 兼容模式。</translation>
    </message>
    <message>
        <source>Environment (OPENAI_*)</source>
        <translation>环境变量 (OPENAI_*)</translation>
    </message>
    <message>
        <source>Local (SmolLM2)</source>
        <translation>本地 (SmolLM2)</translation>
    </message>
    <message>
        <source>Many providers&apos; models behind one key; model ids carry a vendor prefix.</source>
        <translation>一个密钥即可使用多家服务商的模型；模型 ID 带有厂商前缀。</translation>
    </message>
    <message>
        <source>Moonshot (Kimi)</source>
        <translation>月之暗面 (Kimi)</translation>
    </message>
    <message>
        <source>Moonshot AI&apos;s Kimi models.</source>
        <translation>月之暗面的 Kimi 模型。</translation>
    </message>
    <message>
        <source>Open models hosted by SiliconFlow; model ids carry a vendor prefix.</source>
        <translation>硅基流动托管的开放模型；模型 ID 带有厂商前缀。</translation>
    </message>
    <message>
        <source>SiliconFlow</source>
        <translation>硅基流动 (SiliconFlow)</translation>
    </message>
    <message>
        <source>Start the local server in LM Studio&apos;s Developer tab; no key is needed.</source>
        <translation>在 LM Studio 的 Developer 标签页中启动本地服务器；不需要密钥。</translation>
    </message>
    <message>
        <source>The OpenAI API; create a key at platform.openai.com.</source>
        <translation>OpenAI API；请在 platform.openai.com 创建密钥。</translation>
    </message>
    <message>
        <source>Unnamed</source>
        <translation>未命名</translation>
    </message>
    <message>
        <source>Use your resource URL and an API version; the model field is the deployment name.</source>
        <translation>填写你的资源 URL 和 API 版本；模型一栏填部署名称。</translation>
    </message>
    <message>
        <source>Zhipu (GLM)</source>
        <translation>智谱 (GLM)</translation>
    </message>
    <message>
        <source>Zhipu&apos;s GLM models; note the base URL ends in /v4.</source>
        <translation>智谱的 GLM 模型；注意 Base URL 以 /v4 结尾。</translation>
    </message>
    <message>
        <source>deepseek-reasoner streams its reasoning before the answer.</source>
        <translation>deepseek-reasoner 会在回答之前流式输出推理过程。</translation>
    </message>
    <message>
        <source>llama-server serves the one model it was started with; no key is needed.</source>
        <translation>llama-server 只提供启动时加载的那个模型；不需要密钥。</translation>
    </message>
    <message>
        <source>llama.cpp server</source>
        <translation>llama.cpp 服务器</translation>
    </message>
</context>
<context>
    <name>ResponseFormatRow</name>
    <message>
        <source>Edit schema…</source>
        <translation>编辑 schema…</translation>
    </message>
    <message>
        <source>json_object: the answer is valid JSON. json_schema: it follows your schema.</source>
        <translation>json_object：回答是有效的 JSON。json_schema：回答遵循你的 schema。</translation>
    </message>
    <message>
        <source>not sent</source>
        <translation>不发送</translation>
    </message>
    <message>
        <source>not strict</source>
        <translation>非严格</translation>
    </message>
    <message>
        <source>response_format: write a JSON schema (Edit schema…)</source>
        <translation>response_format：请编写 JSON schema（编辑 schema…）</translation>
    </message>
    <message>
        <source>strict</source>
        <translation>严格</translation>
    </message>
</context>
<context>
    <name>SchemaDialog</name>
    <message>
        <source>1–64 letters, digits, _ or -</source>
        <translation>1–64 个字母、数字、_ 或 -</translation>
    </message>
    <message>
        <source>Answer with a confidence</source>
        <translation>带置信度的回答</translation>
    </message>
    <message>
        <source>Classification</source>
        <translation>分类</translation>
    </message>
    <message>
        <source>Description</source>
        <translation>描述</translation>
    </message>
    <message>
        <source>JSON schema for the answer</source>
        <translation>回答的 JSON schema</translation>
    </message>
    <message>
        <source>List of items</source>
        <translation>条目列表</translation>
    </message>
    <message>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <source>Start from a template…</source>
        <translation>从模板开始…</translation>
    </message>
    <message>
        <source>Strict: the answer must follow the schema exactly</source>
        <translation>严格：回答必须完全遵循 schema</translation>
    </message>
    <message>
        <source>Template</source>
        <translation>模板</translation>
    </message>
    <message>
        <source>The schema</source>
        <translation>schema</translation>
    </message>
    <message>
        <source>Valid JSON schema.</source>
        <translation>有效的 JSON schema。</translation>
    </message>
    <message>
        <source>Valid JSON. Strict mode may refuse it:</source>
        <translation>JSON 有效。严格模式可能会拒绝它：</translation>
    </message>
    <message>
        <source>optional: what the answer is for</source>
        <translation>可选：回答的用途</translation>
    </message>
</context>
<context>
    <name>SeedRow</name>
    <message>
        <source>Any 64-bit whole number; the same seed gives the same answer (best effort)</source>
        <translation>任意 64 位整数；相同的 seed 会给出相同的回答（尽力而为）</translation>
    </message>
    <message>
        <source>e.g. 42</source>
        <translation>例如 42</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source> or </source>
        <translation> 或 </translation>
    </message>
    <message>
        <source>Command</source>
        <translation>命令</translation>
    </message>
    <message>
        <source>Every menu command with a key, and the keys of the message box.</source>
        <translation>所有带快捷键的菜单命令，以及消息框的按键。</translation>
    </message>
    <message>
        <source>Filter shortcuts</source>
        <translation>筛选快捷键</translation>
    </message>
    <message>
        <source>Filter: a command or a key</source>
        <translation>筛选：命令或按键</translation>
    </message>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Keys</source>
        <translation>按键</translation>
    </message>
    <message>
        <source>Where</source>
        <translation>位置</translation>
    </message>
</context>
<context>
    <name>StopRow</name>
    <message>
        <source>Up to 4 sequences, separated by commas, with escapes: \n newline, \t tab, \\ backslash. Put a sequence in double quotes to keep spaces or a comma in it: &quot;\n\n&quot;, END, &quot;, &quot;</source>
        <translation>最多 4 个序列，以逗号分隔，可用转义：\n 换行，\t 制表符，\\ 反斜杠。要保留序列中的空格或逗号，请用双引号括起来：&quot;\n\n&quot;, END, &quot;, &quot;</translation>
    </message>
    <message>
        <source>e.g. \n\n, END</source>
        <translation>例如 \n\n, END</translation>
    </message>
    <message>
        <source>stop: write at least one sequence, or uncheck it</source>
        <translation>stop：请至少写一个序列，或取消勾选</translation>
    </message>
</context>
<context>
    <name>Storage</name>
    <message>
        <source>a message is not an object</source>
        <translation>有一条消息不是对象</translation>
    </message>
    <message>
        <source>not a Chatterdesk conversation file</source>
        <translation>不是 Chatterdesk 对话文件</translation>
    </message>
    <message>
        <source>the file could not be converted from format version {0} ({1})</source>
        <translation>无法从格式版本 {0} 转换此文件（{1}）</translation>
    </message>
    <message>
        <source>the file has no message list</source>
        <translation>文件中没有消息列表</translation>
    </message>
    <message>
        <source>the file has no valid format version</source>
        <translation>文件没有有效的格式版本</translation>
    </message>
    <message>
        <source>the file is damaged ({0})</source>
        <translation>文件已损坏（{0}）</translation>
    </message>
    <message>
        <source>two messages share the id {0}</source>
        <translation>有两条消息使用同一个 ID {0}</translation>
    </message>
</context>
<context>
    <name>Tokens</name>
    <message>
        <source>could not encode this text: {0}</source>
        <translation>无法编码此文本：{0}</translation>
    </message>
    <message>
        <source>could not load the {0} encoding: {1}</source>
        <translation>无法加载 {0} 编码：{1}</translation>
    </message>
    <message>
        <source>the token lookup needs the bpe-openai package, which is not installed</source>
        <translation>查找 token 需要 bpe-openai 软件包，但它未安装</translation>
    </message>
    <message>
        <source>unknown encoding {0} (choose {1})</source>
        <translation>未知编码 {0}（请选择 {1}）</translation>
    </message>
    <message>
        <source>{0} is not a token id (a whole number, 0 or more)</source>
        <translation>{0} 不是 token ID（应为 0 或更大的整数）</translation>
    </message>
    <message>
        <source>{0} is not a token of {1}</source>
        <translation>{0} 不是 {1} 中的 token</translation>
    </message>
</context>
<context>
    <name>TtsController</name>
    <message>
        <source>A text this long can be saved as WAV, PCM, MP3 or AAC, not {0}.</source>
        <translation>这么长的文本可以保存为 WAV、PCM、MP3 或 AAC，不能保存为 {0}。</translation>
    </message>
    <message>
        <source>Could not write the file: {0}</source>
        <translation>无法写入文件：{0}</translation>
    </message>
    <message>
        <source>Done.</source>
        <translation>完成。</translation>
    </message>
    <message>
        <source>No sound output is available. Saving to a file still works.</source>
        <translation>没有可用的声音输出。仍可保存到文件。</translation>
    </message>
    <message>
        <source>Playing {0}</source>
        <translation>正在播放 {0}</translation>
    </message>
    <message>
        <source>Saved {0}</source>
        <translation>已保存 {0}</translation>
    </message>
    <message>
        <source>Saving…</source>
        <translation>正在保存…</translation>
    </message>
    <message>
        <source>Sound could not be played: {0}</source>
        <translation>无法播放声音：{0}</translation>
    </message>
    <message>
        <source>Speaking…</source>
        <translation>正在朗读…</translation>
    </message>
    <message>
        <source>Speech failed: {0}</source>
        <translation>语音失败：{0}</translation>
    </message>
    <message>
        <source>Stopped.</source>
        <translation>已停止。</translation>
    </message>
    <message>
        <source>The sound output is busy (another program is using it).</source>
        <translation>声音输出正忙（另一个程序正在使用）。</translation>
    </message>
    <message>
        <source>There is no text to speak.</source>
        <translation>没有可朗读的文本。</translation>
    </message>
</context>
<context>
    <name>TtsPanel</name>
    <message>
        <source>Default output</source>
        <translation>默认输出</translation>
    </message>
    <message>
        <source>Format</source>
        <translation>格式</translation>
    </message>
    <message>
        <source>Instructions</source>
        <translation>指令</translation>
    </message>
    <message>
        <source>List the sound outputs again</source>
        <translation>重新列出声音输出设备</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>模型</translation>
    </message>
    <message>
        <source>Only gpt-4o-mini-tts takes instructions.</source>
        <translation>只有 gpt-4o-mini-tts 接受指令。</translation>
    </message>
    <message>
        <source>Output</source>
        <translation>输出</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Play</source>
        <translation>播放</translation>
    </message>
    <message>
        <source>Play a saved file…</source>
        <translation>播放已保存的文件…</translation>
    </message>
    <message>
        <source>Provider</source>
        <translation>服务商</translation>
    </message>
    <message>
        <source>Read answers aloud as they arrive</source>
        <translation>回答到达时朗读</translation>
    </message>
    <message>
        <source>Resume</source>
        <translation>继续</translation>
    </message>
    <message>
        <source>Save…</source>
        <translation>保存…</translation>
    </message>
    <message>
        <source>Speak with another provider than the chat, e.g. OpenAI</source>
        <translation>用与聊天不同的服务商朗读，例如 OpenAI</translation>
    </message>
    <message>
        <source>Speech</source>
        <translation>语音</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>语速</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <source>Text to speak (empty: the last answer)</source>
        <translation>要朗读的文本（留空：上一条回答）</translation>
    </message>
    <message>
        <source>The format for Save; playing always streams raw PCM</source>
        <translation>保存时使用的格式；播放始终以原始 PCM 流式传输</translation>
    </message>
    <message>
        <source>Tone, accent, pace… (gpt-4o-mini-tts)</source>
        <translation>语气、口音、节奏…（gpt-4o-mini-tts）</translation>
    </message>
    <message>
        <source>Use last answer</source>
        <translation>使用上一条回答</translation>
    </message>
    <message>
        <source>Voice</source>
        <translation>音色</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>音量</translation>
    </message>
    <message>
        <source>{0} / {1} characters</source>
        <translation>{0} / {1} 个字符</translation>
    </message>
    <message>
        <source>{0} / {1} characters: spoken in {2} parts</source>
        <translation>{0} / {1} 个字符：分 {2} 段朗读</translation>
    </message>
    <message>
        <source>↻</source>
        <translation>↻</translation>
    </message>
</context>
<context>
    <name>UserRow</name>
    <message>
        <source>An id for your end user, sent as user (helps the provider spot abuse)</source>
        <translation>你的终端用户的 ID，作为 user 发送（帮助服务商发现滥用）</translation>
    </message>
    <message>
        <source>end-user id</source>
        <translation>终端用户 ID</translation>
    </message>
</context>
<context>
    <name>_Row</name>
    <message>
        <source>Checked: sent with the request. Unchecked: the server&apos;s default is used.</source>
        <translation>选中：随请求发送。未选中：使用服务器的默认值。</translation>
    </message>
</context>
</TS>
