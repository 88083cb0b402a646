using System.Globalization;
using System.Text;

namespace SimilarityEngine.Indexing;

/// <summary>The one-writer rule across processes: an exclusive OS lock on <c>simeng-writer.lock</c> in the index folder,
/// taken before Lucene's <c>IndexWriter</c> opens and held until it closes. Every writer (ingest, screen with files, the
/// web server, workers' result consumer) goes through <see cref="ReportIndexWriter.Open(string, TimeSpan, bool)"/> and so through this lock.</summary>
/// <remarks>On Linux .NET takes <c>flock(LOCK_EX)</c> for <see cref="FileShare.None"/>; the kernel drops the lock when the
/// process dies, so a writer killed with SIGKILL leaves no stale lock. (Lucene.Net's own write.lock was only ever taken
/// shared here: two processes both "held" it.) The file keeps the holder's process id and start time for the message.</remarks>
public sealed class WriterLock : IDisposable
{
    /// <summary>The lock file's name in the index folder.</summary>
    public const string FileName = "simeng-writer.lock";

    /// <summary>Who holds (or last held) the lock: process id, since when, what.</summary>
    public const string HolderFileName = "simeng-writer.holder";

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, SemaphoreSlim> s_leases = new(StringComparer.Ordinal);

    private readonly FileStream? _stream;
    private readonly SemaphoreSlim? _leaseGate;
    private readonly string? _leasePath;

    private WriterLock(FileStream? stream, SemaphoreSlim? leaseGate = null, string? leasePath = null)
    {
        _stream = stream;
        _leaseGate = leaseGate;
        _leasePath = leasePath;
    }

    /// <summary>Takes the lock for this whole process (a server that owns the index while it runs): other processes get
    /// "index in use" naming <paramref name="holder"/>, while writers inside this process take turns through
    /// <see cref="Acquire(string, TimeSpan)"/> as usual. Dispose the lease to give the index back.</summary>
    /// <exception cref="IndexInUseException">Another process holds the index.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "the inner lock belongs to the lock returned, which releases it")]
    public static WriterLock HoldForProcess(string indexPath, string holder)
    {
        ArgumentNullException.ThrowIfNull(indexPath);
        Directory.CreateDirectory(indexPath);
        var inner = Acquire(indexPath, TimeSpan.Zero, holder);
        string key = Path.GetFullPath(indexPath);
        if (!s_leases.TryAdd(key, new SemaphoreSlim(1, 1)))
        {
            inner.Dispose();
            throw new InvalidOperationException($"this process already holds {indexPath}");
        }
        return new WriterLock(inner._stream, null, key);
    }

    /// <summary>Takes the lock, waiting up to <paramref name="waitFor"/> for the holder to finish.</summary>
    /// <exception cref="IndexInUseException">Another writer holds the index for longer than <paramref name="waitFor"/>.</exception>
    public static WriterLock Acquire(string indexPath, TimeSpan waitFor) => Acquire(indexPath, waitFor, null);

    private static WriterLock Acquire(string indexPath, TimeSpan waitFor, string? holder)
    {
        ArgumentNullException.ThrowIfNull(indexPath);
        if (!s_leases.IsEmpty && s_leases.TryGetValue(Path.GetFullPath(indexPath), out var gate))
        {
            // the process holds the index (simeng serve): its own writers take turns
            if (!gate.Wait(waitFor))
            {
                throw new IndexInUseException(ReportIndexWriter.InUseMessage(indexPath) + " (holder: another job of this server)");
            }
            return new WriterLock(null, gate);
        }
        string file = Path.Combine(indexPath, FileName);
        var deadline = DateTime.UtcNow + waitFor;
        while (true)
        {
            try
            {
                var fs = new FileStream(file, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
                fs.SetLength(0);
                var note = Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture,
                    $"pid {Environment.ProcessId} since {DateTime.UtcNow:yyyy-MM-ddTHH:mm:ssZ}{(holder is null ? "" : ", " + holder)}\n"));
                fs.Write(note);
                fs.Flush();
                // the lock file itself cannot be read by others while locked (.NET takes flock for every open): the holder's
                // note goes beside it too
                File.WriteAllBytes(Path.Combine(indexPath, HolderFileName), note);
                return new WriterLock(fs);
            }
            catch (UnauthorizedAccessException ex)
            {
                throw new IndexAccessException(indexPath, $"permission denied for user '{Environment.UserName}' (the folder or its files belong to " +
                    "another user, or are not writable: run simeng as the index's owner, or give this user write access)", ex);
            }
            catch (IOException ex) when (ex is not FileNotFoundException and not DirectoryNotFoundException && !IsLockConflict(ex))
            {
                // EROFS, ENOSPC, EIO …: no writer holds the index, and waiting would not help
                throw new IndexAccessException(indexPath, ex.Message.Contains("read-only", StringComparison.OrdinalIgnoreCase)
                    ? "the file system is read-only (mounted read-only, or a backup medium)" : ex.Message, ex);
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

    // .NET takes flock(LOCK_EX | LOCK_NB) for FileShare.None; another holder makes it a sharing violation (ERROR_SHARING_VIOLATION,
    // or EWOULDBLOCK on some systems)
    private static bool IsLockConflict(IOException ex) => ex.HResult is unchecked((int)0x80070020) or unchecked((int)0x80070021) or 11
        || ex.Message.Contains("being used by another process", StringComparison.Ordinal);

    private static string Holder(string file)
    {
        try
        {
            string? line = File.ReadLines(Path.Combine(Path.GetDirectoryName(file)!, HolderFileName)).FirstOrDefault();
            return string.IsNullOrWhiteSpace(line) ? "" : $" (holder: {line.Trim()})";
        }
        catch (IOException)
        {
            return "";
        }
    }

    private bool _disposed;

    /// <summary>Releases the lock (or the process lease); a second call does nothing.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }
        _disposed = true;
        if (_leasePath is not null && s_leases.TryRemove(_leasePath, out var gate))
        {
            gate.Dispose();
        }
        _leaseGate?.Release();
        _stream?.Dispose();
    }
}
