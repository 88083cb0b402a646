using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>Finds the families of copies (<see cref="CopyFamilies"/>) that bring common fingerprints back under the
/// boilerplate cut-off: over the whole archive for screen, around one report for check.</summary>
internal static class Families
{
    /// <summary>The family keys of a report: its kept hashes filed by <paramref name="key"/>, distinct, sorted, those in more
    /// than <see cref="BoilerplateOptions.FamilyMax"/> reports left out; <paramref name="common"/> counts those in more than
    /// <paramref name="cutOff"/>.</summary>
    public static ulong[] KeysOf(List<ulong> kept, Func<ulong, ulong> key, Func<ulong, int> frequency, BoilerplateOptions options, int cutOff,
        out int common)
    {
        var keys = new List<ulong>(kept.Count);
        foreach (ulong h in kept)
        {
            keys.Add(key(h));
        }
        keys.Sort();
        int n = 0;
        common = 0;
        for (int i = 0; i < keys.Count; i++)
        {
            if (n > 0 && keys[n - 1] == keys[i])
            {
                continue;
            }
            int df = frequency(keys[i]);
            if (df > options.FamilyMax)
            {
                continue;
            }
            common += df > cutOff ? 1 : 0;
            keys[n++] = keys[i];
        }
        return [.. keys.GetRange(0, n)];
    }

    /// <summary>Joins the members into families and returns the keys common by their raw frequency that are found in at
    /// most <paramref name="cutOff"/> reports once every family counts once.</summary>
    /// <param name="members">Number of members.</param>
    /// <param name="postings">The band keys of the members' signatures.</param>
    /// <param name="keysOf">A member's family keys.</param>
    /// <param name="frequency">A key's raw document frequency (0 when not above the cut-off is fine).</param>
    /// <param name="options">Family options.</param>
    /// <param name="cutOff">The boilerplate cut-off.</param>
    /// <param name="families">Number of families of two members or more.</param>
    public static HashSet<ulong> Collapse(int members, List<(ulong Band, int Member)> postings, Func<int, ulong[]> keysOf,
        Func<ulong, int> frequency, BoilerplateOptions options, int cutOff, out int families)
    {
        var finder = new FamilyFinder(members, keysOf, options);
        CopyFamilies.Pairs(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(postings), options.FamilyMax, finder.Consider);
        var found = finder.Families();
        families = found.Count;
        var result = new HashSet<ulong>();
        foreach (var (key, reduction) in finder.Reductions(found, k => frequency(k) > cutOff))
        {
            if (frequency(key) - reduction <= cutOff)
            {
                result.Add(key);
            }
        }
        return result;
    }

    /// <summary>Adds a member's signature to <paramref name="postings"/>.</summary>
    public static void AddSignature(List<(ulong Band, int Member)> postings, ReadOnlySpan<ulong> keys, int member)
    {
        Span<ulong> bands = stackalloc ulong[CopyFamilies.Bands];
        int n = CopyFamilies.Signature(keys, bands);
        for (int i = 0; i < n; i++)
        {
            postings.Add((bands[i], member));
        }
    }

    /// <summary>Around one report (check): the fingerprints of the archive that are common by their raw frequency but not once
    /// the families among the report and the reports sharing its common text count once.</summary>
    /// <param name="corpus">The archive.</param>
    /// <param name="subject">The report's stored fingerprints.</param>
    /// <param name="self">Its key when it is in the archive.</param>
    /// <param name="dataOf">The stored fingerprints of an archive report.</param>
    /// <param name="options">Family options.</param>
    /// <param name="fingerprint">The fingerprint options.</param>
    /// <param name="cutOff">The boilerplate cut-off.</param>
    public static HashSet<ulong> Around(ICorpus corpus, byte[] subject, int? self, Func<int, byte[]> dataOf, BoilerplateOptions options,
        Similarity.Fingerprints.FingerprintOptions fingerprint, int cutOff)
    {
        var kept = new List<ulong>();
        StoredFingerprints.Usable(subject, _ => false, fingerprint, [], kept);
        var df = corpus.DocFrequencies(kept);
        int Frequency(ulong k) => df.GetValueOrDefault(k);
        var mine = KeysOf(kept, k => k, Frequency, options, cutOff, out int common);
        if (!options.MayHaveFamily(mine.Length, common))
        {
            return [];
        }
        var commonKeys = mine.Where(k => Frequency(k) > cutOff).ToList();
        // the reports holding most of its common text: its copies, and the copies of what it copied
        var holders = corpus.FindCandidates(commonKeys, options.FamilyMax);
        if (self is int s)
        {
            holders.Remove(s);
        }
        var others = holders.Where(kv => kv.Value * 10 >= commonKeys.Count)
            .OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key).Take(MaxNeighbours).Select(kv => kv.Key).ToList();
        if (others.Count == 0)
        {
            return [];
        }
        var theirKept = others.Select(k =>
        {
            var list = new List<ulong>();
            StoredFingerprints.Usable(dataOf(k), _ => false, fingerprint, [], list);
            return list;
        }).ToList();
        // the frequencies of their keys too, in one more pass
        var unknown = theirKept.SelectMany(l => l).Where(k => !df.ContainsKey(k)).Distinct().ToList();
        foreach (var (k, n) in corpus.DocFrequencies(unknown))
        {
            df[k] = n;
        }
        var keys = new ulong[others.Count + 1][];
        keys[0] = mine;
        var postings = new List<(ulong, int)>();
        AddSignature(postings, mine, 0);
        for (int i = 0; i < others.Count; i++)
        {
            keys[i + 1] = KeysOf(theirKept[i], k => k, Frequency, options, cutOff, out _);
            AddSignature(postings, keys[i + 1], i + 1);
        }
        // the subject is not in the archive's frequencies when it is checked from outside: it adds one to its family's
        // members, and one to what it removes, so the comparison with the cut-off is the same
        return Collapse(keys.Length, postings, m => keys[m], Frequency, options, cutOff, out _);
    }

    /// <summary>At most this many reports sharing a checked report's common text are compared with it.</summary>
    public const int MaxNeighbours = 200;
}
