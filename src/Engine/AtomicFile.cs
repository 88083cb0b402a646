using System.Text;

namespace SimilarityEngine.Engine;

/// <summary>Writes a file so that a reader, or the next start after a crash or a power cut, sees either the old content
/// or the new one, never a part: the text goes to a temporary file next to it, is flushed to the disk, and replaces the
/// file by a rename. Used for every small file the engine and the server rewrite (results of jobs, error lists, the
/// quarantine, report files).</summary>
public static class AtomicFile
{
    /// <summary>Replaces <paramref name="path"/> with <paramref name="text"/> (UTF-8 without a byte-order mark unless
    /// <paramref name="encoding"/> says otherwise).</summary>
    /// <exception cref="IOException">The folder is missing or the file cannot be written; the old file is as it was and
    /// no temporary file is left.</exception>
    /// <exception cref="UnauthorizedAccessException">No right to write there; the same.</exception>
    public static void WriteAllText(string path, string text, Encoding? encoding = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var e = encoding ?? new UTF8Encoding(false);
        WriteAllBytes(path, [.. e.GetPreamble(), .. e.GetBytes(text)]);
    }

    /// <summary>Replaces <paramref name="path"/> with <paramref name="bytes"/> (a PDF report), the same way.</summary>
    /// <exception cref="IOException">As <see cref="WriteAllText"/>.</exception>
    /// <exception cref="UnauthorizedAccessException">As <see cref="WriteAllText"/>.</exception>
    public static void WriteAllBytes(string path, byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(bytes);
        // a name of its own per writer: two writers of one file never write into each other's temporary file
        string tmp = $"{path}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                fs.Write(bytes);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, path, overwrite: true);
        }
        catch
        {
            try
            {
                File.Delete(tmp);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // the folder itself is gone or read-only: nothing was left there either
            }
            throw;
        }
    }
}
