using SimilarityEngine.Similarity.Fingerprints;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Similarity.Matching;

/// <summary>A report prepared for matching: syllables, shingles, fingerprints and structure of its canonical text.</summary>
public sealed class MatchDocument
{
    private MatchDocument(string text, SyllableList syllables, ulong[] shingles, Fingerprint[] fingerprints,
        IReadOnlyList<Section> sections, IReadOnlyList<ExcludedSpan> excluded, bool[] excludedSyllables, int k, SyllableForm form)
    {
        Text = text;
        Syllables = syllables;
        Shingles = shingles;
        Fingerprints = fingerprints;
        Sections = sections;
        Excluded = excluded;
        ExcludedSyllables = excludedSyllables;
        K = k;
        Form = form;
    }

    /// <summary>The canonical text.</summary>
    public string Text { get; }

    /// <summary>Its syllables with matching-form hashes (variable values masked).</summary>
    public SyllableList Syllables { get; }

    /// <summary>Shingle hash per first-syllable index.</summary>
    public ulong[] Shingles { get; }

    /// <summary>Winnowed fingerprints.</summary>
    public Fingerprint[] Fingerprints { get; }

    /// <summary>The folded stream (<see cref="FingerprintOptions.FoldedW"/>): winnowed fingerprints of the text read without
    /// its marks; empty for a document in the folded form or prepared without it.</summary>
    public Fingerprint[] FoldedFingerprints { get; private init; } = [];

    /// <summary>The form the syllables and shingles are hashed in.</summary>
    public SyllableForm Form { get; }

    /// <summary>Share of the words (letters, not numbers) that stand in paragraphs typed without Vietnamese marks: 0 for
    /// ordinary Vietnamese prose, near 1 for a report typed without marks. Paragraphs of foreign words (English quotations)
    /// do not count as unmarked Vietnamese.</summary>
    public double UnaccentedShare { get; private init; }

    /// <summary>Words in paragraphs typed without marks (see <see cref="UnaccentedShare"/>).</summary>
    public int UnaccentedWords { get; private init; }

    /// <summary>Sections by heading.</summary>
    public IReadOnlyList<Section> Sections { get; }

    /// <summary>Quotations and references: shown, not scored.</summary>
    public IReadOnlyList<ExcludedSpan> Excluded { get; }

    /// <summary>Per syllable: true inside an excluded span.</summary>
    public bool[] ExcludedSyllables { get; }

    /// <summary>Shingle length used.</summary>
    public int K { get; }

    private ulong[]? _foldedShingles;
    private MatchDocument? _folded;

    /// <summary>True when shingle <paramref name="index"/> holds no marked syllable, so that its hash is the same in the
    /// matching and the folded form.</summary>
    public bool IsUnmarkedShingle(int index)
    {
        var marked = Syllables.Marked;
        for (int j = index; j < index + K && j < marked.Length; j++)
        {
            if (marked[j])
            {
                return false;
            }
        }
        return true;
    }

    /// <summary>This document with its syllables and shingles hashed in the <see cref="SyllableForm.Folded"/> form (same
    /// syllables, sections and exclusions), for aligning text typed without marks with accented text.</summary>
    public MatchDocument Folded()
    {
        if (Form == SyllableForm.Folded)
        {
            return this;
        }
        return _folded ??= CreateFolded();
    }

    private MatchDocument CreateFolded()
    {
        var syllables = Syllables.ToFolded();
        var shingles = _foldedShingles ?? FoldedShingles(syllables, K);
        var fps = new Fingerprint[shingles.Length];
        int n = WinnowingFingerprinter.Fingerprint(shingles, _w, fps);
        Array.Resize(ref fps, n);
        return new MatchDocument(Text, syllables, shingles, fps, Sections, Excluded, ExcludedSyllables, K, SyllableForm.Folded)
        {
            UnaccentedShare = UnaccentedShare,
            UnaccentedWords = UnaccentedWords,
            _paragraphStarts = _paragraphStarts,
        };
    }

    private int _w = FingerprintOptions.Default.W;

    private static ulong[] FoldedShingles(SyllableList syllables, int k)
    {
        var shingles = new ulong[ShingleHasher.CountFor(syllables.Count, k)];
        ShingleHasher.Hash(syllables.FoldedHashes, k, shingles);
        return shingles;
    }

    private int[]? _paragraphStarts;

    /// <summary>Index of the first syllable of every paragraph (line), ascending.</summary>
    public int[] ParagraphStarts => _paragraphStarts ??= ComputeParagraphStarts(Text, Syllables);

    private static int[] ComputeParagraphStarts(string text, SyllableList syllables)
    {
        var list = new List<int> { 0 };
        int pos = text.IndexOf('\n', StringComparison.Ordinal);
        while (pos >= 0)
        {
            int s = SyllableAt(syllables, pos + 1);
            if (s > list[^1] && s < syllables.Count)
            {
                list.Add(s);
            }
            pos = text.IndexOf('\n', pos + 1);
        }
        return [.. list];
    }

