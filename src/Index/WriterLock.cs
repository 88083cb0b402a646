using System.Globalization;
using System.Text;

namespace SimilarityEngine.Indexing;

/// <summary>The one-writer rule across processes: an exclusive OS lock on <c>simeng-writer.lock</c> in the index folder,
/// taken before Lucene's <c>IndexWriter</c> opens and held until it closes. Every writer (ingest, screen with files, the
/// web server, workers' result consumer) goes through <see cref="ReportIndexWriter.Open"/> and so through this lock.</summary>
/// <remarks>On Linux .NET takes <c>flock(LOCK_EX)</c> for <see cref="FileShare.None"/>; the kernel drops the lock when the
/// process dies, so a writer killed with SIGKILL leaves no stale lock. (Lucene.Net's own write.lock was only ever taken
/// shared here: two processes both "held" it.) The file keeps the holder's process id and start time for the message.</remarks>
public sealed class WriterLock : IDisposable
{
    /// <summary>The lock file's name in the index folder.</summary>
    public const string FileName = "simeng-writer.lock";

    private readonly FileStream _stream;

    private WriterLock(FileStream stream) => _stream = stream;

    /// <summary>Takes the lock, waiting up to <paramref name="waitFor"/> for the holder to finish.</summary>
    /// <exception cref="IndexInUseException">Another writer holds the index for longer than <paramref name="waitFor"/>.</exception>
    public static WriterLock Acquire(string indexPath, TimeSpan waitFor)
    {
        ArgumentNullException.ThrowIfNull(indexPath);
        string file = Path.Combine(indexPath, FileName);
        var deadline = DateTime.UtcNow + waitFor;
        while (true)
        {
            try
            {
                var fs = new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                fs.SetLength(0);
                var note = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"pid {Environment.ProcessId} since {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}\n"));
                fs.Write(note);
                fs.Flush();
                return new WriterLock(fs);
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException)
            {
                if (DateTime.UtcNow >= deadline)
                {
                    throw new IndexInUseException(ReportIndexWriter.InUseMessage(indexPath) + Holder(file), ex);
                }
                Thread.Sleep(200);
            }
        }
    }

    private static string Holder(string file)
    {
        try
        {
            using var fs = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var r = new StreamReader(fs);
            string? line = r.ReadLine();
            return string.IsNullOrWhiteSpace(line) ? "" : $" (holder: {line.Trim()})";
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <inheritdoc />
    public void Dispose() => _stream.Dispose();
}
