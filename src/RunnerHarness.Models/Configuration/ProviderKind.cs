namespace RunnerHarness.Models.Configuration;

/// <summary>How a provider is called; written in the models file as <c>kind</c>.</summary>
public enum ProviderKind
{
    /// <summary><c>openai-compatible</c>: the OpenAI chat-completions API at any base URL (vLLM, Ollama, llama.cpp, DeepSeek, DashScope, ...).</summary>
    OpenAICompatible,

    /// <summary><c>openai</c>: api.openai.com, or <c>endpoint</c> when set.</summary>
    OpenAI,

    /// <summary><c>azure-openai</c>: an Azure OpenAI resource through its v1 API (<c>{endpoint}/openai/v1/</c>), the key sent as <c>api-key</c>.</summary>
    AzureOpenAI,

    /// <summary><c>simulated</c>: the built-in deterministic simulated models; no network, no key.</summary>
    Simulated,
}
