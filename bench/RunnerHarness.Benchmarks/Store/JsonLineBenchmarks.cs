using System.Buffers;
using System.Text.Json;
using BenchmarkDotNet.Attributes;
using RunnerHarness.Schema;
using RunnerHarness.Store.JsonLines;
using RunnerHarness.Tests;

namespace RunnerHarness.Benchmarks.Store;

/// <summary>
/// One record's JSON object, as a test host writes one a result on the test's thread (and bulk writes one a record):
/// System.Text.Json's serializer over <see cref="RecordJsonContext"/> (the baseline, what lines were written with before)
/// against the straight-line writer generated from the column declarations (<see cref="JsonLinesRecordWriter"/>), each
/// through a new <see cref="Utf8JsonWriter"/> a record as <c>JsonLinesRecordCodec.WriteLine</c> makes. The operation is one record.
/// </summary>
[Config(typeof(StoreBenchmarkConfig))]
public class JsonLineBenchmarks
{
    private const int RecordsPerInvoke = 10_000;
    private static readonly JsonWriterOptions WriterOptions = new() { Indented = false, SkipValidation = true };
    private readonly ArrayBufferWriter<byte> _buffer = new(64 * 1024);
    private ResultRecord[] _records = [];

    [GlobalSetup]
    public void Setup() => _records = [.. TestRecords.Varied(RecordsPerInvoke)];

    [Benchmark(Baseline = true, OperationsPerInvoke = RecordsPerInvoke)]
    public int Serializer()
    {
        var written = 0;
        foreach (var record in _records)
        {
            _buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
            {
                JsonSerializer.Serialize(writer, record, RecordJsonContext.Default.ResultRecord);
            }

            written += _buffer.WrittenCount;
        }

        return written;
    }

    [Benchmark(OperationsPerInvoke = RecordsPerInvoke)]
    public int Generated()
    {
        var written = 0;
        foreach (var record in _records)
        {
            _buffer.ResetWrittenCount();
            using (var writer = new Utf8JsonWriter(_buffer, WriterOptions))
            {
                JsonLinesRecordWriter.Write(writer, record);
            }

            written += _buffer.WrittenCount;
        }

        return written;
    }
}
