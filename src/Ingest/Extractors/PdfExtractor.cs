using System.Text;
using System.Text.RegularExpressions;
using SimilarityEngine.Ingest.Legacy;
using SimilarityEngine.Ingest.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Extracts PDF with PdfPig: lines in content order joined into paragraphs, running headers, footers and
/// page numbers dropped, legacy text layers decoded, pages without a usable text layer sent to OCR.</summary>
public sealed partial class PdfExtractor : IDocumentExtractor
{
    /// <summary>What to install for OCR.</summary>
    public const string OcrInstallHint = "install Tesseract with Vietnamese and poppler (Debian: apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils)";

    private readonly IngestLimits _limits;
    private readonly Func<string, string?> _findTool;

    /// <summary>Creates the extractor.</summary>
    /// <param name="limits">Input limits.</param>
    /// <param name="findTool">Finds an external program by name (default: on PATH); tests use it to take OCR away.</param>
    public PdfExtractor(IngestLimits? limits = null, Func<string, string?>? findTool = null)
    {
        _limits = limits ?? IngestLimits.Default;
        _findTool = findTool ?? ExternalTool.Find;
    }

    /// <summary>True when pdftoppm and tesseract are on PATH.</summary>
    public static bool OcrAvailable => ExternalTool.Find("pdftoppm") is not null && ExternalTool.Find("tesseract") is not null;

    private bool OcrHere => _findTool("pdftoppm") is not null && _findTool("tesseract") is not null;

    private sealed record PageText(int Number, List<string> Lines, string? Font, bool NeedsOcr, string? Why, bool Ocred = false);

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitsRegex();

