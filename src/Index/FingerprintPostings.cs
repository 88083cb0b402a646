using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Indexing;

/// <summary>Which reports hold which fingerprint, for one commit of the index: the sorted postings files of
/// <see cref="PostingsRun.Folder"/> that cover the commit's reports, and, for reports no file covers yet (committed by a
/// writer that has not written their file, an index restored from a backup, an index written by an older version), the
/// postings computed from the stored fields in memory. Postings name reports by sequence number; a report replaced or
/// dropped since is skipped here, by the map from sequence number to live document.</summary>
/// <remarks>PERF: MacroBenchmark ingest — Lucene inverted about 400 distinct fingerprint terms per report, two thirds of
/// ingest's busy time; a sorted file per commit costs a sort and a sequential write.</remarks>
internal sealed class FingerprintPostings : IDisposable
{
    /// <summary>Most reports whose postings are built in memory at once (≈ 400 postings of 12 bytes each per report).</summary>
    public const int BuildChunk = 50_000;

    private readonly List<PostingsRun> _runs;
    private readonly int[] _docOfSeq;

    private FingerprintPostings(List<PostingsRun> runs, int[] docOfSeq, int computed)
    {
        _runs = runs;
        _docOfSeq = docOfSeq;
        ComputedReports = computed;
    }

    /// <summary>Sequence numbers whose postings no file held, computed at open.</summary>
    public int ComputedReports { get; }

    /// <summary>Opens the postings of the commit <paramref name="reader"/> reads.</summary>
    /// <param name="indexPath">The index folder.</param>
    /// <param name="reader">A reader of the commit.</param>
    /// <param name="indexId">The index id of the commit, or null (an index no writer of this version has opened): no file is trusted.</param>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "each mapped run belongs to the postings returned, which dispose them")]
    public static FingerprintPostings Open(string indexPath, IndexReader reader, Guid? indexId)
    {
        var docOfSeq = DocOfSeq(reader);
        int hi = docOfSeq.Length;
        for (int attempt = 0; ; attempt++)
        {
            var runs = new List<PostingsRun>();
            try
            {
                if (indexId is { } id)
                {
                    foreach (var (_, _, path) in Chain(Path.Combine(indexPath, PostingsRun.Folder), id, int.MaxValue))
                    {
                        if (PostingsRun.TryMap(path, id) is not { } run)
                        {
                            break; // replaced since it was listed: the rest is computed below
                        }
                        runs.Add(run);
                    }
                }
                int covered = runs.Count == 0 ? 0 : runs[^1].Hi;
                int computed = Math.Max(0, hi - covered);
                if (covered < hi)
                {
                    runs.Add(PostingsRun.InMemory(covered, hi, Build(reader, docOfSeq, covered, hi)));
                }
                return new FingerprintPostings(runs, docOfSeq, computed);
            }
            catch (FileNotFoundException) when (attempt < 10)
            {
                // a writer merged files away between listing and mapping them: list again
                runs.ForEach(r => r.Dispose());
            }
            catch
            {
                runs.ForEach(r => r.Dispose());
                throw;
            }
        }
    }

    /// <summary>The files that cover [0, …) without gaps or overlaps, longest first at every step; files of another index,
    /// half-written ones and those reaching past <paramref name="maxHi"/> are left out.</summary>
    internal static List<(int Lo, int Hi, string Path)> Chain(string folder, Guid indexId, int maxHi)
    {
        var byLo = new Dictionary<int, (int Hi, string Path)>();
        if (System.IO.Directory.Exists(folder))
        {
            foreach (var path in System.IO.Directory.EnumerateFiles(folder, "*.fpp"))
            {
                if (PostingsRun.TryParseName(Path.GetFileName(path), out int lo, out int hi) && hi <= maxHi
                    && (!byLo.TryGetValue(lo, out var other) || other.Hi < hi) && HeaderOk(path, indexId))
                {
                    byLo[lo] = (hi, path);
                }
            }
        }
        var chain = new List<(int, int, string)>();
        int at = 0;
        while (byLo.TryGetValue(at, out var next))
        {
            chain.Add((at, next.Hi, next.Path));
            at = next.Hi;
        }
        return chain;
    }

