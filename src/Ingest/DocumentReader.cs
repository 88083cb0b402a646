using SimilarityEngine.Ingest.Extractors;
using SimilarityEngine.Ingest.Text;

namespace SimilarityEngine.Ingest;

/// <summary>An extracted document with its canonical text, offset map and quality.</summary>
/// <param name="Source">The extraction.</param>
/// <param name="Normalized">Canonical matching text and its map back to <see cref="ExtractedDocument.MatchingText"/>.</param>
/// <param name="Quality">Share of letter tokens that are valid Vietnamese syllables.</param>
public sealed record NormalizedDocument(ExtractedDocument Source, NormalizedText Normalized, double Quality)
{
    /// <summary>The canonical text.</summary>
    public string Text => Normalized.Text;

    /// <summary>What the document did to look original to a checker, found and undone while reading it.</summary>
    public Similarity.Corpus.EvasionSignals Evasion { get; init; } = Similarity.Corpus.EvasionSignals.None;
}

/// <summary>Reads any supported file: picks the extractor by content (magic bytes), not by extension alone;
/// enforces the size limit; normalises the result.</summary>
public sealed class DocumentReader
{
    /// <summary>Below this quality score a document gets a warning that its text may be garbage.</summary>
    public const double LowQuality = 0.6;

    /// <summary>A plain-text file larger than this is read in an isolated worker (memory capped) even when text is
    /// otherwise read in this process.</summary>
    public const long MaxInProcessText = 2L * 1024 * 1024;

    /// <summary>File extensions read when a folder is given (<see cref="DocumentFormats.Extensions"/>).</summary>
    public static IReadOnlyList<string> Extensions => DocumentFormats.Extensions;

    private readonly IngestLimits _limits;
    private readonly Isolation.IsolatedExtraction? _isolation;
    private readonly Func<string, string?>? _toolFinder;

    /// <summary>Creates a reader.</summary>
    /// <param name="limits">Input limits.</param>
    /// <param name="toolFinder">Finds external programs: soffice, pdftoppm, tesseract (default: on PATH).</param>
    /// <param name="isolation">Extract in child processes (normalisation stays here); null: in this process.</param>
    public DocumentReader(IngestLimits? limits = null, Func<string, string?>? toolFinder = null, Isolation.IsolatedExtraction? isolation = null)
    {
        _isolation = isolation;
        _limits = limits ?? IngestLimits.Default;
        _toolFinder = toolFinder;
    }

    /// <summary>The limits in force.</summary>
    public IngestLimits Limits => _limits;

    /// <summary>The isolated workers files are read in, or null (in this process).</summary>
    public Isolation.IsolatedExtraction? Isolation => _isolation;

    /// <summary>Extracts and normalises <paramref name="path"/>.</summary>
    /// <exception cref="DocumentFormatException">The file cannot be read.</exception>
    public NormalizedDocument Read(string path, CancellationToken cancellationToken = default) => Read(path, null, cancellationToken);

    /// <summary>Extracts and normalises <paramref name="path"/>; a Word 97–2003 file that <paramref name="batches"/> converted
    /// already is read from its conversion.</summary>
    /// <exception cref="DocumentFormatException">The file cannot be read.</exception>
    public NormalizedDocument Read(string path, DocBatchConverter? batches, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        return Normalize(ExtractAny(path, batches, cancellationToken));
    }

    /// <summary>Extracts <paramref name="path"/> without normalising, in an isolated worker when this reader has them.</summary>
    /// <exception cref="DocumentFormatException">The file cannot be read.</exception>
    public ExtractedDocument ExtractAny(string path, DocBatchConverter? batches = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(path);
        string? converted = batches?.Take(path, cancellationToken);
        if (_isolation is not null && converted is null && IsPlainText(path) && new FileInfo(path).Length <= MaxInProcessText)
        {
            // PERF: simeng ingest of .txt — plain text has no parser worth a child process: 20,000 .txt reports took 84 s of
            // thread time through the isolated workers and 35 s here. A large one goes to the workers, whose memory is capped:
            // normalising a 99 MB one-line .txt took 3 GB in this process
            return Extract(path, cancellationToken);
        }
        return _isolation is null
            ? converted is null ? Extract(path, cancellationToken) : ExtractConverted(path, converted, cancellationToken)
            : ExtractIsolated(path, converted, cancellationToken);
    }

