using System.Security.Cryptography;

namespace RunnerHarness.Store;

/// <summary>
/// The content checksum every sealed file carries in its name:
/// <c>&lt;stem&gt;.sha256_&lt;32 hex digits&gt;.jsonl|.parquet</c>, the first 128 bits of the SHA-256 of
/// the file's bytes. The name is the only place both formats can hold it without changing what a file
/// contains (a JSON Lines file has no metadata, and a checksum inside a file cannot cover itself), and
/// files under <c>data/</c> never change, so the name stays true for the file's life. A file sealed
/// before checksums existed has none in its name; it is read with the strict schema checks alone.
/// </summary>
internal static class SegmentChecksum
{
    private const string Marker = ".sha256_";
    private const int HexDigits = 32;
    private const int BufferSize = 1 << 16;

    /// <summary>The sealed name for <paramref name="stem"/> with the checksum of the file at <paramref name="path"/>.</summary>
    public static string NameFor(string stem, string path, string extension) => $"{stem}{Marker}{Compute(path)}{extension}";

    /// <summary>Whether <paramref name="fileName"/> is the sealed name of <paramref name="stem"/> (with or without a checksum).</summary>
    public static bool IsNameOf(string fileName, string stem, string extension) =>
        fileName.Length > stem.Length
        && fileName.StartsWith(stem, StringComparison.Ordinal)
        && fileName.EndsWith(extension, StringComparison.Ordinal)
        && (fileName.Length == stem.Length + extension.Length || fileName.AsSpan(stem.Length).StartsWith(Marker, StringComparison.Ordinal));

    /// <summary>Whether the name of <paramref name="path"/> carries a checksum (it may still be malformed).</summary>
    public static bool IsInName(string path) => Path.GetFileName(path).Contains(Marker, StringComparison.Ordinal);

    /// <summary>The checksum of the bytes of the file at <paramref name="path"/>, as 32 lowercase hex digits.</summary>
    public static string Compute(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, BufferSize, FileOptions.SequentialScan);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(stream, hash);
        return Digits(hash);
    }

    /// <summary>The checksum of every byte of <paramref name="file"/>, read from its start through this handle, as 32 lowercase hex digits.</summary>
    public static string Compute(Stream file)
    {
        file.Seek(0, SeekOrigin.Begin);
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(file, hash);
        return Digits(hash);
    }

    /// <summary>The checksum of <paramref name="content"/>, as 32 lowercase hex digits.</summary>
    public static string Compute(ReadOnlySpan<byte> content)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        SHA256.HashData(content, hash);
        return Digits(hash);
    }

    /// <summary>Whether <paramref name="sha256"/>, the SHA-256 of every byte of a file, is the checksum <paramref name="expected"/> its name carries (<see cref="Expected"/>).</summary>
    public static bool Matches(string expected, ReadOnlySpan<byte> sha256) => string.Equals(Digits(sha256), expected, StringComparison.Ordinal);

    private static string Digits(ReadOnlySpan<byte> hash) => Convert.ToHexStringLower(hash[..(HexDigits / 2)]);

    /// <summary>
    /// Checks the file at <paramref name="path"/> against the checksum in its name.
    /// </summary>
    /// <returns><see langword="true"/> when the content matches; <see langword="false"/> when the name carries no checksum (a file sealed before checksums).</returns>
    /// <exception cref="CorruptSegmentException">The content does not match, or the name's checksum is malformed.</exception>
    /// <exception cref="FileNotFoundException">The file vanished (a compaction merged it).</exception>
    public static bool Verify(string path)
    {
        var expected = Expected(path);
        if (expected is null)
        {
            return false;
        }

        Match(path, expected, Compute(path));
        return true;
    }

    /// <summary>
    /// Checks the bytes of <paramref name="file"/>, an open handle of <paramref name="path"/>, against the checksum in the
    /// name, so that whatever is later read through the same handle is what was checked.
    /// </summary>
    /// <returns><see langword="true"/> when the content matches; <see langword="false"/> when the name carries no checksum.</returns>
    /// <exception cref="CorruptSegmentException">The content does not match, or the name's checksum is malformed.</exception>
    public static bool Verify(string path, Stream file)
    {
        var expected = Expected(path);
        if (expected is null)
        {
            return false;
        }

        Match(path, expected, Compute(file));
        return true;
    }

    /// <summary>
    /// Checks <paramref name="content"/>, the bytes read from <paramref name="path"/>, against the checksum in its name,
    /// so what is checked is exactly what the caller goes on to use.
    /// </summary>
    /// <returns><see langword="true"/> when the content matches; <see langword="false"/> when the name carries no checksum.</returns>
    /// <exception cref="CorruptSegmentException">The content does not match, or the name's checksum is malformed.</exception>
    public static bool Verify(string path, ReadOnlySpan<byte> content)
    {
        var expected = Expected(path);
        if (expected is null)
        {
            return false;
        }

        Match(path, expected, Compute(content));
        return true;
    }

    private static void Match(string path, string expected, string actual)
    {
        if (!string.Equals(actual, expected, StringComparison.Ordinal))
        {
            throw new CorruptSegmentException(
                $"{path} does not match the checksum in its name (content {actual}, name {expected}): its bytes changed after it was sealed (disk or copy damage), so none of its values are trusted");
        }
    }

    /// <summary>The checksum in the name of <paramref name="path"/>, or <see langword="null"/> when it has none.</summary>
    /// <exception cref="CorruptSegmentException">The name has the checksum marker but not 32 hex digits after it.</exception>
    public static string? Expected(string path)
    {
        var name = Path.GetFileNameWithoutExtension(path);
        var marker = name.LastIndexOf(Marker, StringComparison.Ordinal);
        if (marker < 0)
        {
            return null;
        }

        var digits = name[(marker + Marker.Length)..];
        if (digits.Length != HexDigits || !digits.All(char.IsAsciiHexDigitLower))
        {
            throw new CorruptSegmentException($"{path} has a malformed checksum in its name ('{digits}', expected {HexDigits} lowercase hex digits), so its content cannot be checked");
        }

        return digits;
    }
}
