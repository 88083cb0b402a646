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
    private readonly Guid _indexId;
    private readonly List<Posting> _pending = [];
    private int _covered;

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
        var committed = ReportIndexReader.ReadCommitData(_dir);
        bool exists = DirectoryReader.IndexExists(_dir);
        FormatBefore = exists ? IndexFormat.Of(committed) : IndexFormat.Current;
        bool hasId = committed.TryGetValue(Fields.IndexId, out var id) && Guid.TryParse(id, out _);
        _indexId = hasId ? Guid.Parse(id!, CultureInfo.InvariantCulture) : Guid.NewGuid();
        if (exists && (!hasId || FormatBefore < IndexFormat.Current))
        {
            CommitLucene(); // an index of an older version: its id and version first, so that its postings files can be trusted
        }
        _covered = WritePostingsGap(reader);
    }

    /// <summary>The format version the index had when this writer opened it (<see cref="IndexFormat.Current"/> for a new
    /// index); the writer has upgraded it to <see cref="IndexFormat.Current"/>.</summary>
    public int FormatBefore { get; }

    private string PostingsFolder => System.IO.Path.Combine(Path, PostingsRun.Folder);

    // Writes the postings files the commit lacks (a writer killed between its commit and its file, an index of an older
    // version) and tidies the folder: files no chain uses, half-written ones, files of another index.
    private int WritePostingsGap(DirectoryReader reader)
    {
        var chain = FingerprintPostings.Chain(PostingsFolder, _indexId, _nextSeq);
        var keep = chain.Select(c => c.Path).ToHashSet(StringComparer.Ordinal);
        if (System.IO.Directory.Exists(PostingsFolder))
        {
            foreach (var file in System.IO.Directory.GetFiles(PostingsFolder))
            {
                if (!keep.Contains(file))
                {
                    PostingsRun.TryDelete(file);
                }
            }
        }
        int covered = chain.Count == 0 ? 0 : chain[^1].Hi;
        if (covered < _nextSeq)
        {
            var docOfSeq = FingerprintPostings.DocOfSeq(reader);
            for (int lo = covered; lo < _nextSeq; lo += FingerprintPostings.BuildChunk)
            {
                int hi = (int)Math.Min(_nextSeq, (long)lo + FingerprintPostings.BuildChunk);
                PostingsRun.Write(PostingsFolder, _indexId, lo, hi, [FingerprintPostings.Build(reader, docOfSeq, lo, hi)]);
            }
            covered = _nextSeq;
            MergePostings();
        }
        return covered;
    }

    /// <summary>Postings files merged at once: the newest ones of one size class, when there are this many.</summary>
    public const int PostingsMergeFactor = 8;

    private const long PostingsLevelBase = 1 << 17;

    private static int Level(long count) => count < PostingsLevelBase ? 0 : 1 + (int)Math.Log((double)count / PostingsLevelBase, PostingsMergeFactor);

    // PERF: MacroBenchmark ingest and check — one file per commit would make hundreds; merging the newest files of one size
    // class (a factor of 8) rewrites each posting a few times and keeps a few dozen files at most
    private void MergePostings()
    {
        while (true)
        {
            var chain = FingerprintPostings.Chain(PostingsFolder, _indexId, _nextSeq);
            var runs = new List<PostingsRun>();
            try
            {
                foreach (var (_, _, path) in chain)
                {
                    runs.Add(PostingsRun.TryMap(path, _indexId) ?? throw new InvalidDataException($"postings file {path} changed while merging"));
                }
                int level = runs.Count == 0 ? 0 : Level(runs[^1].Count);
                int first = runs.Count;
                while (first > 0 && Level(runs[first - 1].Count) == level)
                {
                    first--;
                }
                if (runs.Count - first < PostingsMergeFactor)
                {
                    return;
                }
                var merging = runs.GetRange(first, runs.Count - first);
                PostingsRun.Merge(PostingsFolder, _indexId, merging);
                foreach (var run in merging)
                {
                    run.Dispose();
                    PostingsRun.TryDelete(run.FilePath!);
                }
            }
            finally
            {
                runs.ForEach(r => r.Dispose());
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
    public static ReportIndexWriter Open(string path, TimeSpan waitFor = default) => Open(path, waitFor, startAfresh: false);

    /// <summary>Opens the index for writing, creating it when the folder holds no index.</summary>
    /// <param name="path">The index folder.</param>
    /// <param name="waitFor">How long to wait for another writer.</param>
    /// <param name="startAfresh">When the folder holds index files but no readable commit point: move them aside (to
    /// <see cref="DiscardedFolder"/>-TIME/) and start a new, empty index. Without it such a folder is refused.</param>
    /// <exception cref="IndexInUseException">Another writer holds the index.</exception>
    /// <exception cref="IndexDamagedException">The folder holds an index that cannot be read.</exception>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "the analyzer lives as long as the IndexWriter, which the writer returned owns and disposes")]
    public static ReportIndexWriter Open(string path, TimeSpan waitFor, bool startAfresh)
    {
        // a restore killed between its two renames: the archive is the copy beside this path, not a new empty index here
        string restoring = System.IO.Path.GetFullPath(path).TrimEnd(System.IO.Path.DirectorySeparatorChar) + IndexMaintenance.RestoreSuffix;
        if (System.IO.Directory.Exists(restoring) && !IndexHealth.HasReadableCommit(path))
        {
            throw new IndexDamagedException(path, $"a restore was interrupted (the restored copy waits in {restoring}); run 'simeng index restore BACKUP --index {path}' again to finish it");
        }
        try
        {
            System.IO.Directory.CreateDirectory(path);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new IndexAccessException(path, $"permission denied for user '{Environment.UserName}' (a folder on the way cannot be entered or created)", ex);
        }
        catch (IOException ex) when (ex.Message.Contains("read-only", StringComparison.OrdinalIgnoreCase))
        {
            throw new IndexAccessException(path, "the file system is read-only", ex);
        }
        // the cross-process rule first; Lucene's own lock then only guards against a writer that bypasses this class
        var writerLock = WriterLock.Acquire(path, waitFor);
        LuceneDirectory? dir = null;
        try
        {
            if (!IndexHealth.HasReadableCommit(path))
            {
                // never a new index over an old one's files: segment files, postings files or stored reports mean an archive
                // whose commit point was lost or damaged, not an empty folder (a repair keeps every readable report)
                var data = IndexHealth.IndexData(path);
                if (data.Count > 0 && !startAfresh)
                {
                    throw new IndexDamagedException(path,
                        $"it holds {data.Count} index file(s) such as {data[0]} but no commit point can be read (segments_N, or a segment's .si file, damaged or lost); " +
                        "ingest does not start a new index over them. Run 'simeng index repair' to rebuild the index from every readable " +
                        "report, 'simeng index restore BACKUP' to put a backup back, or ingest with --new-index to move these files aside " +
                        "and start an empty index");
                }
                string aside = System.IO.Path.Combine(path, DiscardedFolder + "-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture));
                foreach (var name in data.Concat(System.IO.Directory.GetFiles(path, "segments*").Select(System.IO.Path.GetFileName).OfType<string>())
                             .Distinct(StringComparer.Ordinal).ToList())
                {
                    string from = System.IO.Path.Combine(path, name);
                    if (data.Count == 0)
                    {
                        // only a partial first commit point (a writer killed in its very first commit): nothing was stored
                        File.Delete(from);
                        continue;
                    }
                    string to = System.IO.Path.Combine(aside, name);
                    System.IO.Directory.CreateDirectory(System.IO.Path.GetDirectoryName(to)!);
                    if (System.IO.Directory.Exists(from))
                    {
                        System.IO.Directory.Move(from, to);
                    }
                    else if (File.Exists(from))
                    {
                        File.Move(from, to);
                    }
                }
            }
            dir = FSDirectory.Open(path, new NativeFSLockFactory());
            // never add to an archive whose files are damaged: every file of the last commit passes its checksum first
            var opened = dir;
            IndexFormat.EnsureReadable(path, opened);
            if (DirectoryReader.IndexExists(opened))
            {
                IndexHealth.Guard(path, () =>
                {
                    VerifiedFiles.Check(path, opened, DirectoryReader.ListCommits(opened)[^1], writer: true);
                    return true;
                });
            }
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

    /// <summary>Name of the folder (inside the index folder) where <c>--new-index</c> moves the files of an unreadable index.</summary>
    public const string DiscardedFolder = "discarded";

    /// <summary>True when a report with this id is stored (or added since the last commit).</summary>
    public bool HasId(string id) => _known.ContainsKey(id);

    /// <summary>The file the stored report with this id was read from, or null.</summary>
    public string? StoredFileOf(string id)
    {
        using var reader = DirectoryReader.Open(_writer, applyAllDeletes: true);
        var hits = new IndexSearcher(reader).Search(new TermQuery(new Term(Fields.Id, id)), 1);
        return hits.TotalHits == 0 ? null : reader.Document(hits.ScoreDocs[0].Doc, new HashSet<string> { Fields.File }).Get(Fields.File);
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
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "the token stream belongs to the field; Lucene disposes it once the document is inverted")]
    public int Add(Prepared prepared)
    {
        ArgumentNullException.ThrowIfNull(prepared);
        var report = prepared.Report;
        int seq = _nextSeq++;
        var doc = new Document
        {
            new StringField(Fields.Id, report.Id, Field.Store.YES),
            new Int32Field(Fields.Seq, seq, Field.Store.YES),
            new NumericDocValuesField(Fields.SeqValue, seq),
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
        // PERF: MacroBenchmark ingest — fingerprints go to the sorted postings file of the commit, not to Lucene terms
        foreach (ulong fp in prepared.Fingerprints)
        {
            _pending.Add(new Posting(fp & Fields.Mask, seq));
        }
        if (prepared.MatchData is { } match)
        {
            doc.Add(new StoredField(Fields.Match, match));
            doc.Add(new StoredField(Fields.MatchKey, prepared.MatchKey ?? ""));
        }
        else
        {
            // the postings files are derived data: a report without stored fingerprints keeps them as terms, from which
            // they can be derived again (as for indexes of earlier versions)
            doc.Add(new Field(Fields.Fingerprint, new TermListTokenStream(prepared.Fingerprints), TermListTokenStream.FieldType));
        }
        if (EvasionCodec.Encode(report.Evasion) is { } evasion)
        {
            doc.Add(new StoredField(Fields.Evasion, evasion));
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
    /// <remarks>The postings file of the new reports is written after the Lucene commit: until it is, readers compute those
    /// postings from the stored fields, and if the process dies first, the next writer writes the file.</remarks>
    public void Commit()
    {
        CommitLucene();
        if (_covered < _nextSeq)
        {
            PostingsRun.Write(PostingsFolder, _indexId, _covered, _nextSeq, [FingerprintPostings.SortDistinct(_pending)]);
            _pending.Clear();
            _covered = _nextSeq;
            MergePostings();
        }
    }

    private void CommitLucene()
    {
        _writer.SetCommitData(new Dictionary<string, string>
        {
            [Fields.NextSeq] = _nextSeq.ToString(CultureInfo.InvariantCulture),
            [Fields.IndexId] = _indexId.ToString("D"),
            [Fields.FormatVersion] = IndexFormat.Current.ToString(CultureInfo.InvariantCulture),
        });
        _writer.Commit();
        // the files just written are checked while they are in the page cache: later opens trust them by name, size and time
        VerifiedFiles.Check(Path, _dir, DirectoryReader.ListCommits(_dir)[^1], writer: true);
    }

    /// <summary>Drops what was added since the last commit.</summary>
    public void Rollback()
    {
        _pending.Clear();
        _writer.Rollback();
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_pending.Count > 0)
        {
            // Lucene commits on close: the commit data and the postings file go with it
            try
            {
                Commit();
            }
            catch (Exception ex) when (ex is IOException or ObjectDisposedException)
            {
                // the commit failed (disk full?); what was committed before stands, the rest is lost as after a kill
            }
        }
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
