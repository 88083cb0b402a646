namespace SimilarityEngine.Similarity.Alignment;

/// <summary>Seeds passages at shared shingles, then chains seeds that lie close on both sides.</summary>
/// <remarks>Seed-and-extend in the manner of BLAST (Altschul et al. 1990) and of the passage merging of
/// MOSS (Schleimer et al. 2003): exact k-syllable seeds, chained while both the gap and the drift between
/// the two sides stay under <see cref="AlignmentOptions.MaxGap"/>, so that edits, swapped values and
/// inserted words are bridged, while reordered paragraphs simply become separate passages.</remarks>
public sealed class SeedExtendAligner : IPassageAligner
{
    private readonly AlignmentOptions _options;

    /// <summary>Creates an aligner.</summary>
    public SeedExtendAligner(AlignmentOptions? options = null) => _options = options ?? AlignmentOptions.Default;

    private struct Chain
    {
        public int FirstI;
        public int LastI;
        public int FirstJ;
        public int MinJ;
        public int MaxJ;
        public int LastJ;
        public int Seeds;
    }

    /// <inheritdoc />
    public IReadOnlyList<Passage> Align(AlignmentSide submission, AlignmentSide source, int k)
    {
        var src = source.Shingles;
        // hash -> positions in the source (chained in arrays: no per-hash list allocation)
        var head = new Dictionary<ulong, int>(src.Length);
        var next = new int[src.Length];
        var counts = new Dictionary<ulong, int>();
        for (int j = src.Length - 1; j >= 0; j--)
        {
            if (!source.Usable[j])
            {
                continue;
            }
            ulong h = src[j];
            next[j] = head.TryGetValue(h, out int first) ? first : -1;
            head[h] = j;
            counts[h] = counts.TryGetValue(h, out int c) ? c + 1 : 1;
        }

        var result = new List<Passage>();
        var active = new List<Chain>();
        int maxGap = _options.MaxGap;
        var sub = submission.Shingles;
        for (int i = 0; i < sub.Length; i++)
        {
            // close chains that can no longer grow
            for (int a = active.Count - 1; a >= 0; a--)
            {
                if (i - active[a].LastI > maxGap)
                {
                    Emit(active[a], k, result);
                    active.RemoveAt(a);
                }
            }
            if (!submission.Usable[i] || !head.TryGetValue(sub[i], out int j) || counts[sub[i]] > _options.MaxOccurrences)
            {
                continue;
            }
            for (; j >= 0; j = next[j])
            {
                int best = -1;
                int bestDrift = int.MaxValue;
                for (int a = 0; a < active.Count; a++)
                {
                    var ch = active[a];
                    int di = i - ch.LastI;
                    int dj = j - ch.LastJ;
                    if (dj <= 0 || dj > maxGap)
                    {
                        continue;
                    }
                    int drift = Math.Abs(di - dj);
                    if (drift <= maxGap && drift < bestDrift)
                    {
                        best = a;
                        bestDrift = drift;
                    }
                }
                if (best >= 0)
                {
                    var ch = active[best];
                    ch.LastI = i;
                    ch.LastJ = j;
                    ch.MinJ = Math.Min(ch.MinJ, j);
                    ch.MaxJ = Math.Max(ch.MaxJ, j);
                    ch.Seeds++;
                    active[best] = ch;
                }
                else
                {
                    active.Add(new Chain { FirstI = i, LastI = i, FirstJ = j, MinJ = j, MaxJ = j, LastJ = j, Seeds = 1 });
                }
            }
        }
        foreach (var ch in active)
        {
            Emit(ch, k, result);
        }
        result.Sort(static (x, y) => x.SubmissionStart != y.SubmissionStart
            ? x.SubmissionStart.CompareTo(y.SubmissionStart)
            : x.SourceStart.CompareTo(y.SourceStart));
        return result;
    }

    private void Emit(in Chain ch, int k, List<Passage> result)
    {
        int len = ch.LastI + k - ch.FirstI;
        if (ch.Seeds >= _options.MinSeeds && len >= _options.MinPassageSyllables)
        {
            result.Add(new Passage(ch.FirstI, ch.LastI + k, ch.MinJ, ch.MaxJ + k, ch.Seeds));
        }
    }
}
