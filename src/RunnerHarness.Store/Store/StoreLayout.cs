namespace RunnerHarness.Store;

/// <summary>
/// Where things live in a store directory. Sealed files are under <c>data/</c> (any depth) and never
/// change once there; the transcripts of their records are sealed the same way under <c>transcripts/</c>; live write-ahead logs are under <c>wal/</c>; files being sealed are under
/// <c>tmp/</c> until they are renamed into <c>data/</c>.
/// </summary>
public sealed class StoreLayout
{
    /// <summary>The extension of sealed JSON Lines files.</summary>
    public const string JsonLinesExtension = ".jsonl";

    /// <summary>The extension of sealed Parquet files.</summary>
    public const string ParquetExtension = ".parquet";

    /// <summary>Creates the layout of the store at <paramref name="root"/> (made absolute).</summary>
    public StoreLayout(string root)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = Path.GetFullPath(root);
    }

    /// <summary>The store directory.</summary>
    public string Root { get; }

    /// <summary>Sealed, immutable files: <c>&lt;store&gt;/data</c>.</summary>
    public string DataDirectory => Path.Combine(Root, "data");

    /// <summary>Live write-ahead logs, one folder per writer: <c>&lt;store&gt;/wal</c>.</summary>
    public string WriteAheadLogDirectory => Path.Combine(Root, "wal");

    /// <summary>
    /// What <c>runner-harness run</c> keeps of one invocation for people (its shards' output, launch settings and plans):
    /// <c>&lt;store&gt;/logs/&lt;run id&gt;</c>. Readers of records never look there.
    /// </summary>
    public string RunLogDirectory(string runId) => Path.Combine(Root, "logs", runId);

    /// <summary>Files being written before they are renamed into <c>data/</c>: <c>&lt;store&gt;/tmp</c>.</summary>
    public string TempDirectory => Path.Combine(Root, "tmp");

    /// <summary>
    /// Summaries of sealed files, mirroring <c>data/</c>: <c>&lt;store&gt;/summaries</c>
    /// (<see cref="Summaries.SegmentSummaryFile"/>). Derived data that readers of records never list.
    /// </summary>
    public string SummaryDirectory => Path.Combine(Root, "summaries");

    /// <summary>
    /// Sealed transcript files, beside the records they belong to (keyed by <c>record_id</c>):
    /// <c>&lt;store&gt;/transcripts</c>, laid out as <c>data/</c> is (<c>runs/&lt;run&gt;/</c>, <c>compacted/</c>). Readers of
    /// records never list it, so a report costs the same with transcripts as without (see <c>docs/transcripts.md</c>).
    /// </summary>
    public string TranscriptDirectory => Path.Combine(Root, "transcripts");

    /// <summary>Where the sealed transcript files of run <paramref name="runId"/> go.</summary>
    public string TranscriptRunDirectory(string runId) => Path.Combine(TranscriptDirectory, "runs", runId);

    /// <summary>Where compaction puts the transcript files it merges into.</summary>
    public string CompactedTranscriptDirectory => Path.Combine(TranscriptDirectory, "compacted");

    /// <summary>Where the sealed files of run <paramref name="runId"/> go.</summary>
    public string RunDirectory(string runId) => Path.Combine(DataDirectory, "runs", runId);

    /// <summary>Where compaction puts the files it merges into.</summary>
    public string CompactedDirectory => Path.Combine(DataDirectory, "compacted");

    /// <summary>The path relative to the store root, with '/' separators, for messages.</summary>
    public string Relative(string path) => Path.GetRelativePath(Root, path).Replace('\\', '/');

    /// <summary>Every file under <c>data/</c>, sorted by path; links are not followed (<see cref="ListData"/> names them).</summary>
    public IReadOnlyList<string> DataFiles() => ListData().Files;

    /// <summary>Every file under <c>data/runs/&lt;run&gt;/</c> (what run <paramref name="runId"/>'s writers sealed), sorted by path; links are not followed.</summary>
    public IReadOnlyList<string> RunFiles(string runId) => ListRun(runId).Files;

    /// <summary>Every file under <c>data/</c>, and the links met there (reported, never followed).</summary>
    internal StoreListing ListData() => List(DataDirectory);

    /// <summary>Every file under <c>data/runs/&lt;run&gt;/</c>, and the links met there.</summary>
    internal StoreListing ListRun(string runId) => List(RunDirectory(runId));

    /// <summary>
    /// The regular files under <paramref name="directory"/> (any depth), sorted by path, without following a link: a link
    /// met (to a file or a folder, or dangling), or a link on the way from the store root to the folder, is listed in
    /// <see cref="StoreListing.Links"/> instead.
    /// </summary>
    internal StoreListing List(string directory)
    {
        var files = new List<string>();
        var links = new List<StoreProblem>();
        if (StoreLinks.LinkOnTheWay(this, directory) is { } link)
        {
            links.Add(StoreLinks.Problem(this, link));
        }
        else if (Directory.Exists(directory))
        {
            Walk(new DirectoryInfo(directory), files, links);
        }

        files.Sort(StringComparer.Ordinal);
        return new StoreListing(files, links);
    }

    private void Walk(DirectoryInfo directory, List<string> files, List<StoreProblem> links)
    {
        foreach (var entry in directory.EnumerateFileSystemInfos().OrderBy(e => e.Name, StringComparer.Ordinal))
        {
            if (StoreLinks.IsLink(entry))
            {
                links.Add(StoreLinks.Problem(this, entry.FullName));
            }
            else if (entry is DirectoryInfo folder)
            {
                Walk(folder, files, links);
            }
            else
            {
                files.Add(entry.FullName);
            }
        }
    }

    /// <summary><paramref name="text"/> with every character but ASCII letters, digits, '.', '_' and '-' replaced by '_', to name a file.</summary>
    internal static string SafeFileName(string text) =>
        string.Concat(text.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' ? c : '_'));
}
