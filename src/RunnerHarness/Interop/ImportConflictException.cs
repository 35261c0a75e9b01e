namespace RunnerHarness.Interop;

/// <summary>
/// An import was refused because some of its record ids are already stored (or repeated in the input)
/// with different content; nothing was written. <see cref="Conflicts"/> names each one.
/// </summary>
internal sealed class ImportConflictException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ImportConflictException()
        : this("The import was refused.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ImportConflictException(string message)
        : this(message, [])
    {
    }

    /// <summary>Creates the exception with a message and its cause.</summary>
    public ImportConflictException(string message, Exception innerException)
        : base(message, innerException) => Conflicts = [];

    /// <summary>Creates the exception with a message and the conflicts found.</summary>
    public ImportConflictException(string message, IReadOnlyList<string> conflicts)
        : base(message) => Conflicts = conflicts;

    /// <summary>One line per conflicting id: the id, where the other copy is, and which column differs.</summary>
    public IReadOnlyList<string> Conflicts { get; }
}
