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

/// <summary>Reads the last commit of the index; safe while a writer is working.</summary>
public sealed class ReportIndexReader : ICorpus, IDisposable
{
    private readonly LuceneDirectory _dir;
    private readonly DirectoryReader _reader;
    private readonly IBits? _live;
    private FingerprintPostings? _postings;

    private ReportIndexReader(string path, LuceneDirectory dir, DirectoryReader reader)
    {
        Path = path;
        _dir = dir;
        _reader = reader;
        _live = MultiFields.GetLiveDocs(reader);
    }

    private readonly System.Threading.Lock _postingsLock = new();

    // opened on first use (listing, searching and loading reports never need them); thread-safe, as the look-ups are
    private FingerprintPostings Postings
    {
        get
        {
            lock (_postingsLock)
            {
                if (_postings is null)
                {
                    var id = _reader.IndexCommit.UserData.TryGetValue(Fields.IndexId, out var s) && Guid.TryParse(s, out var g) ? g : (Guid?)null;
                    _postings = FingerprintPostings.Open(Path, _reader, id);
                }
                return _postings;
            }
        }
    }

    /// <summary>Reports of this commit whose fingerprint postings no file held yet and were computed from the stored fields
    /// (a writer between its commit and its postings file, an index restored from a backup or written by an older version;
    /// the next <c>simeng ingest</c> writes them).</summary>
    public int PostingsComputed => Postings.ComputedReports;

    /// <summary>The index folder.</summary>
    public string Path { get; }

    /// <summary>True when an index exists at <paramref name="path"/>.</summary>
    public static bool Exists(string path)
    {
        if (!System.IO.Directory.Exists(path))
        {
            return false;
        }
        return IndexHealth.HasReadableCommit(path);
    }

    /// <summary>Opens the last commit of the index at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">There is no index there.</exception>
    /// <exception cref="IndexDamagedException">The index cannot be read.</exception>
    public static ReportIndexReader Open(string path)
    {
        if (!Exists(path))
        {
            if (IndexHealth.IsDamagedWithoutCommit(path))
            {
                throw new IndexDamagedException(path, "it holds index files but no commit point can be read (segments_N, or a segment's .si file, damaged or lost)");
            }
            throw new FileNotFoundException($"no index at {path}: run 'simeng ingest' first (or pass --index DIR)");
        }
        var dir = FSDirectory.Open(path);
        try
        {
            IndexFormat.EnsureReadable(path, dir);
            return IndexHealth.Guard(path, () =>
            {
                var reader = DirectoryReader.Open(dir);
                try
                {
                    // what a writer has not checked yet is checked before it is trusted (one flipped byte is damage, not data)
                    VerifiedFiles.Check(path, dir, reader.IndexCommit, writer: false);
                }
                catch
                {
                    reader.Dispose();
                    throw;
                }
                return new ReportIndexReader(path, dir, reader);
            });
        }
        catch
        {
            dir.Dispose();
            throw;
        }
    }

    /// <summary>Number of reports.</summary>
    public int Count => _reader.NumDocs;

    /// <summary>The format version of the commit read (<see cref="IndexFormat"/>); below <see cref="IndexFormat.Current"/>
    /// it is read as it is and upgraded by the next writer or <c>simeng index upgrade</c>.</summary>
    public int FormatVersion => IndexFormat.Of(_reader.IndexCommit.UserData);