    [GeneratedRegex(@"^\s*(?:-\s*)?(?:trang|page)?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*(?:-)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumberRegex();

    /// <inheritdoc />
    public ExtractedDocument Extract(string path, CancellationToken cancellationToken = default)
    {
        RefuseDeepPageTree(path, _limits.MaxPageTreeNodes);
        var warnings = new List<string>();
        var pages = new List<PageText>();
        int pageCount;
        try
        {
            using var pdf = PdfDocument.Open(path, new ParsingOptions { UseLenientParsing = true, SkipMissingFonts = true });
            pageCount = pdf.NumberOfPages;
            if (pageCount == 0)
            {
                throw new DocumentFormatException(path, "the PDF has no pages");
            }
            if (pageCount > _limits.MaxPages)
            {
                warnings.Add($"only the first {_limits.MaxPages} of {pageCount} pages were read (page limit)");
            }
            for (int n = 1; n <= Math.Min(pageCount, _limits.MaxPages); n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                pages.Add(ReadPage(pdf, n, warnings));
                ExtractionProgress.Report(ExtractionProgress.Pages, n, Math.Min(pageCount, _limits.MaxPages));
            }
        }
        catch (DocumentFormatException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw new DocumentFormatException(path, _limits.TimeoutReason);
        }
        catch (Exception ex) when (ex.GetType().Name == "PdfDocumentEncryptedException")
        {
            throw new DocumentFormatException(path, "the PDF is encrypted with a password; open it and save it without one", null, ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not StackOverflowException)
        {
            throw new DocumentFormatException(path, $"corrupt, truncated or not a PDF ({ex.GetType().Name}: {ex.Message})", null, ex);
        }

        // OCR the pages without a usable text layer
        var ocrPages = pages.Where(p => p.NeedsOcr).ToList();
        if (ocrPages.Count > 0)
        {
            string which = PageList(ocrPages.Select(p => p.Number));
            string why = string.Join("; ", ocrPages.Select(p => p.Why).Distinct());
            if (!OcrHere)
            {
                warnings.Add($"page(s) {which}: {why}; no text taken from them ({OcrInstallHint})");
            }
            else
            {
                var todo = ocrPages.Take(_limits.OcrMaxPages).ToList();
                var results = new List<string>?[todo.Count];
                var errors = new string?[todo.Count];
                int ocrDone = 0;
                ExtractionProgress.Report(ExtractionProgress.Ocr, 0, todo.Count);
                Parallel.For(0, todo.Count, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellationToken }, i =>
                {
                    try
                    {
                        results[i] = Ocr(path, todo[i].Number, cancellationToken);
                    }
                    catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                    {
                        errors[i] = $"page {todo[i].Number}: OCR failed ({ex.Message})";
                    }
                    ExtractionProgress.Report(ExtractionProgress.Ocr, Interlocked.Increment(ref ocrDone), todo.Count);
                });
                for (int i = 0; i < todo.Count; i++)
                {
                    if (results[i] is { } lines)
                    {
                        pages[pages.IndexOf(todo[i])] = todo[i] with { Lines = lines, NeedsOcr = false, Ocred = true };
                    }
                }
                var failed = errors.Where(e => e is not null).ToList();
                if (failed.Count > 0)
                {
                    warnings.Add(failed.Count == 1 ? failed[0]! : $"{failed.Count} pages failed OCR, e.g. {failed[0]}");
                }
                warnings.Add($"page(s) {which}: {why}; text read by OCR (Tesseract, vie)");
                if (ocrPages.Count > _limits.OcrMaxPages)
                {
                    warnings.Add($"{ocrPages.Count - _limits.OcrMaxPages} page(s) beyond the OCR limit of {_limits.OcrMaxPages} were not read");
                }
            }
        }

        // legacy text layer: by font name where the PDF kept it, else by statistics over the whole document
        var encoding = LegacyEncoding.None;
        bool caps = false;
        var fontEnc = pages.Select(p => LegacyDecoder.FromFontName(p.Font)).FirstOrDefault(e => e.Encoding != LegacyEncoding.None);
        string all = string.Join('\n', pages.Where(p => !p.Ocred).SelectMany(p => p.Lines));
        if (fontEnc.Encoding != LegacyEncoding.None)
        {
            (encoding, caps) = fontEnc;
        }
        else
        {
            var det = LegacyDetector.Detect(all);
            encoding = det.Encoding;
        }

        // the lost-ư repair runs only on a document that lost its ư, decided on the whole text (not per paragraph: a
        // line-end hyphen that was an ư comes back as one when lines are joined)
        bool uLost = encoding == LegacyEncoding.Tcvn3 && LegacyDetector.ShowsLostU(LegacyDecoder.Decode(all, encoding, caps));
        var blocks = new List<TextBlock>();
        var running = RunningLines(pages);
        int repairs = 0;
        // paragraphs may run across pages: join the body lines of all pages, remembering each line's page
        var bodyLines = new List<string>();
        var linePages = new List<int>();
        var lineEnc = new List<LegacyEncoding>();
        foreach (var p in pages)
        {
            var pageEnc = p.Ocred ? LegacyEncoding.None : encoding;
            for (int i = 0; i < p.Lines.Count; i++)
            {
                string line = p.Lines[i];
                bool edge = i < 3 || i >= p.Lines.Count - 3;
                if (edge && (running.Contains(Mask(line)) || PageNumberRegex().IsMatch(line)))
                {
                    blocks.Add(new TextBlock(BlockKind.HeaderFooter, Decode(line, pageEnc, caps, uLost, ref repairs), p.Number, pageEnc));
                    continue;
                }
                bodyLines.Add(line);
                linePages.Add(p.Number);
                lineEnc.Add(pageEnc);
            }
        }
        foreach (var (para, firstLine) in PdfLineBuilder.JoinLinesWithIndex(bodyLines, encoding))
        {
            var enc = lineEnc[firstLine];
            blocks.Add(new TextBlock(BlockKind.Paragraph, Decode(para, enc, caps, uLost, ref repairs), linePages[firstLine], enc));
        }
        if (encoding != LegacyEncoding.None)
        {
            warnings.Add($"text layer is in the legacy {encoding} encoding; decoded");
        }
        if (repairs > 0)
        {
            warnings.Add($"legacy-lossy: the TCVN3 letter 'ư' was lost in this PDF; {repairs} word(s) repaired by guess");
        }
        return new ExtractedDocument(path, "pdf", blocks, warnings, DocumentProperties.Empty, pageCount);
    }

    // a tree nested tens of thousands deep overflows the recursive page-tree reader; a byte scan for "/Type /Pages" objects: cheap, before the parser recurses (object streams can hide them: isolation is the backstop)
    private static void RefuseDeepPageTree(string path, int maxNodes)
    {
        // streamed in blocks that overlap by a needle's length: the file is not held in memory a second time
        byte[][] needles = ["/Type /Pages"u8.ToArray(), "/Type/Pages"u8.ToArray()];
        const int overlap = 11;
        var buffer = new byte[1 << 20];
        int count = 0;
        int kept = 0;
        using var fs = File.OpenRead(path);
        int read;
        while ((read = fs.Read(buffer, kept, buffer.Length - kept)) > 0)
        {
            var block = buffer.AsSpan(0, kept + read);
            foreach (var needle in needles)
            {
                var rest = block;
                int at;
                while ((at = rest.IndexOf(needle)) >= 0)
                {
                    // a match wholly inside the kept overlap was counted in the previous block
                    if (block.Length - rest.Length + at + needle.Length > kept)
                    {
                        count++;
                    }
                    rest = rest[(at + needle.Length)..];
                }
            }
            kept = Math.Min(overlap, block.Length);
            block[^kept..].CopyTo(buffer);
        }
        if (count > maxNodes)
        {
            throw new DocumentFormatException(path, $"the page tree has {count:N0} intermediate nodes (limit {maxNodes:N0}; a file built to crash readers); refused");
        }
    }

    /// <summary>"1-3, 5": page numbers as ranges.</summary>
    public static string PageList(IEnumerable<int> numbers)
    {
        var list = numbers.Order().ToList();
        var parts = new List<string>();
        for (int i = 0; i < list.Count;)
        {
            int j = i;
            while (j + 1 < list.Count && list[j + 1] == list[j] + 1)
            {
                j++;
            }
            parts.Add(j == i ? $"{list[i]}" : $"{list[i]}-{list[j]}");
            i = j + 1;
        }
        return string.Join(", ", parts);
    }

    private static string Decode(string text, LegacyEncoding enc, bool caps, bool uLost, ref int repairs)
    {
        if (enc == LegacyEncoding.None)
        {
            return text;
        }
        string d = LegacyDecoder.Decode(text, enc, caps);
        if (enc == LegacyEncoding.Tcvn3 && uLost)
        {
            var (fixedText, n) = LegacyDetector.RepairLostU(d);
            repairs += n;
            return fixedText;
        }
        return d;
    }

    private static PageText ReadPage(PdfDocument pdf, int number, List<string> warnings)
    {
        Page page;
        try
        {
            page = pdf.GetPage(number);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            warnings.Add($"page {number}: unreadable ({ex.Message})");
            return new PageText(number, [], null, false, null);
        }
        var letters = page.Letters;
        int visible = 0;
        int letterCount = 0;
        var fonts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in letters)
        {
            if (l.RenderingMode != UglyToad.PdfPig.Core.TextRenderingMode.Neither)
            {
                visible++;
            }
            if (l.Value.Length > 0 && char.IsLetter(l.Value[0]))
            {
                letterCount++;
            }
            if (l.FontName is { } f)
            {
                fonts[f] = fonts.TryGetValue(f, out int c) ? c + 1 : 1;
            }
        }
        string font = fonts.Count == 0 ? "" : fonts.MaxBy(kv => kv.Value).Key;
        var lines = PdfLineBuilder.PositionalLines(letters);
        string text = string.Join('\n', lines);
        bool hasImages = false;
        try
        {
            hasImages = page.GetImages().Any();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            warnings.Add($"page {number}: images unreadable ({ex.Message})");
        }
        if (letterCount < 10)
        {
            return new PageText(number, lines, font, hasImages, hasImages ? "no text layer (scanned page)" : null);
        }
        if (TextLayerUnreadable(text, letterCount))
        {
            return new PageText(number, lines, font, true, "text layer unreadable (fonts without a Unicode map)");
        }
        return new PageText(number, lines, font, false, null);
    }

    /// <summary>True when a page's text layer is garbage (glyphs without a Unicode map): few letters among its visible
    /// characters, no legacy encoding to decode, and not readable as Vietnamese.</summary>
    public static bool TextLayerUnreadable(string text, int letterCount)
    {
        ArgumentNullException.ThrowIfNull(text);
        // dot leaders, digits and dashes of a table of contents, and invisible format characters (zero-width spaces in
        // code listings) are not signs of a broken text layer
        int nonSpace = text.Count(c => !char.IsWhiteSpace(c) && !char.IsDigit(c) && c is not ('.' or '…' or '-' or '_' or '·')
                                       && System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) != System.Globalization.UnicodeCategory.Format);
        if (nonSpace == 0 || (double)letterCount / nonSpace >= 0.5 || LegacyDetector.Detect(text).Encoding != LegacyEncoding.None)
        {
            return false;
        }
        // a layer that reads as Vietnamese is kept, whatever else the page holds: OCR would only lose names and marks
        return Text.TextNormalizer.Quality(Text.TextNormalizer.Normalize(text).Text, out int tokens) < 0.8 || tokens < 20;
    }

