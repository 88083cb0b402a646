using SimilarityEngine.Similarity.Fingerprints;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Similarity.Matching;

/// <summary>A report with its boilerplate marked: which shingles may seed passages, which syllables count.</summary>
public sealed class MaskedDocument
{
    internal MaskedDocument(MatchDocument document, bool[] usableShingles, bool[] counted, bool[] boilerplate, ulong[]? usableFolded = null)
    {
        Document = document;
        UsableShingles = usableShingles;
        Counted = counted;
        Boilerplate = boilerplate;
        UsableFolded = usableFolded ?? [];
        foreach (bool c in counted)
        {
            CountedSyllables += c ? 1 : 0;
        }
    }

    /// <summary>The fingerprints of the folded stream (<see cref="MatchDocument.FoldedFingerprints"/>) that may find
    /// candidates: not boilerplate, not excluded, not common in the corpus.</summary>
    public ulong[] UsableFolded { get; }

    private MaskedDocument? _folded;

    /// <summary>This document in the folded form (<see cref="MatchDocument.Folded"/>) with the same boilerplate: the
    /// syllables and shingle positions are the same, only their hashes differ.</summary>
    public MaskedDocument Folded() => Document.Form == SyllableForm.Folded
        ? this
        : _folded ??= new MaskedDocument(Document.Folded(), UsableShingles, Counted, Boilerplate, UsableFolded);

    /// <summary>The prepared report.</summary>
    public MatchDocument Document { get; }

    /// <summary>Per shingle: false for boilerplate or excluded text.</summary>
    public bool[] UsableShingles { get; }

    /// <summary>Per syllable: true when it counts towards scores.</summary>
    public bool[] Counted { get; }

    /// <summary>Per syllable: true when it is template or corpus-common text.</summary>
    public bool[] Boilerplate { get; }

    /// <summary>Number of syllables that count.</summary>
    public int CountedSyllables { get; }
}

/// <summary>Marks boilerplate: the built-in SKKN template, official texts, and fingerprints common in the corpus.</summary>
/// <remarks>The corpus cut-off follows MOSS (Schleimer et al. 2003): a fingerprint found in more than
/// <see cref="BoilerplateOptions.CommonDocuments"/> reports (or a share of the corpus, whichever is larger) is
/// ignored. Because winnowing selects a fingerprint in every window of w shingles of a shared run, the gap
/// between two common fingerprints no further apart than w is common text too, and is filled.</remarks>
public sealed class BoilerplateFilter
{
    private readonly HashSet<ulong> _template = [];
    private readonly FingerprintOptions _options;

    /// <summary>Creates a filter with the built-in template and optional official texts (laws, circulars).</summary>
    public BoilerplateFilter(FingerprintOptions? options = null, IEnumerable<string>? officialTexts = null)
    {
        _options = options ?? FingerprintOptions.Default;
        foreach (var line in SkknTemplate.Lines)
        {
            AddText(line);
        }
        if (officialTexts is not null)
        {
            foreach (var t in officialTexts)
            {
                AddText(t);
            }
        }
    }

    /// <summary>Identifies what decides the ruled-out flags of <see cref="StoredFingerprints"/>: the fingerprint options and
    /// the template and official texts. Fingerprints stored under another key are computed again from the text.</summary>
    public string Key => _key ??= ComputeKey();

    private string? _key;