    /// <summary>True when no newer commit has landed since this reader opened (one read of the commit point); false also
    /// when that cannot be told (the index folder replaced or being restored): open it again.</summary>
    public bool IsCurrent()
    {
        try
        {
            return _reader.IsCurrent();
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Identifies the commit read: its generation.</summary>
    public string CommitId => _reader.IndexCommit.Generation.ToString(CultureInfo.InvariantCulture);

    /// <summary>Number of distinct fingerprints.</summary>
    public long FingerprintTerms => Postings.Scan(int.MaxValue, null, null);

    internal static int ReadNextSeq(LuceneDirectory dir, DirectoryReader reader) =>
        ReadCommitData(dir).TryGetValue(Fields.NextSeq, out var s) && int.TryParse(s, out int n) ? n : reader.MaxDoc;

    /// <summary>The commit data of the last commit; empty when there is none.</summary>
    internal static IDictionary<string, string> ReadCommitData(LuceneDirectory dir) =>
        DirectoryReader.IndexExists(dir) ? DirectoryReader.ListCommits(dir)[^1].UserData : new Dictionary<string, string>();

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

    /// <summary>Internal document numbers of all live reports, without reading them.</summary>
    public IReadOnlyList<int> Keys()
    {
        var list = new List<int>(_reader.NumDocs);
        for (int d = 0; d < _reader.MaxDoc; d++)
        {
            if (_live is null || _live.Get(d))
            {
                list.Add(d);
            }
        }
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

    /// <summary>The report with internal number <paramref name="key"/>.</summary>
    public StoredReport Load(int key)
    {
        var doc = _reader.Document(key);
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
            warnings.Length == 0 ? [] : warnings.Split('\n'))
        {
            Pictures = doc.GetBinaryValue(Fields.Pictures) is { } pictures ? PictureCodec.Decode(pictures) : [],
            Evasion = EvasionCodec.Decode(doc.Get(Fields.Evasion)),
        };
    }

    /// <summary>The report with id <paramref name="id"/>, or null.</summary>
    public StoredReport? Find(string id)
    {
        int d = FindDoc(Fields.Id, id);
        return d < 0 ? null : Load(d);
    }

    /// <inheritdoc />
    public StoredReport? FindByHash(string contentHash)
    {
        int d = FindDoc(Fields.Hash, contentHash);
        return d < 0 ? null : Load(d);
    }

    /// <summary>Reports matching <paramref name="query"/> (every word, with or without diacritics), best first; an empty
    /// query lists the latest reports. Reports ingested before search fields existed are found by year only.</summary>
    public IReadOnlyList<ArchiveHit> Search(ArchiveQuery query, int max = 50, int skip = 0)
    {
        skip = Math.Max(0, skip);
        ArgumentNullException.ThrowIfNull(query);
        // PERF: tools/loadtest.py searches — a room of reviewers types the same few searches: the answer of this reader
        // (this commit) is kept, bounded, and never outlives it
        var key = (query, max, skip);
        if (_searches.TryGetValue(key, out var known))
        {
            return known;
        }
        var found = SearchOnce(query, max, skip);
        if (_searches.Count >= MaxSearches)
        {
            _searches.Clear();
        }
        _searches[key] = found;
        return found;
    }

    private readonly System.Collections.Concurrent.ConcurrentDictionary<(ArchiveQuery, int, int), IReadOnlyList<ArchiveHit>> _searches = new();
    private const int MaxSearches = 1024;

    private List<ArchiveHit> SearchOnce(ArchiveQuery query, int max, int skip)
    {
        var bq = new BooleanQuery();
        var firstWords = new List<string>();
        void AddWords(string field, string? text)
        {
            if (string.IsNullOrWhiteSpace(text))
            {
                return;
            }
            var words = FoldingAnalyzer.Words(text);
            if (field == Fields.SearchAll)
            {
                firstWords.AddRange(words);
            }
            foreach (var w in words)
            {
                var variants = FoldingAnalyzer.IyVariants(w);
                if (variants.Count == 1)
                {
                    bq.Add(new TermQuery(new Term(field, w)), Occur.MUST);
                    continue;
                }
                var either = new BooleanQuery();
                foreach (var v in variants)
                {
                    either.Add(new TermQuery(new Term(field, v)), Occur.SHOULD);
                }
                bq.Add(either, Occur.MUST);
            }
            if (words.Count == 0)
            {
                bq.Add(new TermQuery(new Term(field, "\u0000")), Occur.MUST); // punctuation only: nothing matches
            }
        }
        AddWords(Fields.SearchAll, query.Text);
        AddWords(Fields.SearchPrefix + "title", query.Title);
        AddWords(Fields.SearchPrefix + "author", query.Author);
        AddWords(Fields.SearchPrefix + "school", query.School);
        AddWords(Fields.SearchPrefix + "district", query.District);
        if (query.Year is int y)
        {
            bq.Add(new TermQuery(new Term(Fields.Year, y.ToString(CultureInfo.InvariantCulture))), Occur.MUST);
        }
        var searcher = new IndexSearcher(_reader);
        int[] docs;
        if (bq.Clauses.Count == 0)
        {
            docs = Ids().Select(i => i.DocNumber).Reverse().Skip(skip).Take(max).ToArray();
        }
        else
        {
            docs = searcher.Search(bq, Math.Max(1, skip + max)).ScoreDocs.Skip(skip).Select(d => d.Doc).ToArray();
        }
        var hits = new List<ArchiveHit>(docs.Length);
        var finders = SnippetFinders(firstWords);
        foreach (int d in docs)
        {
            // PERF: tools/loadtest.py searches — a hit needs its id, year, date, metadata and text: not the offsets map,
            // pictures or fingerprints that Load decodes; these, the text decompressed and folded, are kept for the next search
            if (!_hitDocs.TryGetValue(d, out var h))
            {
                var doc = _reader.Document(d, HitFields());
                var meta = new Dictionary<string, string>(StringComparer.Ordinal);
                foreach (var f in doc.Fields)
                {
                    if (f.Name.StartsWith(Fields.MetaPrefix, StringComparison.Ordinal))
                    {
                        meta[f.Name[Fields.MetaPrefix.Length..]] = f.GetStringValue();
                    }
                }
                string? year = doc.Get(Fields.Year);
                string text = Fields.Decompress(doc.GetBinaryValue(Fields.Text));
                h = new HitDoc(doc.Get(Fields.Id), year is null ? null : int.Parse(year, CultureInfo.InvariantCulture), doc.Get(Fields.Submitted), meta,
                    text, Folded(text));
                KeepHitDoc(d, h);
            }
            var (snippet, highlight) = Snippet(h.Text, h.Folded, finders);
            hits.Add(new ArchiveHit(h.Id, h.Year, h.Submitted, h.Metadata, snippet)
            {
                Highlight = highlight,
            });
        }
        return hits;
    }

    // the stored fields a search hit reads (the metadata fields are those of this reader's segments)
    private HashSet<string> HitFields()
    {
        if (_hitFields is null)
        {
            var names = new HashSet<string>(StringComparer.Ordinal) { Fields.Id, Fields.Year, Fields.Submitted, Fields.Text };
            foreach (var fi in MultiFields.GetMergedFieldInfos(_reader))
            {
                if (fi.Name.StartsWith(Fields.MetaPrefix, StringComparison.Ordinal))
                {
                    names.Add(fi.Name);
                }
            }
            _hitFields = names;
        }
        return _hitFields;
    }

    private HashSet<string>? _hitFields;

    private sealed record HitDoc(string Id, int? Year, string? Submitted, IReadOnlyDictionary<string, string> Metadata, string Text, string Folded);

    // recent hits by document number (numbers are this reader's: a new commit opens a new reader, so nothing stale is
    // served), up to MaxHitChars characters of text, then started afresh
    private readonly System.Collections.Concurrent.ConcurrentDictionary<int, HitDoc> _hitDocs = new();
    private long _hitChars;
    private const long MaxHitChars = 16L * 1024 * 1024;

    private void KeepHitDoc(int doc, HitDoc hit)
    {
        if (Interlocked.Add(ref _hitChars, hit.Text.Length) > MaxHitChars)
        {
            _hitDocs.Clear();
            Interlocked.Exchange(ref _hitChars, hit.Text.Length);
        }
        _hitDocs[doc] = hit;
    }

    // the patterns a search's snippets look for, built once per search: the words together as typed, then each word
    private static System.Text.RegularExpressions.Regex[] SnippetFinders(List<string> words)
    {
        if (words.Count == 0)
        {
            return [];
        }
        string phrase = FoldingAnalyzer.FoldIy(string.Join(' ', words));
        var spaced = System.Text.RegularExpressions.Regex.Escape(phrase).Replace("\\ ", "\\W+", StringComparison.Ordinal);
        return
        [
            new($@"(?<![\w]){spaced}(?![\w])", System.Text.RegularExpressions.RegexOptions.CultureInvariant),
            .. words.Select(w => new System.Text.RegularExpressions.Regex($@"(?<![\w]){System.Text.RegularExpressions.Regex.Escape(FoldingAnalyzer.FoldIy(w))}(?![\w])",
                System.Text.RegularExpressions.RegexOptions.CultureInvariant)),
        ];
    }

    // Text around the words searched for, compared folded (i/y as one): where they stand together as typed, past the cover
    // page when they are also found there (the cover names the title, which says little); else the first word found.
    private static (string Snippet, IReadOnlyList<int>? Highlight) Snippet(string text, string folded, System.Text.RegularExpressions.Regex[] finders)
    {
        const int Around = 90;
        const int Cover = 400;
        int at = -1, length = 0;
        if (finders.Length > 0)
        {
            // the first place past the cover page where the words stand together, else the first anywhere
            var first = finders[0].Match(folded);
            var best = first;
            for (var m = first; m.Success; m = m.NextMatch())
            {
                if (m.Index >= Cover)
                {
                    best = m;
                    break;
                }
            }
            if (best.Success)
            {
                (at, length) = (best.Index, best.Length);
            }
            else
            {
                foreach (var finder in finders.Skip(1))
                {
                    var m = finder.Match(folded);
                    if (m.Success)
                    {
                        (at, length) = (m.Index, m.Length);
                        break;
                    }
                }
            }
        }
        int from = Math.Max(0, (at < 0 ? 0 : at) - Around);
        int to = Math.Min(text.Length, (at < 0 ? 0 : at + length) + Around);
        string prefix = from > 0 ? "…" : "";
        string snippet = prefix + text[from..to].Replace('\n', ' ') + (to < text.Length ? "…" : "");
        return (snippet, at < 0 ? null : [prefix.Length + at - from, length]);
    }

    // lower case, marks removed, đ as d, a final y after a consonant as i; one character for one (offsets kept)
    private static string Folded(string text)
    {
        var folded = new System.Text.StringBuilder(text.Length);
        foreach (char c in text)
        {
            char l = char.ToLowerInvariant(c);
            // VI: đ is a letter of its own, not d with a mark; the search analyzer folds it to d
            folded.Append(l == 'đ' ? 'd' : SimilarityEngine.Similarity.Text.VietnameseSyllable.Fold(l));
        }
        return FoldingAnalyzer.FoldIy(folded.ToString());
    }

    /// <summary>The document number of the live report with this id, or null (one term look-up, not a listing).</summary>
    public int? DocNumberOf(string id)
    {
        int d = FindDoc(Fields.Id, id ?? "");
        return d < 0 ? null : d;
    }

    private int FindDoc(string field, string value)
    {
        var searcher = new IndexSearcher(_reader);
        var top = searcher.Search(new TermQuery(new Term(field, value)), 1);
        return top.TotalHits == 0 ? -1 : top.ScoreDocs[0].Doc;
    }

    /// <summary>In how many reports fingerprint <paramref name="fingerprint"/> occurs.</summary>
    public int DocFreq(ulong fingerprint) => Postings.DocFreq(fingerprint);

    /// <inheritdoc />
    public Func<ulong, bool> CommonFingerprints(int cutOff)
    {
        var set = new HashSet<ulong>();
        Postings.Scan(cutOff, (key, _) => set.Add(key), null);
        return fp => set.Contains(fp & Fields.Mask);
    }

    /// <inheritdoc />
    public FingerprintCensus Census(int cutOff)
    {
        // PERF: MacroBenchmark screen — one pass over the sorted postings; fingerprints of one report only are not kept
        var common = new Dictionary<ulong, int>();
        var shared = new List<ulong>();
        Postings.Scan(cutOff, (key, df) => common[key] = df, shared);
        return new FingerprintCensus(common, shared.ToArray(), Fields.Mask);
    }

    private static readonly HashSet<string> s_screenFields =
        [Fields.Id, Fields.Seq, Fields.Submitted, Fields.Year, Fields.MetaPrefix + StoredReport.CollectionKey, Fields.Match, Fields.MatchKey, Fields.Evasion];

    /// <inheritdoc />
    public ScreenRecord ReadScreenRecord(int key)
    {
        var doc = _reader.Document(key, s_screenFields);
        string? year = doc.Get(Fields.Year);
        string? collection = doc.Get(Fields.MetaPrefix + StoredReport.CollectionKey);
        var match = doc.GetBinaryValue(Fields.Match);
        return new ScreenRecord(doc.Get(Fields.Id), doc.Get(Fields.Submitted), year is null ? null : int.Parse(year, CultureInfo.InvariantCulture),
            doc.GetField(Fields.Seq).GetInt32Value() ?? 0, string.IsNullOrWhiteSpace(collection) ? null : collection,
            match is null ? null : match.Bytes.AsSpan(match.Offset, match.Length).ToArray(), doc.Get(Fields.MatchKey))
        {
            Evasion = EvasionCodec.Decode(doc.Get(Fields.Evasion)),
        };
    }

    /// <inheritdoc />
    public IReadOnlySet<ulong> CommonAmong(IReadOnlyCollection<ulong> fingerprints, int cutOff)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        return Postings.CommonAmong(fingerprints, cutOff);
    }

    /// <inheritdoc />
    public Dictionary<ulong, int> DocFrequencies(IReadOnlyCollection<ulong> fingerprints)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        return Postings.Frequencies(fingerprints);
    }

