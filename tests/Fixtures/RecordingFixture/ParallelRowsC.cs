namespace RecordingFixture;

public sealed class ParallelRowsC : ParallelRows;
