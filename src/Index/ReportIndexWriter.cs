using System.Globalization;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Store;
using Lucene.Net.Util;
using SimilarityEngine.Similarity.Corpus;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace SimilarityEngine.Indexing;

/// <summary>Writes reports to the on-disk Lucene.Net index. One writer per index: a second one gets <see cref="IndexInUseException"/>.
/// Nothing is visible to readers until <see cref="Commit"/>, which is atomic, so a killed process never leaves the index half-written.</summary>
public sealed class ReportIndexWriter : IDisposable
{
    private readonly LuceneDirectory _dir;
    private readonly IndexWriter _writer;
    private int _nextSeq;

    private readonly WriterLock _lock;

    private ReportIndexWriter(string path, LuceneDirectory dir, IndexWriter writer, WriterLock writerLock)
    {
        _lock = writerLock;
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
        $"the index {path} is in use by another writer (simeng ingest, screen or serve); wait for it to finish, or pass --wait";

    /// <summary>Opens (creating if needed) the index at <paramref name="path"/> for writing.</summary>
    /// <param name="path">Index folder.</param>
    /// <param name="waitFor">How long to wait for another writer to finish; zero fails at once.</param>
    /// <exception cref="IndexInUseException">Another writer holds the index.</exception>
    public static ReportIndexWriter Open(string path, TimeSpan waitFor = default)
    {
        System.IO.Directory.CreateDirectory(path);
        // the cross-process rule first; Lucene's own lock then only guards against a writer that bypasses this class
        var writerLock = WriterLock.Acquire(path, waitFor);
        LuceneDirectory? dir = null;
        try
        {
            if (IndexHealth.IsInterruptedFirstCommit(path))
            {
                // a writer killed in its very first commit: the partial commit point goes, the new writer starts afresh
                foreach (var file in System.IO.Directory.GetFiles(path, "segments_*"))
                {
                    File.Delete(file);
                }
            }
            dir = FSDirectory.Open(path, new NativeFSLockFactory());
            IndexHealth.RefuseToCreateOverSegments(path, dir);
            var cfg = new IndexWriterConfig(LuceneVersion.LUCENE_48, FoldingAnalyzer.ForWriter())
            {
                OpenMode = OpenMode.CREATE_OR_APPEND,
                RAMBufferSizeMB = 64,
            };
            var writer = IndexHealth.Guard(path, () => new IndexWriter(dir, cfg));
            return new ReportIndexWriter(path, dir, writer, writerLock);
        }
        catch (LockObtainFailedException ex)
        {
            dir?.Dispose();
            writerLock.Dispose();
            throw new IndexInUseException(InUseMessage(path), ex);
        }
        catch
        {
            dir?.Dispose();
            writerLock.Dispose();
            throw;
        }
    }

    /// <summary>True when a report with this id and content is already stored.</summary>
    public bool Contains(string id, string contentHash) =>
        _known.TryGetValue(id, out var h) && string.Equals(h, contentHash, StringComparison.Ordinal);

    /// <summary>The id of a stored report with this content, or null.</summary>
    public string? IdOfContent(string contentHash) => _byContent.TryGetValue(contentHash, out var id) ? id : null;

    private readonly Dictionary<string, string> _byContent = new(StringComparer.Ordinal);

    /// <summary>A report made ready to store (its text compressed), so that the costly part can run in parallel.</summary>
    /// <param name="Report">The report.</param>
    /// <param name="CompressedText">Its text, compressed.</param>
    /// <param name="Fingerprints">Its distinct fingerprints, indexed as terms (candidate retrieval, document frequency).</param>
    /// <param name="MatchData">What screening needs of it (<c>StoredFingerprints</c>), or null.</param>
    /// <param name="MatchKey">The key of the options <paramref name="MatchData"/> was computed with.</param>
    public sealed record Prepared(StoredReport Report, byte[] CompressedText, ulong[] Fingerprints, byte[]? MatchData = null, string? MatchKey = null);

    /// <summary>Compresses the text and collects the distinct fingerprints; thread-safe.</summary>
    public static Prepared Prepare(StoredReport report, IEnumerable<ulong> fingerprints, byte[]? matchData = null, string? matchKey = null) =>
        new(report, Fields.Compress(report.Text), fingerprints.Distinct().ToArray(), matchData, matchKey);

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
        var all = new System.Text.StringBuilder();
        foreach (var name in Fields.SearchableMeta)
        {
            if (report.Meta(name) is { } value)
            {
                doc.Add(new TextField(Fields.SearchPrefix + name, value, Field.Store.NO));
                all.Append(value).Append('\n');
            }
        }
        doc.Add(new Field(Fields.SearchAll, all.Append(report.Text).ToString(), s_searchType));
        // PERF: MacroBenchmark ingest — one field whose token stream yields every fingerprint term (documents only, no
        // norms), instead of one StringField (and one token stream) per fingerprint
        doc.Add(new Field(Fields.Fingerprint, new TermListTokenStream(prepared.Fingerprints), TermListTokenStream.FieldType));
        if (prepared.MatchData is { } match)
        {
            doc.Add(new StoredField(Fields.Match, match));
            doc.Add(new StoredField(Fields.MatchKey, prepared.MatchKey ?? ""));
        }
        if (report.Pictures.Count > 0)
        {
            doc.Add(new StoredField(Fields.Pictures, PictureCodec.Encode(report.Pictures)));
            foreach (ulong term in report.Pictures.SelectMany(p => p.Terms()).Distinct())
            {
                doc.Add(new StringField(Fields.PictureTerm, Fields.Term(term), Field.Store.NO));
            }
        }
        _writer.UpdateDocument(new Term(Fields.Id, report.Id), doc);
        _known[report.Id] = report.ContentHash;
        _byContent.TryAdd(report.ContentHash, report.Id);
        return seq;
    }

    // PERF: MacroBenchmark ingest and index/text — the search words need frequencies (ranking) but never positions (no
    // phrase queries)
    private static readonly FieldType s_searchType = CreateSearchType();

    private static FieldType CreateSearchType()
    {
        var t = new FieldType(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS };
        t.Freeze();
        return t;
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
        _lock.Dispose();
    }
}
