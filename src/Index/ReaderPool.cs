namespace SimilarityEngine.Indexing;

/// <summary>Readers kept open between requests, one per index folder (the web application's): what a reader builds on
/// first use — the map from sequence number to document, the mapped postings files, Lucene's per-segment caches — is built
/// once, not on every check. Each <see cref="Acquire"/> asks Lucene whether a newer commit exists (one read of the
/// commit point); when one does, a new reader is opened for it and later requests use it, while the requests still
/// reading the old one finish on it; the old reader closes when its last lease is returned.</summary>
/// <remarks>PERF: benchmarks/README.md "The reviewer's wait" — a check opened the index, mapped the postings and rebuilt
/// the sequence → document map on every request.</remarks>
public sealed class ReaderPool : IDisposable
{
    private sealed class Entry(ReportIndexReader reader)
    {
        public readonly ReportIndexReader Reader = reader;
        public int Leases;
        public bool Retired;
    }

    private readonly System.Threading.Lock _gate = new();
    private readonly Dictionary<string, Entry> _current = new(StringComparer.Ordinal);
    private bool _disposed;
    private long _opened;

    /// <summary>Readers opened so far (the first for each folder and one per newer commit seen).</summary>
    public long Opened => Interlocked.Read(ref _opened);

    /// <summary>A reader of the last commit of the index at <paramref name="path"/>, kept open for the next request;
    /// dispose the lease when done with it.</summary>
    /// <exception cref="FileNotFoundException">There is no index.</exception>
    /// <exception cref="IndexDamagedException">The index cannot be read.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "the reader opened belongs to the pool entry (disposed when retired with no lease left, or with the pool)")]
    public ReaderLease Acquire(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string key = Path.GetFullPath(path);
        Entry? stale = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_current.TryGetValue(key, out var entry))
            {
                if (entry.Reader.IsCurrent())
                {
                    entry.Leases++;
                    return new ReaderLease(entry.Reader, () => Release(entry));
                }
                // a newer commit: those still reading the old one finish on it
                _current.Remove(key);
                entry.Retired = true;
                stale = entry.Leases == 0 ? entry : null;
            }
        }
        stale?.Reader.Dispose();
        // opened outside the lock: a slow open of one index does not hold requests for another
        var opened = ReportIndexReader.Open(path);
        Interlocked.Increment(ref _opened);
        lock (_gate)
        {
            if (_disposed)
            {
                opened.Dispose();
                ObjectDisposedException.ThrowIf(true, this);
            }
            if (_current.TryGetValue(key, out var raced) && raced.Reader.CommitId == opened.CommitId)
            {
                // another request opened the same commit meanwhile: one reader is kept
                raced.Leases++;
                opened.Dispose();
                return new ReaderLease(raced.Reader, () => Release(raced));
            }
            if (raced is not null)
            {
                raced.Retired = true;
                if (raced.Leases == 0)
                {
                    raced.Reader.Dispose();
                }
            }
            var entry = new Entry(opened) { Leases = 1 };
            _current[key] = entry;
            return new ReaderLease(entry.Reader, () => Release(entry));
        }
    }

    private void Release(Entry entry)
    {
        bool close;
        lock (_gate)
        {
            entry.Leases--;
            close = entry.Leases == 0 && entry.Retired;
        }
        if (close)
        {
            entry.Reader.Dispose();
        }
    }

    /// <summary>Closes every reader no request holds; those still held close when their lease is returned.</summary>
    public void Dispose()
    {
        List<Entry> idle;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            _disposed = true;
            foreach (var e in _current.Values)
            {
                e.Retired = true;
            }
            idle = _current.Values.Where(e => e.Leases == 0).ToList();
            _current.Clear();
        }
        idle.ForEach(e => e.Reader.Dispose());
    }
}

/// <summary>A reader lent for one request: from a <see cref="ReaderPool"/> (returned on dispose) or opened for this
/// request alone (closed on dispose).</summary>
public sealed class ReaderLease : IDisposable
{
    private Action? _release;

    internal ReaderLease(ReportIndexReader reader, Action release)
    {
        Reader = reader;
        _release = release;
    }

    /// <summary>A lease of a reader opened for this request alone.</summary>
    /// <exception cref="FileNotFoundException">There is no index.</exception>
    /// <exception cref="IndexDamagedException">The index cannot be read.</exception>
    public static ReaderLease OpenOnce(string path)
    {
        var reader = ReportIndexReader.Open(path);
        return new ReaderLease(reader, reader.Dispose);
    }

    /// <summary>The reader.</summary>
    public ReportIndexReader Reader { get; }

    /// <summary>Returns the reader (or closes it).</summary>
    public void Dispose() => Interlocked.Exchange(ref _release, null)?.Invoke();
}
