using System.Text.Json;
using Microsoft.Extensions.AI;

namespace RunnerHarness.Models.Tests.Simulation;

/// <summary>A three-step pipeline the simulated model is asked to run, with a distractor tool, as a benchmark would offer it.</summary>
internal static class WorkflowTools
{
    public const string Task = "Run the pipeline: first `file_reader` with path: data/orders.csv, then `data_validator`, then `report_writer`.";

    public static IList<AITool> All { get; } =
    [
        Declaration("file_reader", "Reads a file and returns a dataset_id.", """{"type":"object","properties":{"path":{"type":"string"}},"required":["path"]}"""),
        Declaration("data_validator", "Validates a dataset.", """{"type":"object","properties":{"dataset_id":{"type":"string"}},"required":["dataset_id"]}"""),
        Declaration("report_writer", "Writes a report of a dataset.", """{"type":"object","properties":{"dataset_id":{"type":"string"},"format":{"type":"string","enum":["pdf","html"]}},"required":["dataset_id","format"]}"""),
        Declaration("email_sender", "Sends an email.", """{"type":"object","properties":{"to":{"type":"string"}},"required":["to"]}"""),
    ];

    public static ChatOptions Options => new() { Tools = All };

    private static AIFunctionDeclaration Declaration(string name, string description, string schema)
    {
        using var document = JsonDocument.Parse(schema);
        return AIFunctionFactory.CreateDeclaration(name, description, document.RootElement.Clone());
    }
}
