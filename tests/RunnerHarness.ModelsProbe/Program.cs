// A second (third, ...) process calling the same provider, for the machine-wide limit tests of
// tests/RunnerHarness.Models.Tests: it builds a ModelRuntime the way a test host does, says "ready", waits for "go" on
// its input (so several probes start together, at a barrier and not after a sleep), makes its calls at once and says
// "done". Arguments: <endpoint> <limits folder> <max_concurrency> <requests_per_second, 0 for none> <calls>.
using System.Globalization;
using Microsoft.Extensions.AI;
using RunnerHarness.Models;
using RunnerHarness.Models.Cache;
using RunnerHarness.Models.Configuration;

if (args.Length != 5)
{
    await Console.Error.WriteLineAsync("usage: RunnerHarness.ModelsProbe <endpoint> <limits folder> <max_concurrency> <requests_per_second, 0 for none> <calls>");
    return 2;
}

var rate = args[3] == "0" ? "" : $", \"requests_per_second\": {args[3]}";
var json = $$"""
    {
      "providers": { "local": { "kind": "openai-compatible", "endpoint": "{{args[0]}}", "max_concurrency": {{args[2]}}{{rate}}, "max_retries": 0 } },
      "models": { "qwen2.5-7b-instruct": { "provider": "local", "model_id": "Qwen/Qwen2.5-7B-Instruct" } }
    }
    """;
var models = ModelsConfigurationReader.Parse(json, null, "the probe's models file");
using var runtime = ModelRuntime.Create(new ModelRunSettings(models, ResponseCacheMode.Off, Path.GetTempPath(), args[1]));
var client = runtime.GetClient("qwen2.5-7b-instruct");
var calls = int.Parse(args[4], CultureInfo.InvariantCulture);
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"ready {Environment.ProcessId}"));
if (await Console.In.ReadLineAsync() != "go")
{
    return 3;
}

await Task.WhenAll(Enumerable.Range(0, calls).Select(i => client.GetResponseAsync(
    string.Create(CultureInfo.InvariantCulture, $"Process {Environment.ProcessId}, sample {i}: summarise the failing orders in /data/orders.csv."))));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"done {calls}"));
return 0;