    private string ComputeKey()
    {
        var hashes = _template.Order().ToArray();
        var bytes = new byte[hashes.Length * 8 + 16];
        for (int i = 0; i < hashes.Length; i++)
        {
            System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(i * 8), hashes[i]);
        }
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(hashes.Length * 8), _options.K);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(hashes.Length * 8 + 4), _options.W);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(hashes.Length * 8 + 8), _options.MaxRepeatsInDocument);
        System.Buffers.Binary.BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(hashes.Length * 8 + 12), _options.FoldedW);
        return "2-" + Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(bytes))[..16];
    }

    /// <summary>Number of distinct template shingles known.</summary>
    public int TemplateShingles => _template.Count;

    /// <summary>True when the shingle hash is template text.</summary>
    public bool IsTemplate(ulong shingle) => _template.Contains(shingle);

    // The text's shingles in both forms: the template typed without marks is the template too.
    private void AddText(string text)
    {
        var syl = new SyllableList();
        SyllableTokenizer.Tokenize(text, syl);
        var sh = new ulong[ShingleHasher.CountFor(syl.Count, _options.K)];
        ShingleHasher.Hash(syl.Hashes, _options.K, sh);
        _template.UnionWith(sh);
        ShingleHasher.Hash(syl.FoldedHashes, _options.K, sh);
        _template.UnionWith(sh);
    }

    /// <summary>Marks the boilerplate of <paramref name="document"/>.</summary>
    /// <param name="document">The prepared report.</param>
    /// <param name="isCommon">Tells whether a fingerprint hash is too common in the corpus to count.</param>
    public MaskedDocument Apply(MatchDocument document, Func<ulong, bool> isCommon)
    {
        var sh = document.Shingles;
        int k = document.K;
        var common = new bool[sh.Length];
        // a shingle repeated inside one report is that report's own template (table rows, list stems, bot-made stubs)
        var repeats = new Dictionary<ulong, int>(sh.Length);
        foreach (var h in sh)
        {
            repeats[h] = repeats.TryGetValue(h, out int c) ? c + 1 : 1;
        }
        for (int i = 0; i < sh.Length; i++)
        {
            common[i] = _template.Contains(sh[i]) || repeats[sh[i]] >= _options.MaxRepeatsInDocument;
        }
        int prevCommonFp = -1;
        bool prevUnmarked = false;
        bool typedWithoutMarks = document.UnaccentedShare >= _options.UnaccentedShare;
        foreach (var fp in document.Fingerprints)
        {
            if (!isCommon(fp.Hash))
            {
                continue;
            }
            common[fp.Position] = true;
            bool unmarked = typedWithoutMarks && document.IsUnmarkedShingle(fp.Position);
            if (prevCommonFp >= 0 && fp.Position - prevCommonFp <= GapOf(prevUnmarked && unmarked))
            {
                for (int p = prevCommonFp; p < fp.Position; p++)
                {
                    common[p] = true;
                }
            }
            prevCommonFp = fp.Position;
            prevUnmarked = unmarked;
        }
        int n = document.Syllables.Count;
        var boiler = new bool[n];
        for (int i = 0; i < sh.Length; i++)
        {
            if (common[i])
            {
                for (int j = i; j < i + k && j < n; j++)
                {
                    boiler[j] = true;
                }
            }
        }
        var ex = document.ExcludedSyllables;
        var counted = new bool[n];
        for (int s = 0; s < n; s++)
        {
            counted[s] = !boiler[s] && !ex[s];
        }
        var usable = new bool[sh.Length];
        for (int i = 0; i < sh.Length; i++)
        {
            bool ok = !common[i];
            for (int j = i; ok && j < i + k; j++)
            {
                ok = !ex[j];
            }
            usable[i] = ok;
        }
        // the folded stream: ruled out as MatchFingerprinter leaves it out (template, repeated shingle, excluded text, an
        // unmarked shingle), then the corpus-common test
        var folded = new List<ulong>(document.FoldedFingerprints.Length);
        foreach (var fp in document.FoldedFingerprints)
        {
            int p = fp.Position;
            // an unmarked shingle hashes as in the main stream: the folded stream adds nothing there
            bool ok = !_template.Contains(fp.Hash) && repeats[sh[p]] < _options.MaxRepeatsInDocument && !document.IsUnmarkedShingle(p);
            for (int j = p; ok && j < p + k && j < n; j++)
            {
                ok = !ex[j];
            }
            if (ok && !isCommon(fp.Hash))
            {
                folded.Add(fp.Hash);
            }
        }
        return new MaskedDocument(document, usable, counted, boiler, [.. folded]);
    }

    /// <summary>How far apart two common fingerprints may be for the text between them to be common too: the winnowing
    /// window, or the folded stream's window between two shingles typed without marks (their document frequency may
    /// come from reports' folded streams, which are sparser).</summary>
    public int GapOf(bool unmarked) => unmarked ? Math.Max(_options.W, _options.FoldedW) : _options.W;
}

/// <summary>When a fingerprint is common enough to be boilerplate.</summary>
/// <param name="CommonDocuments">A fingerprint found in more reports than this is boilerplate, whatever the size of the
/// archive. Absolute on purpose: a share of the corpus rose with unrelated reports (1 % of 22,400 is 224), so text that a
/// family of reports shares stopped being masked once the archive grew. Chosen on ../shared/eval-dev (see README).</param>
/// <param name="CommonShare">Optionally also a share of the corpus (0: none).</param>
/// <param name="FamilyShare">Two reports sharing at least this share of the smaller one's fingerprints are copies of one
/// another and count once towards <paramref name="CommonDocuments"/> (<see cref="CopyFamilies"/>). Unrelated reports on
/// ../shared/eval-dev share at most 0.32 (two long legal quotations); resubmissions 0.95 and more, light edits from 0.47.</param>
/// <param name="FamilyMax">Fingerprints in more reports than this are left out of the comparison of families (text that
/// common says nothing about copying), and no family is looked for beyond this size.</param>
/// <param name="FamilyMinKeys">Reports with fewer comparable fingerprints than this join no family (a short stub inside a
/// long report would otherwise tie unrelated reports together).</param>
public sealed record BoilerplateOptions(int CommonDocuments = 10, double CommonShare = 0, double FamilyShare = 0.5, int FamilyMax = 1000,
    int FamilyMinKeys = 20)
{
    /// <summary>The defaults above.</summary>
    public static BoilerplateOptions Default { get; } = new();

    /// <summary>The document-frequency above which a fingerprint is boilerplate, for a corpus of <paramref name="documents"/>.</summary>
    public int CutOff(int documents) => Math.Max(CommonDocuments, (int)Math.Ceiling(CommonShare * documents));

    /// <summary>True when a report with <paramref name="familyKeys"/> comparable fingerprints, <paramref name="commonKeys"/>
    /// of them common, may gain from families: at least a tenth of its text is common.</summary>
    public bool MayHaveFamily(int familyKeys, int commonKeys) => familyKeys >= FamilyMinKeys && commonKeys > 0 && commonKeys * 10 >= familyKeys;
}
