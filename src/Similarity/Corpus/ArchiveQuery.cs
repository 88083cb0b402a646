namespace SimilarityEngine.Similarity.Corpus;

/// <summary>A search of the archive: free text and field filters, each matched with and without diacritics.</summary>
/// <param name="Text">Words anywhere (title, author, school, district, text); all must occur.</param>
/// <param name="Title">Words of the title.</param>
/// <param name="Author">Words of the author's name.</param>
/// <param name="School">Words of the school's name.</param>
/// <param name="District">Words of the district's name.</param>
/// <param name="Year">School year (end year).</param>
public sealed record ArchiveQuery(string? Text = null, string? Title = null, string? Author = null, string? School = null,
    string? District = null, int? Year = null)
{
    /// <summary>True when nothing is asked.</summary>
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text) && string.IsNullOrWhiteSpace(Title) && string.IsNullOrWhiteSpace(Author)
        && string.IsNullOrWhiteSpace(School) && string.IsNullOrWhiteSpace(District) && Year is null;
}

/// <summary>One report found by a search.</summary>
/// <param name="Id">Report id.</param>
/// <param name="Year">School year.</param>
/// <param name="Submitted">Submission date.</param>
/// <param name="Metadata">title, author, school, district and the rest.</param>
/// <param name="Snippet">Text around the first word found (plain text, to be escaped by the caller).</param>
public sealed record ArchiveHit(string Id, int? Year, string? Submitted, IReadOnlyDictionary<string, string> Metadata, string Snippet)
{
    /// <summary>Where the words searched for are in <see cref="Snippet"/> (start, length), for highlighting; null when the
    /// snippet is the report's beginning because no word was found in its text.</summary>
    public IReadOnlyList<int>? Highlight { get; init; }
}
