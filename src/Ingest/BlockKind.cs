using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest;

/// <summary>What a block of extracted text is.</summary>
public enum BlockKind
{
    /// <summary>A heading (by style or outline level).</summary>
    Heading,
    /// <summary>A body paragraph.</summary>
    Paragraph,
    /// <summary>One cell of a table; cells of a row are separated by tabs.</summary>
    TableCell,
    /// <summary>A footnote or endnote.</summary>
    Footnote,
    /// <summary>The content of a text box.</summary>
    TextBox,
    /// <summary>A page header or footer: kept, but not part of the matching text.</summary>
    HeaderFooter,
    /// <summary>Text read by OCR from a picture embedded in the document (a pasted scan or screenshot).</summary>
    ImageText,
}
