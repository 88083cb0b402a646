using System.Numerics;

namespace SimilarityEngine.Similarity.Matching;

/// <summary>Copies of one report count once when the corpus cut-off decides what is boilerplate. A report sold or passed
/// to many teachers, with its copies, is a <em>family</em>: reports that share at least
/// <see cref="BoilerplateOptions.FamilyShare"/> of the smaller one's fingerprints, joined transitively. A fingerprint is
/// boilerplate when it is found in more than the cut-off of <em>different</em> reports, a family counting as one: a law
/// quoted in 30 unrelated reports stays boilerplate, a report copied by 30 teachers is flagged in every pair.</summary>
/// <remarks>
/// <para>The fingerprints compared (a report's <em>family keys</em>) are those the report itself does not rule out
/// (template, official texts, repeats, quotations, references) and that are found in at most
/// <see cref="BoilerplateOptions.FamilyMax"/> reports.</para>
/// <para>Candidate pairs come from a MinHash signature (one permutation, 64 bins, 32 bands of 2 bins): two reports sharing
/// half of their keys have a resemblance of at least 1/3 and meet in some band with probability ≥ 0.97; unrelated reports
/// almost never do. Every candidate is verified on the keys themselves before it joins a family.</para>
/// </remarks>
public static class CopyFamilies
{
    /// <summary>Bands of a signature.</summary>
    public const int Bands = 32;

    private const int Bins = 2 * Bands;

    /// <summary>Writes the band keys of a report's family keys into <paramref name="bands"/>; returns how many (a band
    /// with an empty bin is left out).</summary>
    public static int Signature(ReadOnlySpan<ulong> keys, Span<ulong> bands)
    {
        Span<ulong> mins = stackalloc ulong[Bins];
        mins.Fill(ulong.MaxValue);
        foreach (ulong key in keys)
        {
            ulong h = Mix(key);
            int bin = (int)(h >> 58);
            ulong v = h & ((1UL << 58) - 1);
            if (v < mins[bin])
            {
                mins[bin] = v;
            }
        }
        int n = 0;
        for (int b = 0; b < Bands; b++)
        {
            ulong x = mins[2 * b];
            ulong y = mins[2 * b + 1];
            if (x == ulong.MaxValue || y == ulong.MaxValue)
            {
                continue;
            }
            bands[n++] = Mix(x * 0x9E3779B97F4A7C15UL ^ BitOperations.RotateLeft(y, 29) ^ (ulong)b);
        }
        return n;
    }

    /// <summary>Keys shared by two reports over the smaller one's keys (both sorted ascending, distinct).</summary>
    public static double Share(ReadOnlySpan<ulong> a, ReadOnlySpan<ulong> b)
    {
        int min = Math.Min(a.Length, b.Length);
        if (min == 0)
        {
            return 0;
        }
        int i = 0;
        int j = 0;
        int shared = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] < b[j])
            {
                i++;
            }
            else if (a[i] > b[j])
            {
                j++;
            }
            else
            {
                shared++;
                i++;
                j++;
            }
        }
        return (double)shared / min;
    }

    /// <summary>Calls <paramref name="pair"/> for every two members meeting in a band of their signatures.</summary>
    /// <param name="postings">(band key, member) of every member's signature; sorted here.</param>
    /// <param name="maxBucket">Bands held by more members than this are skipped (no family is that large).</param>
    /// <param name="pair">Receives the two members.</param>
    public static void Pairs(Span<(ulong Band, int Member)> postings, int maxBucket, Action<int, int> pair)
    {
        ArgumentNullException.ThrowIfNull(pair);
        postings.Sort();
        for (int i = 0; i < postings.Length;)
        {
            int j = i + 1;
            while (j < postings.Length && postings[j].Band == postings[i].Band)
            {
                j++;
            }
            if (j - i <= maxBucket)
            {
                for (int x = i; x < j; x++)
                {
                    for (int y = x + 1; y < j; y++)
                    {
                        pair(postings[x].Member, postings[y].Member);
                    }
                }
            }
            i = j;
        }
    }

    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

/// <summary>Joins reports into families of copies (<see cref="CopyFamilies"/>): candidate pairs are verified on their
/// family keys and joined (union-find); pairs already in one family are not verified again.</summary>
/// <param name="members">Number of members (0 to members − 1).</param>
/// <param name="keysOf">The sorted, distinct family keys of a member (asked once per member verified).</param>
/// <param name="options">Family share and minimum size.</param>
public sealed class FamilyFinder(int members, Func<int, ulong[]> keysOf, BoilerplateOptions options)
{
    private readonly int[] _parent = Enumerable.Range(0, members).ToArray();
    private readonly Dictionary<int, ulong[]> _keys = [];
    private readonly HashSet<long> _refused = [];

    /// <summary>Pairs verified.</summary>
    public int Verified { get; private set; }

    /// <summary>The family keys of a member (read once, then kept).</summary>
    public ulong[] Keys(int member)
    {
        if (!_keys.TryGetValue(member, out var k))
        {
            _keys[member] = k = keysOf(member);
        }
        return k;
    }

    /// <summary>Joins the two members when they share enough of their keys.</summary>
    public void Consider(int a, int b)
    {
        int ra = Find(a);
        int rb = Find(b);
        if (ra == rb || !_refused.Add(((long)Math.Min(a, b) << 32) | (uint)Math.Max(a, b)))
        {
            return;
        }
        Verified++;
        var ka = Keys(a);
        var kb = Keys(b);
        if (ka.Length >= options.FamilyMinKeys && kb.Length >= options.FamilyMinKeys && CopyFamilies.Share(ka, kb) >= options.FamilyShare)
        {
            _parent[ra] = rb;
        }
    }

    /// <summary>The member representing <paramref name="member"/>'s family.</summary>
    public int Find(int member)
    {
        while (_parent[member] != member)
        {
            _parent[member] = _parent[_parent[member]];
            member = _parent[member];
        }
        return member;
    }

    /// <summary>The families of two members or more.</summary>
    public List<List<int>> Families() =>
        Enumerable.Range(0, _parent.Length).GroupBy(Find).Where(g => g.Count() > 1).Select(g => g.ToList()).ToList();

    /// <summary>Per key held by two or more members of one family and found common by <paramref name="isCommon"/>: how
    /// many reports too many the raw document frequency counts (members holding it − 1, summed over families).</summary>
    /// <param name="families">The families, as <see cref="Families"/> gave them.</param>
    /// <param name="isCommon">The raw test of common keys.</param>
    public Dictionary<ulong, int> Reductions(List<List<int>> families, Func<ulong, bool> isCommon)
    {
        ArgumentNullException.ThrowIfNull(families);
        ArgumentNullException.ThrowIfNull(isCommon);
        var reductions = new Dictionary<ulong, int>();
        var holders = new Dictionary<ulong, int>();
        foreach (var family in families)
        {
            holders.Clear();
            foreach (int m in family)
            {
                foreach (ulong key in Keys(m))
                {
                    if (isCommon(key))
                    {
                        holders[key] = holders.GetValueOrDefault(key) + 1;
                    }
                }
            }
            foreach (var (key, n) in holders)
            {
                if (n > 1)
                {
                    reductions[key] = reductions.GetValueOrDefault(key) + n - 1;
                }
            }
        }
        return reductions;
    }
}