    private static bool HeaderOk(string path, Guid indexId)
    {
        try
        {
            return PostingsRun.IsWhole(path, indexId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>The live document of every sequence number, −1 where none (replaced, dropped, never committed).</summary>
    internal static int[] DocOfSeq(IndexReader reader)
    {
        var leaves = new List<(int Base, int[] Seqs, IBits? Live)>();
        int max = -1;
        foreach (var leaf in reader.Leaves)
        {
            var r = leaf.AtomicReader;
            var live = r.LiveDocs;
            var seqs = SeqsOf(r);
            for (int d = 0; d < seqs.Length; d++)
            {
                if (live is null || live.Get(d))
                {
                    max = Math.Max(max, seqs[d]);
                }
            }
            leaves.Add((leaf.DocBase, seqs, live));
        }
        var map = new int[max + 1];
        Array.Fill(map, -1);
        foreach (var (docBase, seqs, live) in leaves)
        {
            for (int d = 0; d < seqs.Length; d++)
            {
                if (live is null || live.Get(d))
                {
                    map[seqs[d]] = docBase + d;
                }
            }
        }
        return map;
    }

    // PERF: benchmarks/README.md "The reviewer's wait" — the sequence numbers of one segment from their doc values; the
    // indexed field is uninverted only for reports written before those existed (or merged with them, which have none)
    private static int[] SeqsOf(AtomicReader r)
    {
        var seqs = new int[r.MaxDoc];
        var values = r.GetNumericDocValues(Fields.SeqValue);
        var with = values is null ? null : r.GetDocsWithField(Fields.SeqValue);
        FieldCache.Int32s? uninverted = null;
        for (int d = 0; d < seqs.Length; d++)
        {
            seqs[d] = with is not null && with.Get(d)
                ? (int)values!.Get(d)
                : (uninverted ??= FieldCache.DEFAULT.GetInt32s(r, Fields.Seq, FieldCache.NUMERIC_UTILS_INT32_PARSER, false)).Get(d);
        }
        return seqs;
    }

    internal static Posting[] Build(IndexReader reader, int[] docOfSeq, int lo, int hi)
    {
        var postings = new List<Posting>();
        var fromTerms = new Dictionary<int, int>();
        var fields = new HashSet<string> { Fields.Match };
        for (int s = lo; s < Math.Min(hi, docOfSeq.Length); s++)
        {
            int d = docOfSeq[s];
            if (d < 0)
            {
                continue;
            }
            var match = reader.Document(d, fields).GetBinaryValue(Fields.Match);
            if (match is null)
            {
                fromTerms[d] = s;
                continue;
            }
            foreach (ulong key in StoredFingerprints.Keys(match.Bytes.AsSpan(match.Offset, match.Length)))
            {
                postings.Add(new Posting(key & Fields.Mask, s));
            }
        }
        if (fromTerms.Count > 0)
        {
            foreach (var leaf in reader.Leaves)
            {
                var terms = leaf.AtomicReader.GetTerms(Fields.Fingerprint);
                if (terms is null)
                {
                    continue;
                }
                var te = terms.GetEnumerator();
                DocsEnum? docs = null;
                while (te.MoveNext())
                {
                    ulong key = Fields.FromTerm(te.Term);
                    docs = te.Docs(leaf.AtomicReader.LiveDocs, docs, DocsFlags.NONE);
                    int d;
                    while ((d = docs.NextDoc()) != DocIdSetIterator.NO_MORE_DOCS)
                    {
                        if (fromTerms.TryGetValue(leaf.DocBase + d, out int seq))
                        {
                            postings.Add(new Posting(key, seq));
                        }
                    }
                }
            }
        }
        return SortDistinct(postings);
    }

    /// <summary>Sorts postings and drops repeats (two fingerprints of a report equal in their low 48 bits).</summary>
    internal static Posting[] SortDistinct(List<Posting> postings)
    {
        var span = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(postings);
        span.Sort();
        int n = 0;
        for (int i = 0; i < span.Length; i++)
        {
            if (n == 0 || span[i] != span[n - 1])
            {
                span[n++] = span[i];
            }
        }
        return span[..n].ToArray();
    }

    private static int LowerBound(ReadOnlySpan<Posting> span, int from, ulong key)
    {
        int lo = from;
        int hi = span.Length;
        while (lo < hi)
        {
            int mid = (int)((uint)(lo + hi) >> 1);
            if (span[mid].Key < key)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    // the live documents holding key, appended to docs; cursors[r] moves forward (keys are asked in ascending order)
    private void Collect(ulong key, int[] cursors, List<int> docs)
    {
        for (int r = 0; r < _runs.Count; r++)
        {
            var span = _runs[r].Postings;
            int i = LowerBound(span, cursors[r], key);
            cursors[r] = i;
            for (; i < span.Length && span[i].Key == key; i++)
            {
                int seq = span[i].Seq;
                if ((uint)seq < (uint)_docOfSeq.Length && _docOfSeq[seq] >= 0)
                {
                    docs.Add(_docOfSeq[seq]);
                }
            }
        }
    }

    private static ulong[] SortedKeys(IEnumerable<ulong> fingerprints)
    {
        var keys = fingerprints.Select(f => f & Fields.Mask).Distinct().ToArray();
        Array.Sort(keys);
        return keys;
    }

    /// <summary>Number of live reports holding the fingerprint.</summary>
    public int DocFreq(ulong fingerprint)
    {
        var docs = new List<int>();
        Collect(fingerprint & Fields.Mask, new int[_runs.Count], docs);
        return docs.Count;
    }

    // the live documents holding each of the query's keys, the keys in ascending order (docs is reused from key to key)
    private void ForEachKey(IEnumerable<ulong> fingerprints, Action<ulong, List<int>> action)
    {
        var cursors = new int[_runs.Count];
        var docs = new List<int>();
        foreach (ulong key in SortedKeys(fingerprints))
        {
            docs.Clear();
            Collect(key, cursors, docs);
            action(key, docs);
        }
    }

    /// <summary>Live documents sharing fingerprints with the query: document → number of fingerprints shared; fingerprints in
    /// more than <paramref name="maxDocFreq"/> reports are skipped.</summary>
    public Dictionary<int, int> Candidates(IReadOnlyCollection<ulong> fingerprints, int maxDocFreq)
    {
        var counts = new Dictionary<int, int>();
        ForEachKey(fingerprints, (_, docs) =>
        {
            if (docs.Count <= maxDocFreq)
            {
                foreach (int d in docs)
                {
                    counts[d] = counts.TryGetValue(d, out int c) ? c + 1 : 1;
                }
            }
        });
        return counts;
    }

    /// <summary>The number of live reports holding each of the query's fingerprints (those held by none are left out).</summary>
    public Dictionary<ulong, int> Frequencies(IReadOnlyCollection<ulong> fingerprints)
    {
        var byKey = new Dictionary<ulong, int>();
        ForEachKey(fingerprints, (key, docs) =>
        {
            if (docs.Count > 0)
            {
                byKey[key] = docs.Count;
            }
        });
        var result = new Dictionary<ulong, int>();
        foreach (ulong f in fingerprints)
        {
            if (byKey.TryGetValue(f & Fields.Mask, out int df))
            {
                result[f] = df;
            }
        }
        return result;
    }

    /// <summary>The fingerprints among the query's found in more than <paramref name="cutOff"/> live reports.</summary>
    public IReadOnlySet<ulong> CommonAmong(IReadOnlyCollection<ulong> fingerprints, int cutOff)
    {
        var common = new HashSet<ulong>();
        var commonKeys = new HashSet<ulong>();
        ForEachKey(fingerprints, (key, docs) =>
        {
            if (docs.Count > cutOff)
            {
                commonKeys.Add(key);
            }
        });
        foreach (ulong f in fingerprints)
        {
            if (commonKeys.Contains(f & Fields.Mask))
            {
                common.Add(f);
            }
        }
        return common;
    }

    /// <summary>One pass over every fingerprint: those in more than <paramref name="cutOff"/> live reports go to
    /// <paramref name="common"/> with their frequency, those in 2 to cut-off to <paramref name="shared"/> (ascending) when given.</summary>
    /// <returns>The number of distinct fingerprints held by at least one live report.</returns>
    public unsafe long Scan(int cutOff, Action<ulong, int>? common, List<ulong>? shared)
    {
        // PERF: MacroBenchmark screen — a k-way merge over raw pointers with a binary heap of runs ordered by their next key:
        // every posting is read once
        int k = _runs.Count;
        var next = new Posting*[k];
        var end = new Posting*[k];
        var heap = new int[k];
        int size = 0;
        for (int r = 0; r < k; r++)
        {
            next[r] = _runs[r].Start;
            end[r] = next[r] + _runs[r].Count;
            if (next[r] < end[r])
            {
                heap[size++] = r;
            }
        }
        for (int i = size / 2 - 1; i >= 0; i--)
        {
            SiftDown(heap, size, i, next);
        }
        long distinct = 0;
        int[] docOfSeq = _docOfSeq;
        while (size > 0)
        {
            ulong key = next[heap[0]]->Key;
            int df = 0;
            while (size > 0 && next[heap[0]]->Key == key)
            {
                int r = heap[0];
                Posting* p = next[r];
                for (; p < end[r] && p->Key == key; p++)
                {
                    if ((uint)p->Seq < (uint)docOfSeq.Length && docOfSeq[p->Seq] >= 0)
                    {
                        df++;
                    }
                }
                next[r] = p;
                if (p == end[r])
                {
                    heap[0] = heap[--size];
                }
                SiftDown(heap, size, 0, next);
            }
            if (df == 0)
            {
                continue;
            }
            distinct++;
            if (df > cutOff)
            {
                common?.Invoke(key, df);
            }
            else if (df >= 2)
            {
                shared?.Add(key);
            }
        }
        return distinct;
    }

    private static unsafe void SiftDown(int[] heap, int size, int i, Posting*[] next)
    {
        while (true)
        {
            int l = 2 * i + 1;
            if (l >= size)
            {
                return;
            }
            int c = l + 1 < size && next[heap[l + 1]]->Key < next[heap[l]]->Key ? l + 1 : l;
            if (next[heap[c]]->Key >= next[heap[i]]->Key)
            {
                return;
            }
            (heap[c], heap[i]) = (heap[i], heap[c]);
            i = c;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _runs.ForEach(r => r.Dispose());
}
