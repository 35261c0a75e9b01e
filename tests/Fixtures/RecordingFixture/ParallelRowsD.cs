namespace RecordingFixture;

public sealed class ParallelRowsD : ParallelRows;
