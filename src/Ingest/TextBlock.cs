using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest;

/// <summary>One block of extracted text.</summary>
/// <param name="Kind">What it is.</param>
/// <param name="Text">Its text (decoded from legacy encodings, not yet normalised).</param>
/// <param name="PageNumber">1-based page, where the format knows it.</param>
/// <param name="Encoding">The legacy encoding it was decoded from, if any.</param>
/// <param name="ExcludedReason">Why it is left out of the matching text (hidden, white, tiny), or null.</param>
/// <param name="Separator">What follows it in the matching text: a new line, or a tab between cells of a row.</param>
public sealed record TextBlock(BlockKind Kind, string Text, int? PageNumber = null, LegacyEncoding Encoding = LegacyEncoding.None,
    string? ExcludedReason = null, char Separator = '\n')
{
    /// <summary>True when the block is part of the matching text.</summary>
    public bool IsMatchingText => ExcludedReason is null && Kind != BlockKind.HeaderFooter;
}
