using RunnerHarness.Store;

namespace RunnerHarness.Interop;

/// <summary>
/// The input of an import, readable from its start as often as the import needs: a regular file is opened once and
/// read again through the same handle; a pipe (<c>/dev/stdin</c>, a shell's <c>&lt;(...)</c>, a named pipe) can be read
/// only once, so it is first copied into a file of this process under the store's <c>tmp/</c>, which is removed
/// when the import ends (a killed import leaves it to <c>compact</c>, which removes files of processes that are gone).
/// </summary>
internal sealed class ImportInput : IDisposable
{
    private readonly FileStream _stream;
    private readonly string? _spool;

    private ImportInput(FileStream stream, string? spool)
    {
        _stream = stream;
        _spool = spool;
    }

    /// <summary>Opens <paramref name="path"/>, spooling it to <paramref name="layout"/>'s <c>tmp/</c> when it cannot seek.</summary>
    /// <exception cref="FileNotFoundException">The input does not exist.</exception>
    public static ImportInput Open(string path, StoreLayout layout)
    {
        FileStream source;
        try
        {
            source = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            throw new FileNotFoundException($"The file to import, {path}, does not exist.", path, ex);
        }

        if (source.CanSeek)
        {
            return new ImportInput(source, null);
        }

        using (source)
        {
            Directory.CreateDirectory(layout.TempDirectory);
            var spool = TemporaryFiles.NewPath(layout, ".import");
            var copy = new FileStream(spool, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 1 << 16);
            try
            {
                source.CopyTo(copy);
                copy.Position = 0;
                return new ImportInput(copy, spool);
            }
            catch
            {
                copy.Dispose();
                File.Delete(spool);
                throw;
            }
        }
    }

    /// <summary>The input from its start.</summary>
    public Stream Rewind()
    {
        _stream.Position = 0;
        return _stream;
    }

    public void Dispose()
    {
        _stream.Dispose();
        if (_spool is not null)
        {
            // Ours: created by this process with CreateNew above.
            File.Delete(_spool);
        }
    }
}
