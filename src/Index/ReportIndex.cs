using System.Globalization;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace SimilarityEngine.Indexing;

/// <summary>How fingerprints are kept as terms.</summary>
public static class ReportIndexWriterTerms
{
    /// <summary>The bits of a fingerprint that its term keeps (the low 48).</summary>
    public const ulong Mask = (1UL << 48) - 1;
}

/// <summary>A report as the index holds it.</summary>
/// <param name="Id">Unique id (manifest id, else file name without extension).</param>
/// <param name="Sequence">Ingest order, 0-based.</param>
/// <param name="ContentHash">SHA-256 of the canonical text.</param>
/// <param name="Text">Canonical text.</param>
/// <param name="OffsetMap">Canonical offset → extracted-text offset (length = text length + 1).</param>
/// <param name="File">The file it was read from, as given.</param>
/// <param name="Submitted">Submission date (yyyy-MM-dd) or null.</param>
/// <param name="Year">School year (end year) or null.</param>
/// <param name="Metadata">author, school, district, title and any extra manifest columns.</param>
/// <param name="Quality">Extraction-quality score.</param>
/// <param name="Warnings">Extraction warnings.</param>
public sealed record StoredReport(string Id, int Sequence, string ContentHash, string Text, int[] OffsetMap, string File,
    string? Submitted, int? Year, IReadOnlyDictionary<string, string> Metadata, double Quality, IReadOnlyList<string> Warnings)
{
    /// <summary>A metadata value or null.</summary>
    public string? Meta(string key) => Metadata.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;
}

/// <summary>The index is locked by another writer.</summary>
public sealed class IndexInUseException : Exception
{
    /// <summary>Creates the exception.</summary>
    public IndexInUseException(string path)
        : base(ReportIndexWriter.InUseMessage(path)) => IndexPath = path;

    /// <summary>Creates the exception.</summary>
    public IndexInUseException() : this("") { }

    /// <summary>Creates the exception.</summary>
    public IndexInUseException(string message, Exception inner) : base(message, inner) => IndexPath = "";

    /// <summary>The index folder.</summary>
    public string IndexPath { get; }
}

internal static class Fields
{
    public const string Id = "id";
    public const string Seq = "seq";
    public const string Hash = "hash";
    public const string Text = "text";
    public const string Offsets = "offsets";
    public const string File = "file";
    public const string Submitted = "submitted";
    public const string Year = "year";
    public const string Quality = "quality";
    public const string Warnings = "warnings";
    public const string MetaPrefix = "meta.";
    public const string Fingerprint = "fp";
    public const string NextSeq = "next_seq";

    // PERF: index size — the low 48 bits as 8 base-64 characters instead of 16 hex digits; a collision only adds a candidate
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    public static string Term(ulong fingerprint) => string.Create(8, fingerprint, static (span, v) =>
    {
        for (int i = 0; i < 8; i++)
        {
            span[i] = Alphabet[(int)(v & 63)];
            v >>= 6;
        }
    });

    public static ulong FromTerm(BytesRef term)
    {
        ulong v = 0;
        for (int i = term.Length - 1; i >= 0; i--)
        {
            v = (v << 6) | (uint)Alphabet.IndexOf((char)term.Bytes[term.Offset + i], StringComparison.Ordinal);
        }
        return v;
    }

    // PERF: MacroBenchmark ingest and index/text — Brotli quality 5: about 10× faster than 9 for a few % more bytes
    public static byte[] Compress(string text)
    {
        var bytes = System.Text.Encoding.UTF8.GetBytes(text);
        var dest = new byte[System.IO.Compression.BrotliEncoder.GetMaxCompressedLength(bytes.Length)];
        if (!System.IO.Compression.BrotliEncoder.TryCompress(bytes, dest, out int written, quality: 5, window: 22))
        {
            throw new InvalidOperationException("Brotli compression failed");
        }
        return dest[..written];
    }

    public static string Decompress(BytesRef bytes)
    {
        using var input = new MemoryStream(bytes.Bytes, bytes.Offset, bytes.Length);
        using var b = new System.IO.Compression.BrotliStream(input, System.IO.Compression.CompressionMode.Decompress);
        using var output = new MemoryStream();
        b.CopyTo(output);
        return System.Text.Encoding.UTF8.GetString(output.GetBuffer(), 0, (int)output.Length);
    }
}

