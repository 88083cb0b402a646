using SimilarityEngine.Ingest.Extractors;

namespace SimilarityEngine.Ingest;

/// <summary>One file format the reader reads: what it is called, the names it is saved under, what its content looks
/// like to <see cref="DocumentReader"/>'s sniffing, and how its extractor is made.</summary>
/// <param name="Name">Short name (the <see cref="ExtractedDocument.Format"/> of what it extracts).</param>
/// <param name="Called">How a warning names a file of this format ("a .docx", "a PDF").</param>
/// <param name="Extensions">The extensions files of this format are saved under; the first is its own. A folder is read
/// for every registered extension.</param>
/// <param name="Contents">The sniffed contents it reads (<c>zip</c>, <c>odt</c>, <c>ole</c>, <c>pdf</c>, <c>rtf</c>,
/// <c>html</c>, <c>mht</c>, <c>wordxml</c>, <c>text</c>).</param>
/// <param name="Create">Makes the extractor for a sniffed content, with the reader's limits and tool finder.</param>
/// <param name="ByLibreOffice">True when the file is converted by LibreOffice before it is read.</param>
/// <param name="OnlyUnder">The only names the content is read under, or null for any name (plain text is anything that is
/// not another format: a file named .pdf holding text is a damaged PDF, not a text).</param>
public sealed record FileFormat(string Name, string Called, IReadOnlyList<string> Extensions, IReadOnlyList<string> Contents,
    Func<string, IngestLimits, Func<string, string?>?, IDocumentExtractor> Create, bool ByLibreOffice = false, IReadOnlyList<string>? OnlyUnder = null)
{
    /// <summary>True when <paramref name="extension"/> (".docx", lower case) is one of this format's names.</summary>
    public bool IsNamed(string extension) => Extensions.Contains(extension, StringComparer.Ordinal);
}

/// <summary>The formats <see cref="DocumentReader"/> reads, in the order it asks them. The one list of what is read:
/// the CLI's folder walk, the web form's file picker and the upload check all take theirs from here.</summary>
public static class DocumentFormats
{
    /// <summary>Every registered format.</summary>
    public static IReadOnlyList<FileFormat> All { get; } =
    [
        new("docx", "a .docx", [".docx"], ["zip"], (_, l, t) => new DocxExtractor(l, t)),
        new("doc", "a Word 97–2003 .doc", [".doc"], ["ole"], (_, l, t) => new DocExtractor(l, t), ByLibreOffice: true),
        new("odt", "an OpenDocument text (.odt)", [".odt"], ["odt"], (_, l, t) => new OdtExtractor(l, t)),
        new("rtf", "RTF", [".rtf"], ["rtf"], (kind, l, t) => new DocExtractor(l, t, kind), ByLibreOffice: true),
        new("pdf", "a PDF", [".pdf"], ["pdf"], (_, l, t) => new PdfExtractor(l, t)),
        // a web page named .txt is read as the text it is
        new("txt", "plain text", [".txt"], ["text", "html", "mht", "wordxml"], (_, l, _) => new TxtExtractor(l), OnlyUnder: [".txt"]),
        // what Word saves as "Web page" or "Word 2003 XML" and people send under a Word name
        new("web", "a web page or Word 2003 XML", [], ["html", "mht", "wordxml"], (kind, l, t) => new DocExtractor(l, t, kind),
            ByLibreOffice: true, OnlyUnder: [".doc", ".docx", ".rtf"]),
    ];

    /// <summary>Every extension a folder is read for, lower case with the dot, in the order of <see cref="All"/>.</summary>
    public static IReadOnlyList<string> Extensions { get; } = All.SelectMany(f => f.Extensions).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The extensions as people read them: ".docx, .doc, .odt, .rtf, .pdf, .txt".</summary>
    public static string ExtensionList => string.Join(", ", Extensions);

    /// <summary>The format <paramref name="extension"/> names, or null.</summary>
    public static FileFormat? Named(string extension) => All.FirstOrDefault(f => f.IsNamed(extension.ToLowerInvariant()));

    /// <summary>The format that reads the sniffed <paramref name="content"/> of a file named <paramref name="extension"/>,
    /// or null when none does.</summary>
    public static FileFormat? For(string content, string extension) =>
        All.FirstOrDefault(f => f.Contents.Contains(content, StringComparer.Ordinal) && (f.OnlyUnder?.Contains(extension, StringComparer.Ordinal) ?? true));
}
