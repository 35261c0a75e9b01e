using System.Security.Cryptography;
using System.Text;

namespace RunnerHarness.Interop;

/// <summary>
/// Record ids derived from the imported content, so that importing the same input twice adds nothing
/// (readers count each id once) instead of doubling it.
/// </summary>
internal static class DeterministicRecordId
{
    /// <summary>A UUID-shaped id from the SHA-256 of <paramref name="parts"/>.</summary>
    public static string From(params IEnumerable<string> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(string.Join('\u001f', parts)));
        return new Guid(hash.AsSpan(0, 16)).ToString("D");
    }
}