/// <summary>Writes reports to the on-disk Lucene.Net index. One writer per index: a second one gets <see cref="IndexInUseException"/>.
/// Nothing is visible to readers until <see cref="Commit"/>, which is atomic, so a killed process never leaves the index half-written.</summary>
public sealed class ReportIndexWriter : IDisposable
{
    private readonly LuceneDirectory _dir;
    private readonly IndexWriter _writer;
    private int _nextSeq;

    private ReportIndexWriter(string path, LuceneDirectory dir, IndexWriter writer)
    {
        Path = path;
        _dir = dir;
        _writer = writer;
        using var reader = DirectoryReader.Open(_writer, applyAllDeletes: true);
        _nextSeq = ReportIndexReader.ReadNextSeq(_dir, reader);
        var live = MultiFields.GetLiveDocs(reader);
        var fields = new HashSet<string> { Fields.Id, Fields.Hash };
        for (int d = 0; d < reader.MaxDoc; d++)
        {
            if (live is null || live.Get(d))
            {
                var doc = reader.Document(d, fields);
                _known[doc.Get(Fields.Id)] = doc.Get(Fields.Hash);
                _byContent.TryAdd(doc.Get(Fields.Hash), doc.Get(Fields.Id));
            }
        }
    }

    private readonly Dictionary<string, string> _known = new(StringComparer.Ordinal);

    /// <summary>Number of reports stored, committed or not.</summary>
    public int Count => _known.Count;

    /// <summary>The index folder.</summary>
    public string Path { get; }

    internal static string InUseMessage(string path) =>
        $"the index {path} is in use by another simeng ingest or screen; wait for it to finish, or pass --wait";

    /// <summary>Opens (creating if needed) the index at <paramref name="path"/> for writing.</summary>
    /// <param name="path">Index folder.</param>
    /// <param name="waitFor">How long to wait for another writer to finish; zero fails at once.</param>
    /// <exception cref="IndexInUseException">Another writer holds the index.</exception>
    public static ReportIndexWriter Open(string path, TimeSpan waitFor = default)
    {
        System.IO.Directory.CreateDirectory(path);
        var deadline = DateTime.UtcNow + waitFor;
        while (true)
        {
            var dir = FSDirectory.Open(path, new NativeFSLockFactory());
            try
            {
                var cfg = new IndexWriterConfig(LuceneVersion.LUCENE_48, new KeywordAnalyzer())
                {
                    OpenMode = OpenMode.CREATE_OR_APPEND,
                    RAMBufferSizeMB = 64,
                };
                var writer = new IndexWriter(dir, cfg);
                return new ReportIndexWriter(path, dir, writer);
            }
            catch (LockObtainFailedException ex)
            {
                dir.Dispose();
                if (DateTime.UtcNow >= deadline)
                {
                    throw new IndexInUseException(InUseMessage(path), ex);
                }
                Thread.Sleep(500);
            }
        }
    }

    /// <summary>True when a report with this id and content is already stored.</summary>
    public bool Contains(string id, string contentHash) =>
        _known.TryGetValue(id, out var h) && string.Equals(h, contentHash, StringComparison.Ordinal);

    /// <summary>The id of a stored report with this content, or null.</summary>
    public string? IdOfContent(string contentHash) => _byContent.TryGetValue(contentHash, out var id) ? id : null;

    private readonly Dictionary<string, string> _byContent = new(StringComparer.Ordinal);

    /// <summary>A report made ready to store (its text compressed), so that the costly part can run in parallel.</summary>
    public sealed record Prepared(StoredReport Report, byte[] CompressedText, ulong[] Fingerprints);

    /// <summary>Compresses the text and collects the distinct fingerprints; thread-safe.</summary>
    public static Prepared Prepare(StoredReport report, IEnumerable<ulong> fingerprints) =>
        new(report, Fields.Compress(report.Text), fingerprints.Distinct().ToArray());

    /// <summary>Adds or replaces (same id) a report with its fingerprints; assigns its sequence number.</summary>
    /// <returns>The stored sequence number.</returns>
    public int Add(StoredReport report, IEnumerable<ulong> fingerprints) => Add(Prepare(report, fingerprints));

