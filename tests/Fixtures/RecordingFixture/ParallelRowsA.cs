namespace RecordingFixture;

public sealed class ParallelRowsA : ParallelRows;
