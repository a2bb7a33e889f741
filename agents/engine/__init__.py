"""The inference engine: where the language model runs.

- `client.EngineModel`: llama.cpp in a child process (the default), so a native crash in
  llama.cpp ends one answer, never the app; the child restarts by itself.
- `worker`: the child's side of that pipe; it owns the one in-process `LocalModel`.
- `openai_server.ServerModel`: the user's own OpenAI-compatible inference server
  (llama-server, Ollama, vLLM, LM Studio): full context goes there, so it is the user's
  trusted machine, unlike the redacted cloud gateway in agents/privacy/.
- `diagnosis`: CPU and build features, the first-run self-check record, advice after a crash.
- `runtime.LocalModel` (llama.cpp in this process), `gguf` (a model file's header), `model_source`
  (which GGUF to load), `model_api` (the protocols), `prompt_budget` and `schema_bounds`.

All three satisfy `agents.engine.model_api.ChatModel`. See docs/architecture.md.
"""