    /// <summary>Adds or replaces (same id) a prepared report; assigns its sequence number.</summary>
    /// <returns>The stored sequence number.</returns>
    public int Add(Prepared prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var report = prepared.Report;
        int seq = _nextSeq++;
        var doc = new Document
        {
            new StringField(Fields.Id, report.Id, Field.Store.YES),
            new Int32Field(Fields.Seq, seq, Field.Store.YES),
            new StringField(Fields.Hash, report.ContentHash, Field.Store.YES),
            new StoredField(Fields.Text, prepared.CompressedText),
            new StoredField(Fields.Offsets, OffsetCodec.Encode(report.OffsetMap)),
            new StoredField(Fields.File, report.File),
            new StoredField(Fields.Quality, report.Quality),
            new StoredField(Fields.Warnings, string.Join('\n', report.Warnings)),
        };
        if (report.Submitted is not null)
        {
            doc.Add(new StringField(Fields.Submitted, report.Submitted, Field.Store.YES));
        }
        if (report.Year is int y)
        {
            doc.Add(new StringField(Fields.Year, y.ToString(CultureInfo.InvariantCulture), Field.Store.YES));
        }
        foreach (var (k, v) in report.Metadata)
        {
            doc.Add(new StoredField(Fields.MetaPrefix + k, v));
        }
        foreach (var fp in prepared.Fingerprints)
        {
            doc.Add(new StringField(Fields.Fingerprint, Fields.Term(fp), Field.Store.NO));
        }
        _writer.UpdateDocument(new Term(Fields.Id, report.Id), doc);
        _known[report.Id] = report.ContentHash;
        _byContent.TryAdd(report.ContentHash, report.Id);
        return seq;
    }

    /// <summary>Makes everything added so far durable and visible, atomically.</summary>
    public void Commit()
    {
        _writer.SetCommitData(new Dictionary<string, string> { [Fields.NextSeq] = _nextSeq.ToString(CultureInfo.InvariantCulture) });
        _writer.Commit();
    }

    /// <summary>Drops what was added since the last commit.</summary>
    public void Rollback() => _writer.Rollback();

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            _writer.Dispose(waitForMerges: true);
        }
        catch (ObjectDisposedException)
        {
        }
        _dir.Dispose();
    }
}

/// <summary>Reads the last commit of the index; safe while a writer is working.</summary>
public sealed class ReportIndexReader : IDisposable
{
    private readonly LuceneDirectory _dir;
    private readonly DirectoryReader _reader;
    private readonly IBits? _live;
    private readonly Terms? _terms;

    private ReportIndexReader(string path, LuceneDirectory dir, DirectoryReader reader)
    {
        Path = path;
        _dir = dir;
        _reader = reader;
        _live = MultiFields.GetLiveDocs(reader);
        _terms = MultiFields.GetTerms(reader, Fields.Fingerprint);
    }

    /// <summary>The index folder.</summary>
    public string Path { get; }

    /// <summary>True when an index exists at <paramref name="path"/>.</summary>
    public static bool Exists(string path)
    {
        if (!System.IO.Directory.Exists(path))
        {
            return false;
        }
        using var dir = FSDirectory.Open(path);
        return DirectoryReader.IndexExists(dir);
    }

    /// <summary>Opens the last commit of the index at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no index there.</exception>
    public static ReportIndexReader Open(string path)
    {
        if (!Exists(path))
        {
            throw new FileNotFoundException($"no index at {path}: run 'simeng ingest' first (or pass --index DIR)");
        }
        var dir = FSDirectory.Open(path);
        return new ReportIndexReader(path, dir, DirectoryReader.Open(dir));
    }

    /// <summary>Number of reports.</summary>
    public int Count => _reader.NumDocs;

    /// <summary>Identifies the commit read: its generation.</summary>
    public string CommitId => _reader.IndexCommit.Generation.ToString(CultureInfo.InvariantCulture);

    /// <summary>Number of distinct fingerprints.</summary>
    public long FingerprintTerms
    {
        get
        {
            if (_terms is null)
            {
                return 0;
            }
            long n = 0;
            var te = _terms.GetEnumerator();
            while (te.MoveNext())
            {
                n++;
            }
            return n;
        }
    }