    private List<string> Ocr(string path, int page, CancellationToken ct)
    {
        var tmp = ExternalTool.PrivateTempDirectory("simeng-ocr-");
        try
        {
            string prefix = Path.Combine(tmp.FullName, "p");
            var (code, _, err) = ExternalTool.Run(_findTool("pdftoppm")!,
                ["-r", "300", "-gray", "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l",
                    page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", Path.GetFullPath(path), prefix], _limits.Timeout, tmp.FullName, ct);
            var png = Directory.GetFiles(tmp.FullName, "p*.png").FirstOrDefault();
            if (code != 0 || png is null)
            {
                throw new InvalidOperationException($"pdftoppm failed (exit {code}): {err.Trim()}");
            }
            var (tcode, output, terr) = ExternalTool.Run(_findTool("tesseract")!, [png, "stdout", "-l", "vie", "--psm", "6"], _limits.Timeout, tmp.FullName, ct);
            if (tcode != 0)
            {
                throw new InvalidOperationException($"tesseract failed (exit {tcode}): {terr.Trim()}");
            }
            return output.Normalize(NormalizationForm.FormC).Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0).ToList();
        }
        finally
        {
            ExternalTool.TryDelete(tmp);
        }
    }

    private static string Mask(string line) => DigitsRegex().Replace(line.Trim(), "#");

    // Lines at the top or bottom of pages that repeat on at least half of them (digits masked).
    private static HashSet<string> RunningLines(List<PageText> pages)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in pages)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < p.Lines.Count; i++)
            {
                if (i < 3 || i >= p.Lines.Count - 3)
                {
                    seen.Add(Mask(p.Lines[i]));
                }
            }
            foreach (var s in seen)
            {
                counts[s] = counts.TryGetValue(s, out int c) ? c + 1 : 1;
            }
        }
        int need = Math.Max(3, (pages.Count + 1) / 2);
        return counts.Where(kv => kv.Value >= need).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
    }
}
