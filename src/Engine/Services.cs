using System.Collections.Concurrent;
using SimilarityEngine.Indexing;
using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>Which engine, options and index commit a report was computed with.</summary>
public sealed record EngineStamp(string Engine, string Version, string OptionsHash, string IndexCommit, int IndexReports, string ComputedAt);

/// <summary>The result of checking one submission.</summary>
public sealed record CheckResult(EngineStamp Stamp, StoredReport Submission, MaskedDocument SubmissionDoc, bool InIndex,
    double SimilarityIndex, IReadOnlyList<PairResult> Sources);

/// <summary>The result of screening a corpus.</summary>
public sealed record ScreenResult(EngineStamp Stamp, int? Year, int Screened, int PairsCompared, IReadOnlyList<PairResult> Flagged,
    IReadOnlyList<IReadOnlyList<string>> Clusters);

/// <summary>Check and screen, for every front end.</summary>
public sealed class SimilarityService
{
    private readonly EngineOptions _options;
    private readonly DocumentReader _reader;

    /// <summary>Creates the service.</summary>
    public SimilarityService(EngineOptions? options = null, DocumentReader? reader = null)
    {
        _options = options ?? EngineOptions.Default;
        _reader = reader ?? new DocumentReader();
    }

    private EngineStamp Stamp(ReportIndexReader index) =>
        new("SimilarityEngine", EngineOptions.EngineVersion, _options.Hash, index.CommitId, index.Count,
            DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>Checks <paramref name="file"/> against every report in the index submitted before it.</summary>
    /// <exception cref="DocumentFormatException">The file cannot be read.</exception>
    public CheckResult Check(string indexPath, string file, IReadOnlyDictionary<string, string>? metadata = null, CancellationToken ct = default)
    {
        using var index = ReportIndexReader.Open(indexPath);
        var doc = _reader.Read(file, ct);
        var input = new ReportInput(Path.GetFileNameWithoutExtension(file), file, null, null, metadata ?? new Dictionary<string, string>());
        var report = IngestService.ToStored(input, doc);
        bool inIndex = false;
        if (index.FindByHash(report.ContentHash) is { } stored)
        {
            report = stored;
            inIndex = true;
        }
        var matcher = new CorpusMatcher(index, _options);
        var subDoc = matcher.Prepare(report, cache: false);
        var results = new List<PairResult>();
        foreach (var (docNumber, _) in matcher.Candidates(subDoc))
        {
            ct.ThrowIfCancellationRequested();
            var source = index.Load(docNumber);
            if (source.Id == report.Id && source.ContentHash == report.ContentHash)
            {
                continue;
            }
            if (inIndex && CorpusMatcher.CompareSubmission(source, report) >= 0)
            {
                continue; // only what was submitted before it
            }
            var r = matcher.Match(report, subDoc, source);
            if (r.Verdict != Verdict.None)
            {
                results.Add(r);
            }
        }
        results.Sort((a, b) => b.Score.Containment.CompareTo(a.Score.Containment));
        double union = matcher.Union(subDoc, results.Select(r => r.Score));
        return new CheckResult(Stamp(index), report, subDoc, inIndex, union, results);
    }

    /// <summary>Screens every report of <paramref name="year"/> (all when null) against earlier reports and the rest of its year.</summary>
    public ScreenResult Screen(string indexPath, int? year, IProgressSink? progress = null, CancellationToken ct = default)
    {
        using var index = ReportIndexReader.Open(indexPath);
        var matcher = new CorpusMatcher(index, _options, bulk: true);
        var ids = index.Ids();
        var meta = new ConcurrentDictionary<int, (int? Year, string Id)>();
        // pass 1: every report's usable fingerprints, into an in-memory inverted index. The prepared reports are not kept
        // (memory grows with the corpus); pass 2 prepares again only the reports that have candidates.
        // PERF: MacroBenchmark screen — one in-memory postings lookup per fingerprint instead of a term seek per segment
        var usable = new ulong[ids.Count][];
        int prepared = 0;
        Parallel.For(0, ids.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, k =>
        {
            var r = index.Load(ids[k].DocNumber);
            meta[k] = (r.Year, r.Id);
            usable[k] = [.. CorpusMatcher.UsableFingerprints(matcher.Prepare(r, cache: false))];
            progress?.Report("screen: fingerprints", Interlocked.Increment(ref prepared), ids.Count);
        });
        progress?.Done();
        var postings = new Dictionary<ulong, List<int>>();
        for (int k = 0; k < usable.Length; k++)
        {
            foreach (var h in usable[k])
            {
                (postings.TryGetValue(h, out var l) ? l : postings[h] = []).Add(k);
            }
        }
        var subjects = Enumerable.Range(0, ids.Count).Where(k => year is null || meta[k].Year == year).ToList();
        var done = new ConcurrentDictionary<(int, int), bool>();
        var flagged = new ConcurrentBag<PairResult>();
        int compared = 0;
        int finished = 0;
        int cutOff = matcher.CommonCutOff;
        Parallel.ForEach(subjects, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = ct }, s =>
        {
            var shared = new Dictionary<int, int>();
            foreach (var h in usable[s])
            {
                var list = postings[h];
                if (list.Count > cutOff)
                {
                    continue;
                }
                foreach (int c in list)
                {
                    if (c != s)
                    {
                        shared[c] = shared.TryGetValue(c, out int n) ? n + 1 : 1;
                    }
                }
            }
            StoredReport? subject = null;
            foreach (var (c, _) in matcher.Rank(shared))
            {
                if (!done.TryAdd((Math.Min(s, c), Math.Max(s, c)), true))
                {
                    continue;
                }
                if (year is not null && (meta[c].Year is null || meta[c].Year > year))
                {
                    continue; // later years are not this screen's business
                }
                subject ??= index.Load(ids[s].DocNumber);
                var other = index.Load(ids[c].DocNumber);
                bool subjectLater = CorpusMatcher.CompareSubmission(subject, other) > 0;
                var sub = subjectLater ? subject : other;
                var src = subjectLater ? other : subject;
                var r = matcher.Match(sub, matcher.Prepare(sub), src);
                Interlocked.Increment(ref compared);
                if (r.Verdict is Verdict.Recycled or Verdict.NearDuplicate)
                {
                    flagged.Add(r);
                }
            }
            progress?.Report("screen: pairs", Interlocked.Increment(ref finished), subjects.Count);
        });
        progress?.Done();
        var list = flagged.OrderBy(p => p.Submission.Id, StringComparer.Ordinal).ThenBy(p => p.Source.Id, StringComparer.Ordinal).ToList();
        return new ScreenResult(Stamp(index), year, subjects.Count, compared, list, Clusters(list));
    }

    /// <summary>Connected groups of flagged reports, each oldest first.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Clusters(IReadOnlyList<PairResult> pairs)
    {
        var parent = new Dictionary<string, string>(StringComparer.Ordinal);
        var byId = new Dictionary<string, StoredReport>(StringComparer.Ordinal);
        string Find(string x)
        {
            while (parent[x] != x)
            {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            return x;
        }
        foreach (var p in pairs)
        {
            foreach (var r in new[] { p.Submission, p.Source })
            {
                byId[r.Id] = r;
                parent.TryAdd(r.Id, r.Id);
            }
            string a = Find(p.Submission.Id);
            string b = Find(p.Source.Id);
            if (a != b)
            {
                parent[a] = b;
            }
        }
        return parent.Keys.GroupBy(Find)
            .Select(g => (IReadOnlyList<string>)g.Select(id => byId[id]).Order(Comparer<StoredReport>.Create(CorpusMatcher.CompareSubmission)).Select(r => r.Id).ToList())
            .OrderBy(g => g[0], StringComparer.Ordinal)
            .ToList();
    }
}
