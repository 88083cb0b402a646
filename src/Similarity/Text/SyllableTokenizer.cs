namespace SimilarityEngine.Similarity.Text;

/// <summary>Which form of a syllable its hash is taken over.</summary>
public enum SyllableForm
{
    /// <summary>Lower case, one tone convention, i/y folded ("kỹ" ≡ "kĩ"), numbers as one placeholder.</summary>
    Match,

    /// <summary>As <see cref="Match"/>, with tones, quality marks and đ removed, for text typed without marks.</summary>
    Folded,
}

/// <summary>The syllables of a text: character offsets and matching-form hashes, in parallel arrays.</summary>
public sealed class SyllableList
{
    private int[] _start = new int[256];
    private int[] _length = new int[256];
    private ulong[] _hash = new ulong[256];
    private ulong[] _folded = new ulong[256];
    private bool[] _marked = new bool[256];

    /// <summary>Number of syllables.</summary>
    public int Count { get; private set; }

    /// <summary>Start offsets into the text, one per syllable.</summary>
    public ReadOnlySpan<int> Starts => _start.AsSpan(0, Count);

    /// <summary>Lengths in characters, one per syllable.</summary>
    public ReadOnlySpan<int> Lengths => _length.AsSpan(0, Count);

    /// <summary>Hashes of the matching form, one per syllable.</summary>
    public Span<ulong> Hashes => _hash.AsSpan(0, Count);

    /// <summary>Hashes of the <see cref="SyllableForm.Folded"/> form (marks and đ removed), one per syllable: equal to
    /// <see cref="Hashes"/> for a syllable typed without marks.</summary>
    public Span<ulong> FoldedHashes => _folded.AsSpan(0, Count);

    /// <summary>Per syllable: true when it carries a Vietnamese mark or đ.</summary>
    public ReadOnlySpan<bool> Marked => _marked.AsSpan(0, Count);

    /// <summary>A list with the same syllables whose <see cref="Hashes"/> are this list's folded hashes.</summary>
    public SyllableList ToFolded()
    {
        // never shorter than one entry: Add doubles the length
        int n = Math.Max(1, Count);
        return new SyllableList
        {
            _start = _start[..n],
            _length = _length[..n],
            _hash = _folded[..n],
            _folded = _folded[..n],
            _marked = _marked[..n],
            Count = Count,
        };
    }

    /// <summary>Offset just past syllable <paramref name="index"/>.</summary>
    public int EndOf(int index) => _start[index] + _length[index];

    /// <summary>Empties the list, keeping its buffers.</summary>
    public void Clear() => Count = 0;

    internal void Add(int start, int length, ulong hash, ulong folded, bool marked)
    {
        if (Count == _start.Length)
        {
            int n = Count * 2;
            Array.Resize(ref _start, n);
            Array.Resize(ref _length, n);
            Array.Resize(ref _hash, n);
            Array.Resize(ref _folded, n);
            Array.Resize(ref _marked, n);
        }
        _start[Count] = start;
        _length[Count] = length;
        _hash[Count] = hash;
        _folded[Count] = folded;
        _marked[Count] = marked;
        Count++;
    }
}

/// <summary>Splits text into syllables (runs of letters and digits) and hashes their matching form.</summary>
public static class SyllableTokenizer
{
    /// <summary>Hash given to every token that holds a digit: numbers, classes like "5A", years.</summary>
    public static readonly ulong NumberPlaceholder = Mix(0x9E3779B97F4A7C15UL);

    /// <summary>Hash given to masked variable values (school, author names).</summary>
    public static readonly ulong ValuePlaceholder = Mix(0xC2B2AE3D27D4EB4FUL);

