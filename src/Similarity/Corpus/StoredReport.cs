namespace SimilarityEngine.Similarity.Corpus;

/// <summary>A report as the archive holds it: the central record shared by the index, matching and every front end.</summary>
/// <param name="Id">Unique id (manifest id, else the path relative to the folder given, without extension).</param>
/// <param name="Sequence">Ingest order, 0-based.</param>
/// <param name="ContentHash">SHA-256 of the canonical text.</param>
/// <param name="Text">Canonical text.</param>
/// <param name="OffsetMap">Canonical offset → extracted-text offset (length = text length + 1).</param>
/// <param name="File">The file it was read from, as given.</param>
/// <param name="Submitted">Submission date (yyyy-MM-dd) or null.</param>
/// <param name="Year">School year (end year) or null.</param>
/// <param name="Metadata">author, school, district, title and any extra manifest columns.</param>
/// <param name="Quality">Extraction-quality score.</param>
/// <param name="Warnings">Extraction warnings.</param>
public sealed record StoredReport(string Id, int Sequence, string ContentHash, string Text, int[] OffsetMap, string File,
    string? Submitted, int? Year, IReadOnlyDictionary<string, string> Metadata, double Quality, IReadOnlyList<string> Warnings)
{
    /// <summary>Hashes of the pictures embedded in the report, in order.</summary>
    public IReadOnlyList<Pictures.PictureHash> Pictures { get; init; } = [];

    /// <summary>What the report did to look original to a checker, found while it was read.</summary>
    public EvasionSignals Evasion { get; init; } = EvasionSignals.None;

    /// <summary>The metadata key that names a document's reference collection.</summary>
    public const string CollectionKey = "collection";

    /// <summary>A metadata value or null.</summary>
    public string? Meta(string key) => Metadata.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v) ? v : null;

    /// <summary>The reference collection (textbooks, official texts, a website dump …) this document belongs to, or null for
    /// a submitted report. Collection documents are sources only: they come before every report.</summary>
    public string? Collection => Meta(CollectionKey);

    /// <summary>Order of submission: collection documents first, then date, else school year, else ingest order. Negative
    /// when <paramref name="a"/> came first.</summary>
    public static int CompareSubmission(StoredReport a, StoredReport b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        bool ra = a.Collection is not null;
        bool rb = b.Collection is not null;
        if (ra != rb)
        {
            return ra ? -1 : 1;
        }
        return CompareSubmission(a.Submitted, a.Year, a.Sequence, b.Submitted, b.Year, b.Sequence);
    }

    /// <summary>Order of submission from the three keys: date, else school year, else ingest order.</summary>
    public static int CompareSubmission(string? submittedA, int? yearA, int sequenceA, string? submittedB, int? yearB, int sequenceB)
    {
        if (submittedA is not null && submittedB is not null)
        {
            int c = string.CompareOrdinal(submittedA, submittedB);
            if (c != 0)
            {
                return c;
            }
        }
        if (yearA is int ya && yearB is int yb && ya != yb)
        {
            return ya.CompareTo(yb);
        }
        return sequenceA.CompareTo(sequenceB);
    }
}