    internal static int ReadNextSeq(LuceneDirectory dir, DirectoryReader reader)
    {
        if (DirectoryReader.IndexExists(dir))
        {
            var commits = DirectoryReader.ListCommits(dir);
            var last = commits[^1];
            if (last.UserData.TryGetValue(Fields.NextSeq, out var s) && int.TryParse(s, out int n))
            {
                return n;
            }
        }
        return reader.MaxDoc;
    }

    /// <summary>Every report, in ingest order.</summary>
    public IReadOnlyList<StoredReport> All()
    {
        var list = new List<StoredReport>(_reader.NumDocs);
        for (int d = 0; d < _reader.MaxDoc; d++)
        {
            if (_live is null || _live.Get(d))
            {
                list.Add(Load(d));
            }
        }
        list.Sort((a, b) => a.Sequence.CompareTo(b.Sequence));
        return list;
    }

    /// <summary>Internal document numbers of all live reports with their id.</summary>
    public IReadOnlyList<(int DocNumber, string Id)> Ids()
    {
        var list = new List<(int, string)>();
        var visitor = new HashSet<string> { Fields.Id };
        for (int d = 0; d < _reader.MaxDoc; d++)
        {
            if (_live is null || _live.Get(d))
            {
                list.Add((d, _reader.Document(d, visitor).Get(Fields.Id)));
            }
        }
        return list;
    }

