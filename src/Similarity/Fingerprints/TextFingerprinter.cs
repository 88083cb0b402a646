using SimilarityEngine.Similarity.Matching;
using SimilarityEngine.Similarity.Text;

namespace SimilarityEngine.Similarity.Fingerprints;

/// <summary>Turns canonical text into winnowed fingerprints.</summary>
public interface IFingerprinter
{
    /// <summary>Fingerprints <paramref name="text"/>; the result is valid until the next call.</summary>
    ReadOnlySpan<Fingerprint> Fingerprint(ReadOnlySpan<char> text);
}

/// <summary>The fingerprint path: syllables → matching-form hashes → k-shingles → winnowing, with buffers reused between
/// calls so that a warm instance allocates nothing per document. Not thread-safe: one instance per thread.</summary>
/// <remarks>Schleimer, Wilkerson, Aiken: "Winnowing: local algorithms for document fingerprinting", SIGMOD 2003.</remarks>
public sealed class TextFingerprinter : IFingerprinter
{
    private readonly FingerprintOptions _options;
    private readonly SyllableForm _form;
    private readonly SyllableList _syllables = new();
    private ulong[] _shingles = new ulong[1024];
    private Fingerprint[] _fingerprints = new Fingerprint[1024];
    private ulong[] _foldedShingles = new ulong[1024];
    private Fingerprint[] _foldedFingerprints = new Fingerprint[1024];
    private int _shingleCount;
    private int _foldedCount;

    /// <summary>Creates a fingerprinter.</summary>
    public TextFingerprinter(FingerprintOptions? options = null, SyllableForm form = SyllableForm.Match)
    {
        _options = options ?? FingerprintOptions.Default;
        _form = form;
    }

    /// <inheritdoc />
    public ReadOnlySpan<Fingerprint> Fingerprint(ReadOnlySpan<char> text) => Fingerprint(text, null);

    /// <summary>The options in force.</summary>
    public FingerprintOptions Options => _options;

    /// <summary>The syllables of the last text fingerprinted (valid until the next call).</summary>
    public SyllableList Syllables => _syllables;

    /// <summary>Every shingle hash of the last text fingerprinted (valid until the next call).</summary>
    public ReadOnlySpan<ulong> Shingles => _shingles.AsSpan(0, _shingleCount);

    /// <summary>The folded stream of the last text fingerprinted (<see cref="FingerprintOptions.FoldedW"/>; valid until the
    /// next call).</summary>
    public ReadOnlySpan<Fingerprint> FoldedFingerprints => _foldedFingerprints.AsSpan(0, _foldedCount);

    /// <summary>Fingerprints <paramref name="text"/> with the report's own variable values (author, school) masked, exactly
    /// as <see cref="MatchDocument.Prepare"/> does; the result is valid until the next call.</summary>
    public ReadOnlySpan<Fingerprint> Fingerprint(ReadOnlySpan<char> text, IEnumerable<string>? maskedValues)
    {
        _syllables.Clear();
        SyllableTokenizer.Tokenize(text, _syllables, _form);
        if (maskedValues is not null)
        {
            ValueMasker.Mask(_syllables, maskedValues, _form);
        }
        int n = ShingleHasher.CountFor(_syllables.Count, _options.K);
        if (_shingles.Length < n)
        {
            _shingles = new ulong[Math.Max(n, _shingles.Length * 2)];
            _fingerprints = new Fingerprint[_shingles.Length];
            _foldedShingles = new ulong[_shingles.Length];
            _foldedFingerprints = new Fingerprint[_shingles.Length];
        }
        ShingleHasher.Hash(_syllables.Hashes, _options.K, _shingles);
        _shingleCount = n;
        int count = WinnowingFingerprinter.Fingerprint(_shingles.AsSpan(0, n), _options.W, _fingerprints);
        _foldedCount = 0;
        if (_form == SyllableForm.Match && _options.FoldedW > 0)
        {
            ShingleHasher.Hash(_syllables.FoldedHashes, _options.K, _foldedShingles);
            _foldedCount = WinnowingFingerprinter.Fingerprint(_foldedShingles.AsSpan(0, n), _options.FoldedW, _foldedFingerprints);
        }
        return _fingerprints.AsSpan(0, count);
    }
}