    /// <inheritdoc />
    public Dictionary<int, int> FindCandidates(IReadOnlyCollection<ulong> fingerprints, int maxDocFreq)
    {
        ArgumentNullException.ThrowIfNull(fingerprints);
        return Postings.Candidates(fingerprints, maxDocFreq);
    }

    /// <inheritdoc />
    public Dictionary<int, int> FindByPictures(IReadOnlyCollection<ulong> terms, int maxDocFreq) =>
        CountDocs(Fields.PictureTerm, terms, maxDocFreq);

    /// <inheritdoc />
    public int PictureFrequency(ulong exact) =>
        _reader.DocFreq(new Term(Fields.PictureTerm, Fields.Term(Similarity.Pictures.PictureHash.ExactTerm(exact))));

    // Documents holding each term of field, counted over the terms; terms in more than maxDocFreq documents are skipped.
    private Dictionary<int, int> CountDocs(string field, IReadOnlyCollection<ulong> fingerprints, int maxDocFreq)
    {
        var counts = new Dictionary<int, int>();
        // PERF: CandidateBenchmarks — terms sorted once, then each segment is walked forward with its own enumerator
        var terms = fingerprints.Select(f => new BytesRef(Fields.Term(f))).ToArray();
        Array.Sort(terms, (x, y) => x.CompareTo(y));
        foreach (var leaf in _reader.Leaves)
        {
            var reader = leaf.AtomicReader;
            var segTerms = reader.GetTerms(field);
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

    /// <summary>Size of the index folder in bytes (the postings files included).</summary>
    public long SizeOnDisk()
    {
        var postings = new DirectoryInfo(System.IO.Path.Combine(Path, PostingsRun.Folder));
        return new DirectoryInfo(Path).EnumerateFiles().Sum(f => f.Length) + (postings.Exists ? postings.EnumerateFiles().Sum(f => f.Length) : 0);
    }

    /// <summary>Runs Lucene's CheckIndex; returns true when the index is clean.</summary>
    public static bool CheckIndex(string path, TextWriter? log = null)
    {
        using var dir = CommittedView.OpenLastComplete(path);
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
        _postings?.Dispose();
        _reader.Dispose();
        _dir.Dispose();
    }
}