    /// <summary>The report with internal number <paramref name="docNumber"/>.</summary>
    public StoredReport Load(int docNumber)
    {
        var doc = _reader.Document(docNumber);
        var meta = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in doc.Fields)
        {
            if (f.Name.StartsWith(Fields.MetaPrefix, StringComparison.Ordinal))
            {
                meta[f.Name[Fields.MetaPrefix.Length..]] = f.GetStringValue();
            }
        }
        string? year = doc.Get(Fields.Year);
        string warnings = doc.Get(Fields.Warnings) ?? "";
        return new StoredReport(doc.Get(Fields.Id), doc.GetField(Fields.Seq).GetInt32Value() ?? 0, doc.Get(Fields.Hash), Fields.Decompress(doc.GetBinaryValue(Fields.Text)),
            OffsetCodec.Decode(doc.GetBinaryValue(Fields.Offsets)), doc.Get(Fields.File), doc.Get(Fields.Submitted),
            year is null ? null : int.Parse(year, CultureInfo.InvariantCulture), meta,
            doc.GetField(Fields.Quality).GetDoubleValue() ?? 0,
            warnings.Length == 0 ? [] : warnings.Split('\n'));
    }

    /// <summary>The report with id <paramref name="id"/>, or null.</summary>
    public StoredReport? Find(string id)
    {
        int d = FindDoc(Fields.Id, id);
        return d < 0 ? null : Load(d);
    }

    /// <summary>The report whose canonical text has hash <paramref name="contentHash"/>, or null.</summary>
    public StoredReport? FindByHash(string contentHash)
    {
        int d = FindDoc(Fields.Hash, contentHash);
        return d < 0 ? null : Load(d);
    }

    private int FindDoc(string field, string value)
    {
        var searcher = new IndexSearcher(_reader);
        var top = searcher.Search(new TermQuery(new Term(field, value)), 1);
        return top.TotalHits == 0 ? -1 : top.ScoreDocs[0].Doc;
    }

    /// <summary>In how many reports fingerprint <paramref name="fingerprint"/> occurs.</summary>
    public int DocFreq(ulong fingerprint) => _reader.DocFreq(new Term(Fields.Fingerprint, Fields.Term(fingerprint)));

    /// <summary>Every fingerprint found in more than <paramref name="cutOff"/> reports, as its low 48 bits (one pass over the terms).</summary>
    public HashSet<ulong> CommonFingerprints(int cutOff)
    {
        var set = new HashSet<ulong>();
        if (_terms is null)
        {
            return set;
        }
        var te = _terms.GetEnumerator();
        while (te.MoveNext())
        {
            if (te.DocFreq > cutOff)
            {
                set.Add(Fields.FromTerm(te.Term));
            }
        }
        return set;
    }

    /// <summary>Reports sharing fingerprints with a query: internal document number → number of shared fingerprints.</summary>
    /// <param name="fingerprints">The query's fingerprints (distinct).</param>
    /// <param name="maxDocFreq">Fingerprints in more reports than this are skipped (boilerplate).</param>
    public Dictionary<int, int> SharedFingerprints(IEnumerable<ulong> fingerprints, int maxDocFreq)
    {
        var counts = new Dictionary<int, int>();
        // PERF: CandidateBenchmarks — terms sorted once, then each segment is walked forward with its own enumerator
        var terms = fingerprints.Select(f => new BytesRef(Fields.Term(f))).ToArray();
        Array.Sort(terms, (x, y) => x.CompareTo(y));
        foreach (var leaf in _reader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var segTerms = reader.GetTerms(Fields.Fingerprint);
            if (segTerms is null)
            {
                continue;
            }
            var live = reader.LiveDocs;
            var te = segTerms.GetEnumerator();
            DocsEnum? docs = null;
            foreach (var term in terms)
            {
                if (!te.SeekExact(term) || te.DocFreq > maxDocFreq)
                {
                    continue;
                }
                docs = te.Docs(live, docs, DocsFlags.NONE);
                int d;
                while ((d = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                {
                    int global = leaf.DocBase + d;
                    counts[global] = counts.TryGetValue(global, out int c) ? c + 1 : 1;
                }
            }
        }
        return counts;
    }

    /// <summary>Size of the index folder in bytes.</summary>
    public long SizeOnDisk() => new DirectoryInfo(Path).EnumerateFiles().Sum(f => f.Length);

    /// <summary>Runs Lucene's CheckIndex; returns true when the index is clean.</summary>
    public static bool CheckIndex(string path, TextWriter? log = null)
    {
        using var dir = FSDirectory.Open(path);
        var checker = new Lucene.Net.Index.CheckIndex(dir);
        if (log is not null)
        {
            checker.InfoStream = log;
        }
        return checker.DoCheckIndex().Clean;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader.Dispose();
        _dir.Dispose();
    }
}

/// <summary>Stores an offset map compactly: only the places where offset − index changes, as varints.</summary>
public static class OffsetCodec
{
    /// <summary>Encodes <paramref name="map"/>.</summary>
    public static byte[] Encode(int[] map)
    {
        using var ms = new MemoryStream();
        WriteVar(ms, map.Length);
        int prevDelta = 0;
        int prevIndex = 0;
        for (int i = 0; i < map.Length; i++)
        {
            int delta = map[i] - i;
            if (delta != prevDelta || i == 0)
            {
                WriteVar(ms, i - prevIndex);
                WriteVar(ms, ZigZag(delta - prevDelta));
                prevDelta = delta;
                prevIndex = i;
            }
        }
        return ms.ToArray();
    }

    /// <summary>Decodes what <see cref="Encode"/> wrote.</summary>
    public static int[] Decode(BytesRef? bytes)
    {
        if (bytes is null)
        {
            return [];
        }
        int pos = bytes.Offset;
        int end = bytes.Offset + bytes.Length;
        var data = bytes.Bytes;
        int n = ReadVar(data, ref pos);
        var map = new int[n];
        int index = 0;
        int delta = 0;
        int fill = 0;
        while (pos < end)
        {
            int gap = ReadVar(data, ref pos);
            int dd = UnZigZag(ReadVar(data, ref pos));
            int next = index + gap;
            for (; fill < next && fill < n; fill++)
            {
                map[fill] = fill + delta;
            }
            index = next;
            delta += dd;
        }
        for (; fill < n; fill++)
        {
            map[fill] = fill + delta;
        }
        return map;
    }

    private static int ZigZag(int v) => (v << 1) ^ (v >> 31);

    private static int UnZigZag(int v) => (int)((uint)v >> 1) ^ -(v & 1);

    private static void WriteVar(Stream s, int value)
    {
        uint v = (uint)value;
        while (v >= 0x80)
        {
            s.WriteByte((byte)(v | 0x80));
            v >>= 7;
        }
        s.WriteByte((byte)v);
    }

    private static int ReadVar(byte[] data, ref int pos)
    {
        int shift = 0;
        uint v = 0;
        while (true)
        {
            byte b = data[pos++];
            v |= (uint)(b & 0x7F) << shift;
            if (b < 0x80)
            {
                return (int)v;
            }
            shift += 7;
        }
    }
}
