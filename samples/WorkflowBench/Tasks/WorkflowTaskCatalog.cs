using System.Globalization;
using RunnerHarness.Matrix;

namespace WorkflowBench.Tasks;

/// <summary>
/// The workflows of the five task types, as in the seed: <c>simple_task</c> (2 steps), <c>basic_task</c> (3),
/// <c>data_pipeline</c> (4), <c>api_integration</c> (4) and <c>multi_stage_pipeline</c> (6). The difficulty sets how
/// many distractor tools are offered beside the steps: none at <c>very_easy</c>, one at <c>easy</c>, up to four at
/// <c>very_hard</c>. Inputs vary with the sample index, so samples are distinct tasks of the same shape.
/// </summary>
internal static class WorkflowTaskCatalog
{
    public static IReadOnlyList<string> TaskTypes { get; } = ["simple_task", "basic_task", "data_pipeline", "api_integration", "multi_stage_pipeline"];

    public static IReadOnlyList<string> Difficulties { get; } = ["very_easy", "easy", "medium", "hard", "very_hard"];

    private static readonly WorkflowTool FileReader = new("file_reader", "Reads a file from the workspace and returns its file_id.", [ToolParameter.Text("path", "Workspace path of the file.")], "file_id");
    private static readonly WorkflowTool DataParser = new("data_parser", "Parses a file into a dataset and returns its dataset_id.", [ToolParameter.OneOf("format", "The file's format.", "csv", "json", "xml")], "dataset_id", "file_id");
    private static readonly WorkflowTool DataValidator = new("data_validator", "Checks a dataset against a named schema and returns a validated_id.", [ToolParameter.Text("schema_name", "The schema to validate against.")], "validated_id", "dataset_id");
    private static readonly WorkflowTool DataTransformer = new("data_transformer", "Transforms a validated dataset into a table and returns its table_id.", [ToolParameter.OneOf("operation", "The transformation.", "normalize", "deduplicate", "pivot")], "table_id", "validated_id");

    private static readonly WorkflowTool[] DistractorPool =
    [
        new("email_sender", "Sends an email and returns a message_id.", [ToolParameter.Text("to", "Recipient address."), ToolParameter.Text("subject", "Subject line.")], "message_id"),
        new("cache_cleaner", "Clears a cache and returns a job_id.", [ToolParameter.OneOf("scope", "What to clear.", "all", "temp")], "job_id"),
        new("image_resizer", "Resizes an image and returns an image_id.", [ToolParameter.Text("image_path", "Workspace path of the image."), ToolParameter.Number("width", "Width in pixels.")], "image_id"),
        new("log_archiver", "Archives old logs and returns an archive_id.", [ToolParameter.Number("days", "Archive logs older than this many days.")], "archive_id"),
        new("sql_query", "Runs a SQL query and returns a result_id.", [ToolParameter.Text("query", "The SQL text.")], "result_id"),
    ];

    /// <summary>The workflow of <paramref name="sample"/>'s task type and difficulty.</summary>
    /// <exception cref="ArgumentException">The task type or difficulty is not one of the catalog's.</exception>
    public static WorkflowTask For(MatrixSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var taskType = sample.TaskType ?? throw new ArgumentException("WorkflowBench needs the task_type axis; valid: " + string.Join(", ", TaskTypes), nameof(sample));
        var difficulty = Array.IndexOf([.. Difficulties], sample.Difficulty ?? "medium");
        if (difficulty < 0)
        {
            throw new ArgumentException($"Difficulty '{sample.Difficulty}' is not one of WorkflowBench's: {string.Join(", ", Difficulties)}.", nameof(sample));
        }

        var n = sample.SampleIndex.ToString("000", CultureInfo.InvariantCulture);
        var distractors = DistractorPool.Skip(sample.SampleIndex % DistractorPool.Length).Concat(DistractorPool).Take(difficulty).ToList();
        return taskType switch
        {
            "simple_task" => new(taskType, "Summarise the customer feedback file.",
                [FileReader, new("text_summarizer", "Summarises a file's text and returns a summary_id.", [ToolParameter.Number("max_words", "Longest summary allowed, in words.")], "summary_id", "file_id")],
                Inputs(("path", $"data/feedback-{n}.txt"), ("max_words", "120")), distractors),
            "basic_task" => new(taskType, "Load the sales export, parse it and write a report about it.",
                [FileReader, DataParser, new("report_writer", "Writes a report of a dataset and returns a report_id.", [ToolParameter.Text("title", "The report's title.")], "report_id", "dataset_id")],
                Inputs(("path", $"exports/sales-{n}.csv"), ("format", "csv"), ("title", $"Sales {n}")), distractors),
            "data_pipeline" => new(taskType, "Turn the raw orders file into a clean, deduplicated table.",
                [FileReader, DataParser, DataValidator, DataTransformer],
                Inputs(("path", $"raw/orders-{n}.json"), ("format", "json"), ("schema_name", "orders_v2"), ("operation", "deduplicate")), distractors),
            "api_integration" => new(taskType, "Fetch the latest invoice from the billing API and notify the finance webhook.",
                [
                    new("auth_token_fetcher", "Gets an access token for a service and returns a token_id.", [ToolParameter.Text("service", "The service to authenticate with.")], "token_id"),
                    new("api_caller", "Calls an API endpoint with a token and returns a response_id.", [ToolParameter.Text("endpoint", "The endpoint path."), ToolParameter.OneOf("method", "The HTTP method.", "GET", "POST")], "response_id", "token_id"),
                    new("json_extractor", "Extracts a field from an API response and returns a record_id.", [ToolParameter.Text("field", "The JSON field to extract.")], "record_id", "response_id"),
                    new("webhook_notifier", "Posts a record to a webhook and returns a notification_id.", [ToolParameter.Text("url", "The webhook URL.")], "notification_id", "record_id"),
                ],
                Inputs(("service", "billing"), ("endpoint", $"/invoices/{n}"), ("method", "GET"), ("field", "total_due"), ("url", "https://hooks.example.test/finance")), distractors),
            "multi_stage_pipeline" => new(taskType, "Build the regional revenue report from the raw transactions file.",
                [
                    FileReader, DataParser, DataValidator, DataTransformer,
                    new("data_aggregator", "Aggregates a table by a column and returns a summary_id.", [ToolParameter.Text("group_by", "The column to group by.")], "summary_id", "table_id"),
                    new("report_writer", "Writes a report of a summary and returns a report_id.", [ToolParameter.Text("title", "The report's title.")], "report_id", "summary_id"),
                ],
                Inputs(("path", $"raw/transactions-{n}.csv"), ("format", "csv"), ("schema_name", "transactions_v1"), ("operation", "normalize"), ("group_by", "region"), ("title", $"Revenue by region {n}")), distractors),
            _ => throw new ArgumentException($"Task type '{taskType}' is not one of WorkflowBench's: {string.Join(", ", TaskTypes)}.", nameof(sample)),
        };
    }

    private static Dictionary<string, string> Inputs(params (string Name, string Value)[] inputs) =>
        inputs.ToDictionary(i => i.Name, i => i.Value, StringComparer.Ordinal);
}