    /// <summary>Prepares <paramref name="canonicalText"/> for matching.</summary>
    /// <param name="canonicalText">Normalised text (NFC, one tone convention).</param>
    /// <param name="options">Shingling and winnowing parameters.</param>
    /// <param name="maskedValues">Variable values of this report (school, author): masked to one placeholder
    /// so that a copy with other names still matches.</param>
    /// <param name="form">Syllable form to hash.</param>
    /// <param name="foldedStream">Compute the folded stream too (<see cref="FoldedFingerprints"/>): for a report that looks
    /// for candidates (a checked submission), not for one that is only aligned.</param>
    public static MatchDocument Prepare(string canonicalText, FingerprintOptions? options = null,
        IEnumerable<string>? maskedValues = null, SyllableForm form = SyllableForm.Match, bool foldedStream = false)
    {
        ArgumentNullException.ThrowIfNull(canonicalText);
        options ??= FingerprintOptions.Default;
        var syllables = new SyllableList();
        SyllableTokenizer.Tokenize(canonicalText, syllables, form);
        if (maskedValues is not null)
        {
            ValueMasker.Mask(syllables, maskedValues, form);
        }
        var shingles = new ulong[ShingleHasher.CountFor(syllables.Count, options.K)];
        ShingleHasher.Hash(syllables.Hashes, options.K, shingles);
        var fps = new Fingerprint[shingles.Length];
        int n = WinnowingFingerprinter.Fingerprint(shingles, options.W, fps);
        Array.Resize(ref fps, n);
        ulong[]? foldedShingles = null;
        Fingerprint[] foldedFps = [];
        // PERF: MacroBenchmark check — the sources of a check are aligned, never looked up by their folded stream
        if (form == SyllableForm.Match && foldedStream)
        {
            foldedShingles = FoldedShingles(syllables, options.K);
            foldedFps = new Fingerprint[foldedShingles.Length];
            int m = WinnowingFingerprinter.Fingerprint(foldedShingles, options.FoldedW, foldedFps);
            Array.Resize(ref foldedFps, m);
        }
        var sections = DocumentStructure.Sections(canonicalText);
        var excluded = DocumentStructure.ExcludedSpans(canonicalText, sections);
        var exSyl = new bool[syllables.Count];
        foreach (var span in excluded)
        {
            int a = SyllableAt(syllables, span.Start);
            for (int s = a; s < syllables.Count && syllables.Starts[s] < span.End; s++)
            {
                exSyl[s] = true;
            }
        }
        var paragraphs = ComputeParagraphStarts(canonicalText, syllables);
        var (words, unaccented) = UnaccentedText.Count(canonicalText, syllables, paragraphs);
        return new MatchDocument(canonicalText, syllables, shingles, fps, sections, excluded, exSyl, options.K, form)
        {
            FoldedFingerprints = foldedFps,
            _foldedShingles = foldedShingles,
            _w = options.W,
            _paragraphStarts = paragraphs,
            UnaccentedWords = unaccented,
            UnaccentedShare = words == 0 ? 0 : (double)unaccented / words,
        };
    }

    /// <summary>Index of the first syllable starting at or after <paramref name="offset"/>.</summary>
    public static int SyllableAt(SyllableList syllables, int offset) => Sorted.LowerBound(syllables.Starts, offset);

    /// <summary>The section that holds character <paramref name="offset"/>.</summary>
    public Section SectionAt(int offset)
    {
        foreach (var s in Sections)
        {
            if (offset >= s.Start && offset < s.End)
            {
                return s;
            }
        }
        return Sections[^1];
    }

    /// <summary>Character range [start, end) of syllables [first, last).</summary>
    public (int Start, int End) CharRange(int first, int last)
    {
        if (Syllables.Count == 0)
        {
            return (0, 0);
        }
        first = Math.Clamp(first, 0, Syllables.Count - 1);
        last = Math.Clamp(last, first + 1, Syllables.Count);
        return (Syllables.Starts[first], Syllables.EndOf(last - 1));
    }
}

/// <summary>Replaces a report's own variable values (names of its school and author) by one placeholder.</summary>
public static class ValueMasker
{
    /// <summary>Masks every occurrence of each value's syllable sequence in <paramref name="syllables"/>, in both hash forms.
    /// Occurrences are compared without marks, so that a name typed without them ("Tay Son" for "Tây Sơn") is masked too.</summary>
    public static void Mask(SyllableList syllables, IEnumerable<string> values, SyllableForm form)
    {
        ArgumentNullException.ThrowIfNull(syllables);
        ArgumentNullException.ThrowIfNull(values);
        var hashes = syllables.Hashes;
        var folded = syllables.FoldedHashes;
        foreach (var value in values)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                continue;
            }
            var v = new SyllableList();
            SyllableTokenizer.Tokenize(StripPrefix(value), v, form);
            if (v.Count == 0)
            {
                continue;
            }
            var pattern = v.FoldedHashes.ToArray();
            for (int i = 0; i + pattern.Length <= folded.Length; i++)
            {
                if (folded.Slice(i, pattern.Length).SequenceEqual(pattern))
                {
                    hashes.Slice(i, pattern.Length).Fill(SyllableTokenizer.ValuePlaceholder);
                    folded.Slice(i, pattern.Length).Fill(SyllableTokenizer.ValuePlaceholder);
                    i += pattern.Length - 1;
                }
            }
        }
    }

    // VI: "Trường Tiểu học Hoa Hồng": the kind of school is shared by many reports; only the proper name varies.
    private static string StripPrefix(string value)
    {
        string[] prefixes = ["Trường Mầm non", "Trường Tiểu học", "Trường THCS", "Trường THPT", "Trường Trung học cơ sở",
            "Trường Trung học phổ thông", "Trường", "Huyện", "Quận", "Thành phố", "Thị xã"];
        foreach (var p in prefixes)
        {
            if (value.StartsWith(p, StringComparison.OrdinalIgnoreCase) && value.Length > p.Length + 1)
            {
                return value[p.Length..].Trim();
            }
        }
        return value.Trim();
    }
}
