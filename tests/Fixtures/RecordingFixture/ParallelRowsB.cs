namespace RecordingFixture;

public sealed class ParallelRowsB : ParallelRows;