    /// <summary>Appends the syllables of <paramref name="text"/> to <paramref name="output"/>.</summary>
    public static void Tokenize(ReadOnlySpan<char> text, SyllableList output, SyllableForm form = SyllableForm.Match)
    {
        int i = 0;
        int n = text.Length;
        while (i < n)
        {
            char c = text[i];
            if (!IsWordChar(c))
            {
                i++;
                continue;
            }
            int s = i;
            bool digit = false;
            while (i < n && IsWordChar(text[i]))
            {
                digit |= char.IsAsciiDigit(text[i]);
                i++;
            }
            if (digit)
            {
                output.Add(s, i - s, NumberPlaceholder, NumberPlaceholder, false);
                continue;
            }
            // PERF: FingerprintBenchmarks.IngestPath — both forms in one pass over the letters
            ulong folded = HashBoth(text[s..i], out ulong match, out bool marked);
            output.Add(s, i - s, form == SyllableForm.Folded ? folded : match, folded, marked);
        }
    }

    /// <summary>Letters, digits and combining marks make up syllables; everything else separates them.</summary>
    public static bool IsWordChar(char c) =>
        char.IsLetterOrDigit(c) || (c >= '\u0300' && c <= '\u036F');

    /// <summary>Hash of one syllable's matching form.</summary>
    public static ulong HashSyllable(ReadOnlySpan<char> syllable, SyllableForm form)
    {
        ulong h = 0xCBF29CE484222325UL;
        int n = syllable.Length;
        // VI: "kỹ"/"kĩ", "lý"/"lí": a lone final y after a consonant is written either way.
        int foldY = -1;
        if (n >= 2)
        {
            char last = VietnameseSyllable.Lower(VietnameseSyllable.StripTone(syllable[n - 1]));
            char before = VietnameseSyllable.Lower(syllable[n - 2]);
            if (last == 'y' && char.IsLetter(before) && !VietnameseSyllable.IsVowel(before))
            {
                foldY = n - 1;
            }
        }
        for (int i = 0; i < n; i++)
        {
            char c = VietnameseSyllable.Lower(syllable[i]);
            if (i == foldY)
            {
                c = VietnameseSyllable.WithTone('i', VietnameseSyllable.ToneOf(c));
            }
            if (form == SyllableForm.Folded)
            {
                c = VietnameseSyllable.Fold(c);
            }
            h = (h ^ c) * 0x100000001B3UL;
        }
        return Mix(h);
    }

    // The folded hash (returned), the matching-form hash and whether a mark was dropped, as HashSyllable computes each.
    private static ulong HashBoth(ReadOnlySpan<char> syllable, out ulong match, out bool marked)
    {
        ulong h = 0xCBF29CE484222325UL;
        ulong f = 0xCBF29CE484222325UL;
        int n = syllable.Length;
        int foldY = -1;
        if (n >= 2)
        {
            char last = VietnameseSyllable.Lower(VietnameseSyllable.StripTone(syllable[n - 1]));
            char before = VietnameseSyllable.Lower(syllable[n - 2]);
            if (last == 'y' && char.IsLetter(before) && !VietnameseSyllable.IsVowel(before))
            {
                foldY = n - 1;
            }
        }
        marked = false;
        for (int i = 0; i < n; i++)
        {
            char c = VietnameseSyllable.Lower(syllable[i]);
            if (i == foldY)
            {
                c = VietnameseSyllable.WithTone('i', VietnameseSyllable.ToneOf(c));
            }
            char d = VietnameseSyllable.Fold(c);
            marked |= d != c;
            h = (h ^ c) * 0x100000001B3UL;
            f = (f ^ d) * 0x100000001B3UL;
        }
        match = Mix(h);
        return Mix(f);
    }

    /// <summary>Finaliser of MurmurHash3 (fmix64): spreads the bits so that minimum selection is fair.</summary>
    public static ulong Mix(ulong h)
    {
        h ^= h >> 33;
        h *= 0xFF51AFD7ED558CCDUL;
        h ^= h >> 33;
        h *= 0xC4CEB9FE1A85EC53UL;
        h ^= h >> 33;
        return h;
    }
}