    // a .txt file whose content is text (a .docx, PDF or program renamed .txt goes to the isolated workers like any other)
    private static bool IsPlainText(string path)
    {
        if (!string.Equals(Path.GetExtension(path), ".txt", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        try
        {
            return File.Exists(path) && DocumentFormats.For(Sniff(path), ".txt")?.Name == "txt";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Normalises an extraction: canonical text, offset map, quality score and its warnings.</summary>
    public static NormalizedDocument Normalize(ExtractedDocument extracted)
    {
        ArgumentNullException.ThrowIfNull(extracted);
        var repairs = TypingRepairs.Apply(TextNormalizer.Normalize(extracted.MatchingText));
        var norm = repairs.Text;
        double q = TextNormalizer.Quality(norm.Text, out int tokens);
        var warnings = extracted.Warnings.ToList();
        if (repairs.SpacedWords > 0)
        {
            warnings.Add($"{repairs.SpacedWords} word(s) written with their letters spaced apart were joined (\"t r ư ờ n g\" → \"trường\")");
        }
        if (repairs.ViqrWords + repairs.TelexWords > 0)
        {
            warnings.Add($"{repairs.ViqrWords + repairs.TelexWords} word(s) typed as VIQR or Telex keys were decoded (\"Vie^.t\" → \"Việt\", \"truwowngf\" → \"trường\")");
        }
        if (tokens == 0)
        {
            warnings.Add("the document holds no text to compare");
        }
        else if (q < LowQuality)
        {
            warnings.Add($"extraction quality {q:0.00}: under {LowQuality:0.00} of words are Vietnamese syllables (not Vietnamese, undecoded legacy font, or OCR garbage)");
        }
        return new NormalizedDocument(extracted with { Warnings = warnings }, norm, q)
        {
            Evasion = EvasionScan.Of(extracted, repairs),
        };
    }

    /// <summary>The checks before a file is opened, on what a link finally points at: exists, a regular file, not empty,
    /// not over the size limit.</summary>
    /// <exception cref="DocumentFormatException">The file is refused.</exception>
    public void CheckFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        FileSystemInfo info = new FileInfo(path);
        try
        {
            // a link's own size is that of its target's name: size and type are taken from the final target
            if (info.LinkTarget is not null)
            {
                info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
            }
        }
        catch (IOException ex)
        {
            throw new DocumentFormatException(path, $"a broken or looping link ({ex.Message})");
        }
        if (FileKind.NotRegularReason(path) is { } special)
        {
            throw new DocumentFormatException(path, special);
        }
        if (!info.Exists || info is not FileInfo file)
        {
            throw new DocumentFormatException(path, info is DirectoryInfo ? "a folder, not a file" : "file not found");
        }
        if (file.Length == 0)
        {
            throw new DocumentFormatException(path, "the file is empty (0 bytes), or not a regular file (a device or a pipe)");
        }
        if (file.Length > _limits.MaxFileBytes)
        {
            throw new DocumentFormatException(path, $"the file is {file.Length:N0} bytes, over the limit of {_limits.MaxFileBytes:N0}");
        }
    }

    private ExtractedDocument ExtractIsolated(string path, string? converted, CancellationToken cancellationToken)
    {
        CheckFile(path);
        return _isolation!.Extract(path, _limits, cancellationToken, converted);
    }

    /// <summary>Extracts a Word 97–2003 file from the .docx LibreOffice already made of it (<see cref="DocBatchConverter"/>).</summary>
    /// <exception cref="DocumentFormatException">The conversion cannot be read.</exception>
    public ExtractedDocument ExtractConverted(string path, string converted, CancellationToken cancellationToken = default)
    {
        CheckFile(path);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_limits.Timeout);
        try
        {
            return new DocxExtractor(_limits, _toolFinder).Extract(converted, path, "doc", cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new DocumentFormatException(path, _limits.TimeoutReason);
        }
    }

    /// <summary>Starts converting the Word 97–2003 files among <paramref name="paths"/> in batches (two LibreOffice processes at
    /// a time), for <see cref="Read(string, DocBatchConverter?, CancellationToken)"/> to take; null when there are fewer than
    /// two, LibreOffice is missing, or the limits turn batches off (<see cref="IngestLimits.DocBatches"/>).</summary>
    public DocBatchConverter? StartBatches(IEnumerable<string> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        if (!_limits.DocBatches)
        {
            return null;
        }
        var docs = paths.Where(p => IsWordBinary(p) && new FileInfo(p).Length <= _limits.MaxFileBytes).ToList();
        if (docs.Count < 2 || (_toolFinder ?? ExternalTool.Find)("soffice") is not { } soffice)
        {
            return null;
        }
        var converter = new DocBatchConverter(soffice, _limits);
        converter.Start(docs, Math.Clamp(Environment.ProcessorCount, 1, 2));
        return converter;
    }

    /// <summary>True when the file's content is a Word 97–2003 binary document (what <see cref="DocBatchConverter"/> converts).</summary>
    public static bool IsWordBinary(string path)
    {
        try
        {
            return Sniff(path) == "ole" && Path.GetExtension(path).Equals(".doc", StringComparison.OrdinalIgnoreCase);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }

    /// <summary>Extracts <paramref name="path"/> without normalising.</summary>
    /// <exception cref="DocumentFormatException">The file cannot be read.</exception>
    public ExtractedDocument Extract(string path, CancellationToken cancellationToken = default)
    {
        CheckFile(path);
        string ext = Path.GetExtension(path).ToLowerInvariant();
        var kind = Sniff(path);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cts.CancelAfter(_limits.Timeout);
        // OCR of a long scan takes longer than one file's limit: every page done restarts the clock (the OCR budget,
        // in time and pages, bounds the whole)
        using var keeper = ExtractionProgress.Listen((stage, _, _) =>
        {
            if (stage == ExtractionProgress.Ocr)
            {
                try
                {
                    cts.CancelAfter(_limits.Timeout);
                }
                catch (ObjectDisposedException)
                {
                }
            }
        });
        try
        {
            return ExtractWith(path, ext, kind, cts.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // the per-file time limit, not the caller: a failure of this file like any other
            throw new DocumentFormatException(path, _limits.TimeoutReason);
        }
    }

    /// <summary>The checks made before any work starts: the file passes <see cref="CheckFile"/> and its content (not its
    /// name) is a format this reader can read under its extension.</summary>
    /// <exception cref="DocumentFormatException">The file is refused, with the reason.</exception>
    public void Admit(string path)
    {
        CheckFile(path);
        _ = ExtractorFor(path, Path.GetExtension(path).ToLowerInvariant(), Sniff(path));
    }

    // the registered format that reads this content under this name, or the reason none does
    private static FileFormat FormatFor(string path, string ext, string kind)
    {
        if (kind == "ole" && ext == ".docx")
        {
            throw new DocumentFormatException(path, IsEncryptedOoxml(path)
                ? "the .docx is password-protected (encrypted); save it without a password"
                : "the file is a legacy Word .doc named .docx; rename it to .doc");
        }
        if (kind == "odf-other")
        {
            throw new DocumentFormatException(path,
                "the file is an OpenDocument spreadsheet, presentation or drawing, not a text document; save it as .odt, .docx or PDF");
        }
        if (DocumentFormats.For(kind, ext) is { } format)
        {
            return format;
        }
        bool named = DocumentFormats.Named(ext) is not null;
        throw new DocumentFormatException(path, kind == "binary" && named
            ? $"the content is not a {ext} file: it is binary data of another kind (a program, an image or an archive?)"
            : named
                ? $"the content is not a {ext} file (unrecognised or damaged header)"
                : $"unsupported file type '{ext}' (supported: {DocumentFormats.ExtensionList})");
    }

    private IDocumentExtractor ExtractorFor(string path, string ext, string kind) =>
        FormatFor(path, ext, kind).Create(kind, _limits, _toolFinder);

    private ExtractedDocument ExtractWith(string path, string ext, string kind, CancellationToken token)
    {
        var format = FormatFor(path, ext, kind);
        var d = format.Create(kind, _limits, _toolFinder).Extract(path, token);
        if (format.IsNamed(ext) || !ext.StartsWith('.'))
        {
            return d;
        }
        // mislabelled but readable: say so and go on
        string what = format.Name == "web" ? FormatName(kind) : format.Called;
        string how = format.ByLibreOffice ? "converted by LibreOffice" : $"read as {(format.Name == "pdf" ? "PDF" : format.Extensions[0])}";
        return d with { Warnings = [.. d.Warnings, $"the file is named {ext} but is {what}; {how}"] };
    }

    private static string Sniff(string path)
    {
        // a FIFO or a device is never opened (opening a FIFO waits for a writer for ever); an empty file has nothing to sniff
        if (FileKind.Of(path) is FileKindValue.Fifo or FileKindValue.Device or FileKindValue.Socket || new FileInfo(path) is { Exists: true, Length: 0 })
        {
            return "empty";
        }
        // PDF readers accept "%PDF" anywhere in the first 1 KiB (files saved from web pages carry a few bytes of junk first)
        Span<byte> head = stackalloc byte[1024];
        using var fs = File.OpenRead(path);
        int n = fs.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        if (n >= 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4)
        {
            // OpenDocument stores its MIME type first and uncompressed; a zip that does not is looked into
            return head.IndexOf("mimetypeapplication/vnd.oasis.opendocument.text"u8) >= 0 ? "odt"
                : head.IndexOf("mimetypeapplication/vnd.oasis.opendocument."u8) >= 0 ? "odf-other"
                : IsOpenDocumentText(path) ? "odt" : "zip";
        }
        if (n >= 8 && head[0] == 0xD0 && head[1] == 0xCF && head[2] == 0x11 && head[3] == 0xE0)
        {
            return "ole";
        }
        if (head.IndexOf("%PDF-"u8) >= 0)
        {
            return "pdf";
        }
        if (head.StartsWith("{\\rtf"u8))
        {
            return "rtf";
        }
        // text formats Word opens under a .doc name: HTML and MHT saved from web pages, Word 2003 XML
        string text = System.Text.Encoding.UTF8.GetString(head).TrimStart('\uFEFF', ' ', '\t', '\r', '\n').ToLowerInvariant();
        if (text.StartsWith("mime-version:", StringComparison.Ordinal) || text.Contains("content-type: multipart/related", StringComparison.Ordinal))
        {
            return "mht";
        }
        if (text.StartsWith("<?xml", StringComparison.Ordinal) && (text.Contains("word.document", StringComparison.Ordinal) || text.Contains("<w:worddocument", StringComparison.Ordinal)))
        {
            return "wordxml";
        }
        if (text.StartsWith("<!doctype html", StringComparison.Ordinal) || text.StartsWith("<html", StringComparison.Ordinal) ||
            (text.StartsWith('<') && text.Contains("<html", StringComparison.Ordinal)))
        {
            return "html";
        }
        // UTF-16 text carries NULs after a byte-order mark, or without one every other byte (Latin letters, digits, spaces);
        // any other NUL in the head is binary (a program, an image…)
        bool bom16 = n >= 2 && ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF));
        return !bom16 && !Extractors.TxtExtractor.LooksLikeUtf16(head) && head.IndexOf((byte)0) >= 0 ? "binary" : "text";
    }

    // an OpenDocument text written without its MIME type first: content.xml and no Word part
    private static bool IsOpenDocumentText(string path)
    {
        try
        {
            using var zip = System.IO.Compression.ZipFile.OpenRead(path);
            return zip.GetEntry("content.xml") is not null && zip.GetEntry("word/document.xml") is null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }

    /// <summary>The name of a sniffed text format, for warnings.</summary>
    private static string FormatName(string kind) => kind switch
    {
        "rtf" => "RTF",
        "mht" => "MHT (a web archive)",
        "wordxml" => "Word 2003 XML",
        "html" => "HTML (a web page)",
        _ => kind,
    };

    // Encrypted OOXML is an OLE container holding an "EncryptedPackage" stream (name stored in UTF-16).
    private static bool IsEncryptedOoxml(string path)
    {
        var needle = System.Text.Encoding.Unicode.GetBytes("EncryptedPackage");
        using var fs = File.OpenRead(path);
        var buf = new byte[Math.Min(fs.Length, 1 << 20)];
        int n = fs.Read(buf, 0, buf.Length);
        return buf.AsSpan(0, n).IndexOf(needle) >= 0;
    }
}
