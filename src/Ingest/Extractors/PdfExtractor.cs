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

    private sealed record PageText(int Number, List<string> Lines, string? Font, bool NeedsOcr, string? Why, bool Ocred = false)
    {
        /// <summary>Share of the page area covered by images (0–1).</summary>
        public double ImageCoverage { get; init; }

        /// <summary>Pixels per inch of the largest image as placed on the page, or null.</summary>
        public int? ImageDpi { get; init; }

        /// <summary>Letters of the text layer.</summary>
        public int Letters { get; init; }

        /// <summary>What happened to the page (filled after OCR).</summary>
        public PageReading Decision { get; init; } = PageReading.Layer;

        /// <summary>The resolution it was OCR'd at.</summary>
        public int? Dpi { get; init; }

        /// <summary>OCR is tried, and its text kept only when it reads as Vietnamese text; else the text layer stays.</summary>
        public bool OcrOnlyIfText { get; init; }

        /// <summary>The isolated top row (a running header candidate), kept out of <see cref="Lines"/> for now.</summary>
        public PdfPageLayout.Band? Top { get; init; }

        /// <summary>The isolated bottom row (a running footer candidate).</summary>
        public PdfPageLayout.Band? Bottom { get; init; }

        /// <summary>Pictures placed on the page that are large enough to hold text (read by OCR when the page keeps its
        /// text layer).</summary>
        public IReadOnlyList<PictureOcr.Picture> TextPictures { get; init; } = [];

        /// <summary>Hashes of the pictures placed on the page (not a page-covering scan).</summary>
        public IReadOnlyList<Similarity.Pictures.PictureHash> Pictures { get; init; } = [];

        /// <summary>Visible letters that continue a word across hidden letters.</summary>
        public IReadOnlySet<UglyToad.PdfPig.Content.Letter>? Glued { get; init; }

        /// <summary>Letters of the text layer that no reader sees, by kind (<see cref="PdfHiddenText"/>).</summary>
        public IReadOnlyDictionary<string, int> Hidden { get; init; } = new Dictionary<string, int>();
    }

    /// <summary>An image covering at least this share of a page makes it a scan when its text layer is thin.</summary>
    public const double ScanCoverage = 0.6;

    /// <summary>A photo of a page placed smaller than the page (a phone screenshot on A4) covering at least this share,
    /// under a text layer of nothing but lines repeated on every page (a watermark), is a scanned page too.</summary>
    public const double PlacedPhotoCoverage = 0.35;

    /// <summary>An OCR of a page rendered below <see cref="OcrDpi"/> whose share of valid syllables is under this is tried
    /// again at <see cref="OcrDpi"/>; the reading with more valid syllables is kept.</summary>
    public const double RetryQuality = 0.9;

    /// <summary>A text layer under a page-covering image with fewer words than this (outside lines repeated on other
    /// pages) is a watermark, a stamp or a page number, not the page's text.</summary>
    public const int ThinLayerWords = 25;

    /// <summary>An invisible text layer (a scanner's OCR) with fewer words carrying Vietnamese marks than this share is
    /// replaced by our OCR.</summary>
    public const double MinMarkedShare = 0.3;

    /// <summary>OCR resolution when the page image does not say (vector pages with unreadable fonts), and the most used.</summary>
    public const int OcrDpi = 300;

    /// <summary>Lowest OCR resolution: a photo taken at less is read at this.</summary>
    public const int MinOcrDpi = 70;

    [GeneratedRegex(@"\d+")]
    private static partial Regex DigitsRegex();

    [GeneratedRegex(@"^\s*(?:-\s*)?(?:trang|page)?\s*\d{1,4}\s*(?:/\s*\d{1,4})?\s*(?:-)?\s*$", RegexOptions.IgnoreCase)]
    private static partial Regex PageNumberRegex();

    /// <inheritdoc />
    public ExtractedDocument Extract(string path, CancellationToken cancellationToken = default)
    {
        RefuseDeepPageTree(path, _limits.MaxPageTreeNodes);
        var warnings = new List<string>();
        var (pages, pageCount) = ReadPages(path, warnings, cancellationToken);
        MarkPhotographedPages(pages);
        OcrPages(path, pages, warnings, cancellationToken);
        var (encoding, caps, uLost) = LayerEncoding(pages);
        var blocks = Blocks(pages, encoding, caps, uLost, warnings);
        var decisions = pages.Select(p => p.Letters < 10 && !p.Ocred && p.Decision == PageReading.Layer
                ? new PageDecision(p.Number, PageReading.Empty.Name())
                : new PageDecision(p.Number, p.Decision.Name(), p.Why, p.Dpi))
            .ToList();
        InsertPictureText(blocks, pages, warnings, cancellationToken);
        var hashes = pages.SelectMany(p => p.Pictures).Take(PictureHashing.MaxPictures).ToList();
        var hidden = HiddenLetters(pages, warnings);
        return new ExtractedDocument(path, "pdf", blocks, warnings, DocumentProperties.Empty, pageCount, decisions, hashes) { HiddenLetters = hidden };
    }

    // Step 1: every page's lines, fonts, pictures and bands (a bad or encrypted file is refused here, naming why).
    private (List<PageText> Pages, int PageCount) ReadPages(string path, List<string> warnings, CancellationToken cancellationToken)
    {
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
            RestoreBands(pages);
        }
        catch (DocumentFormatException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw new DocumentFormatException(path, _limits.TimeoutReason);
        }
        catch (UglyToad.PdfPig.Exceptions.PdfDocumentEncryptedException ex)
        {
            throw new DocumentFormatException(path, "the PDF is encrypted with a password; open it and save it without one", null, ex);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not StackOverflowException)
        {
            throw new DocumentFormatException(path, $"corrupt, truncated or not a PDF ({ex.GetType().Name}: {ex.Message})", null, ex);
        }
        return (pages, pageCount);
    }

    // Step 2: a page-covering image under a thin text layer (a watermark, a stamp, a line repeated on every page) is a
    // scan; a smaller photo under a layer of nothing but a watermark is a photo of a page.
    private static void MarkPhotographedPages(List<PageText> pages)
    {
        var repeated = RunningLines(pages);
        var scattered = RepeatedLines(pages);
        for (int i = 0; i < pages.Count; i++)
        {
            var p = pages[i];
            if (p.NeedsOcr || p.ImageCoverage < PlacedPhotoCoverage || p.Letters < 10)
            {
                continue;
            }
            if (p.ImageCoverage < ScanCoverage)
            {
                // a smaller photo: only when the layer is nothing but the watermark (its pieces repeated on other pages,
                // wherever they stand, and two words at most besides), and OCR must read as text
                if (WordsOutside(p, scattered) <= 2 && pages.Count > 1)
                {
                    pages[i] = p with
                    {
                        NeedsOcr = true,
                        OcrOnlyIfText = true,
                        Why = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                            $"an image covers {p.ImageCoverage:P0} of the page and its text layer holds only lines repeated on other pages (a watermark): photo of a page"),
                    };
                }
                continue;
            }
            int words = WordsOutside(p, repeated);
            if (words < ThinLayerWords)
            {
                pages[i] = p with
                {
                    NeedsOcr = true,
                    Why = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"an image covers {p.ImageCoverage:P0} of the page and its text layer is only {words} word(s) of its own (a watermark or a stamp): scanned page"),
                };
            }
        }
    }

    // Step 3: the pages without a usable text layer read by OCR, within the budget (pages and time), in parallel.
    private void OcrPages(string path, List<PageText> pages, List<string> warnings, CancellationToken cancellationToken)
    {
        var ocrPages = pages.Where(p => p.NeedsOcr).ToList();
        if (ocrPages.Count > 0)
        {
            string which = PageList(ocrPages.Select(p => p.Number));
            if (!OcrHere)
            {
                string why = string.Join("; ", ocrPages.Select(p => p.Why).Distinct());
                warnings.Add($"page(s) {which} need OCR ({why}) but it is not installed; only their text layer, if any, was taken ({OcrInstallHint})");
                foreach (var p in ocrPages)
                {
                    pages[pages.IndexOf(p)] = p with { Decision = PageReading.Skipped, Why = p.Why + "; OCR not installed" };
                }
            }
            else
            {
                var todo = ocrPages.Take(_limits.OcrMaxPages).ToList();
                var results = new List<string>?[todo.Count];
                var errors = new string?[todo.Count];
                var dpis = new int[todo.Count];
                var weak = new bool[todo.Count];
                var clock = System.Diagnostics.Stopwatch.StartNew();
                int ocrDone = 0;
                ExtractionProgress.Report(ExtractionProgress.Ocr, 0, todo.Count);
                Parallel.For(0, todo.Count, new ParallelOptions { MaxDegreeOfParallelism = _limits.Ocr.ParallelPages, CancellationToken = cancellationToken }, i =>
                {
                    if (clock.Elapsed > _limits.OcrBudget)
                    {
                        return; // over the time budget: named in the warning below
                    }
                    try
                    {
                        dpis[i] = OcrResolution(todo[i]);
                        var lines = Ocr(path, todo[i].Number, dpis[i], cancellationToken);
                        var (quality, valid) = Validity(lines);
                        // a low-resolution photo or photocopy may read better upscaled: the reading with more valid syllables stays
                        if (dpis[i] < OcrDpi && _limits.Ocr.Dpi is null && quality < RetryQuality && clock.Elapsed <= _limits.OcrBudget)
                        {
                            var again = Ocr(path, todo[i].Number, OcrDpi, cancellationToken);
                            var (q2, valid2) = Validity(again);
                            if (valid2 > valid)
                            {
                                (lines, dpis[i], quality, valid) = (again, OcrDpi, q2, valid2);
                            }
                        }
                        results[i] = todo[i].OcrOnlyIfText && (valid < MinOcrSyllables || quality < LowOcrQuality) ? null : lines;
                        weak[i] = results[i] is null;
                    }
                    catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
                    {
                        errors[i] = $"page {todo[i].Number}: OCR failed ({ex.Message})";
                    }
                    ExtractionProgress.Report(ExtractionProgress.Ocr, Interlocked.Increment(ref ocrDone), todo.Count);
                });
                var skipped = new List<int>();
                for (int i = 0; i < todo.Count; i++)
                {
                    var p = todo[i];
                    if (results[i] is { } lines)
                    {
                        pages[pages.IndexOf(p)] = p with
                        {
                            Lines = lines,
                            NeedsOcr = false,
                            Ocred = true,
                            Dpi = dpis[i],
                            Decision = p.Letters >= 10 ? PageReading.Replaced : PageReading.Ocr,
                        };
                    }
                    else if (weak[i])
                    {
                        // what OCR read is not text: the page keeps its layer
                        pages[pages.IndexOf(p)] = p with { NeedsOcr = false, Why = p.Why + "; OCR read no text there, the text layer was kept" };
                    }
                    else
                    {
                        pages[pages.IndexOf(p)] = p with { Decision = PageReading.Skipped, Why = p.Why + (errors[i] is null ? "; over the OCR time budget" : "; OCR failed") };
                        if (errors[i] is null)
                        {
                            skipped.Add(p.Number);
                        }
                    }
                }
                var failed = errors.Where(e => e is not null).ToList();
                if (failed.Count > 0)
                {
                    warnings.Add(failed.Count == 1 ? failed[0]! : $"{failed.Count} pages failed OCR, e.g. {failed[0]}");
                }
                foreach (var group in pages.Where(p => p.Ocred).GroupBy(p => p.Why))
                {
                    warnings.Add($"page(s) {PageList(group.Select(p => p.Number))}: {group.Key}; text read by OCR (Tesseract, vie)");
                }
                if (skipped.Count > 0)
                {
                    warnings.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"page(s) {PageList(skipped)} not read: the OCR time budget of {_limits.OcrBudget.TotalMinutes:0} min per file was spent (--ocr-minutes)"));
                }
                if (ocrPages.Count > todo.Count)
                {
                    var over = ocrPages.Skip(todo.Count).ToList();
                    foreach (var p in over)
                    {
                        pages[pages.IndexOf(p)] = p with { Decision = PageReading.Skipped, Why = p.Why + "; over the OCR page budget" };
                    }
                    warnings.Add($"page(s) {PageList(over.Select(p => p.Number))} not read: over the OCR budget of {_limits.OcrMaxPages} pages per file (--ocr-pages)");
                }
            }
        }
    }

    // Step 4: the legacy encoding of the text layer: by font name where the PDF kept it and the bytes drawn confirm it,
    // else by statistics over the whole document; and whether the document lost its ư.
    private static (LegacyEncoding Encoding, bool Caps, bool ULost) LayerEncoding(List<PageText> pages)
    {
        var encoding = LegacyEncoding.None;
        bool caps = false;
        var fontEnc = pages.Select(p => LegacyDecoder.FromFontName(p.Font)).FirstOrDefault(e => e.Encoding != LegacyEncoding.None);
        string all = string.Join('\n', pages.Where(p => !p.Ocred).SelectMany(p => p.Lines));
        if (fontEnc.Encoding != LegacyEncoding.None && LegacyDetector.Confirms(all, fontEnc.Encoding, fontEnc.Capitals))
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
        return (encoding, caps, uLost);
    }

    // Step 5: paragraphs (they may run across pages: the body lines of all pages joined, each line's page remembered),
    // running lines and page numbers set apart, legacy text decoded.
    private static List<TextBlock> Blocks(List<PageText> pages, LegacyEncoding encoding, bool caps, bool uLost, List<string> warnings)
    {
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
        return blocks;
    }

    // Step 6: hidden letters count where the text layer was kept (a page read by OCR did not use its layer).
    private static Dictionary<string, int> HiddenLetters(List<PageText> pages, List<string> warnings)
    {
        var hidden = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in pages.Where(p => !p.Ocred && p.Decision == PageReading.Layer))
        {
            foreach (var (kind, n) in p.Hidden)
            {
                hidden[kind] = hidden.GetValueOrDefault(kind) + n;
            }
        }
        if (hidden.Count > 0)
        {
            warnings.Add($"{hidden.Values.Sum()} letter(s) that no reader sees were left out of the text layer ("
                + string.Join(", ", hidden.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value}")) + ")");
        }
        return hidden;
    }

    // Pictures on pages that kept their text layer (a screenshot of a table, a pasted scan) are read by OCR, within the
    // budget; their text goes after the last paragraph of their page as "image-text" blocks. A picture placed on several
    // pages (the same bytes: a logo, a slide's decoration) is read once; its text is kept only when it reads well as
    // Vietnamese (a logo's stray letters "2g SẢn Đ F ` co" are not text) and goes after the first page it is on, once.
    private void InsertPictureText(List<TextBlock> blocks, List<PageText> pages, List<string> warnings, CancellationToken ct)
    {
        var wanted = pages.Where(p => !p.Ocred && p.Decision is PageReading.Layer).SelectMany(p => p.TextPictures.Select(x => (Page: p.Number, Picture: x))).ToList();
        if (wanted.Count == 0)
        {
            return;
        }
        var groups = wanted.GroupBy(w => Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(w.Picture.Bytes)))
            .Select(g => (Picture: g.First().Picture, Pages: g.Select(w => w.Page).Distinct().Order().ToList())).ToList();
        if (_findTool("tesseract") is not { } tesseract)
        {
            warnings.Add($"{groups.Count} picture(s) that may hold text were not read ({OcrInstallHint})");
            return;
        }
        var failures = new List<string>();
        var texts = PictureOcr.Read(groups.Select(g => g.Picture).ToList(), tesseract, _limits, failures, ct);
        warnings.AddRange(failures);
        var readPages = new SortedSet<int>();
        var decorations = new List<int>();
        var placed = new List<(int Page, List<string> Paragraphs)>();
        for (int i = 0; i < groups.Count; i++)
        {
            if (texts[i] is not { } paragraphs)
            {
                continue;
            }
            if (groups[i].Pages.Count >= RepeatedPicturePages && !RepeatedPictureKept(paragraphs))
            {
                decorations.Add(groups[i].Pages.Count);
                continue;
            }
            placed.Add((groups[i].Pages[0], paragraphs));
        }
        // from the last picture back, so that the pictures of one page keep their order
        foreach (var (page, paragraphs) in placed.Select((x, k) => (x, k)).OrderByDescending(x => x.x.Page).ThenByDescending(x => x.k).Select(x => x.x))
        {
            int after = blocks.FindLastIndex(b => b.PageNumber is int n && n <= page);
            blocks.InsertRange(after + 1, paragraphs.Select(t => new TextBlock(BlockKind.ImageText, t, page)));
            readPages.Add(page);
        }
        if (readPages.Count > 0)
        {
            warnings.Add($"picture(s) of text on page(s) {PageList(readPages)} read by OCR (Tesseract, vie); their text counts in matching");
        }
        if (decorations.Count > 0)
        {
            warnings.Add($"{decorations.Count} picture(s) repeated on {string.Join(", ", decorations)} pages (a logo or decoration) left out: OCR gave no readable text");
        }
    }

    /// <summary>A picture on at least this many pages is a logo or a decoration: read once, kept only when its text reads
    /// as Vietnamese at <see cref="RepeatedPictureQuality"/>.</summary>
    public const int RepeatedPicturePages = 3;

    /// <summary>Share of valid syllables a repeated picture's text needs to be kept.</summary>
    public const double RepeatedPictureQuality = 0.85;

    /// <summary>True when the text OCR read from a picture repeated on many pages reads as Vietnamese (kept), false for a
    /// logo's or a decoration's stray letters.</summary>
    public static bool RepeatedPictureKept(IEnumerable<string> paragraphs) =>
        TextNormalizer.Quality(TextNormalizer.Normalize(string.Join(' ', paragraphs)).Text, out _) >= RepeatedPictureQuality;

    // Header and footer bands: an isolated top (bottom) row at one height on at least half of the pages (and two) runs
    // across pages, whatever its text ("Chương 1: …" then "Chương 2: …"), and is left out; elsewhere it is body text
    // and goes back where it stood.
    // A band whose text is different on every page and shares no beginning or end with the others (each slide's own title
    // at one height) is not a running header: a running header's text, its numbers aside, stands on two pages or more, or
    // its changing part sits beside a fixed one ("Chương 1: …" then "Chương 2: …", "… GVHD: Trần Thị Lan").
    private static void RestoreBands(List<PageText> pages)
    {
        var tops = pages.Select(p => p.Top?.Y).ToList();
        var bottoms = pages.Select(p => p.Bottom?.Y).ToList();
        var topTexts = pages.Select(p => p.Top is { } b ? BandText(b) : null).ToList();
        var bottomTexts = pages.Select(p => p.Bottom is { } b ? BandText(b) : null).ToList();
        bool Runs(List<double?> ys, List<string?> texts, PdfPageLayout.Band band)
        {
            var at = Enumerable.Range(0, ys.Count).Where(k => ys[k] is double v && Math.Abs(v - band.Y) <= 2).ToList();
            if (at.Count < Math.Max(2, (pages.Count + 1) / 2))
            {
                return false;
            }
            var same = at.Select(k => texts[k] ?? "").ToList();
            return same.GroupBy(t => t, StringComparer.Ordinal).Any(g => g.Count() >= 2)
                || CommonEnds(same) >= MinSharedHeaderChars;
        }
        for (int i = 0; i < pages.Count; i++)
        {
            var p = pages[i];
            if (p.Top is null && p.Bottom is null)
            {
                continue;
            }
            var lines = p.Lines;
            if (p.Top is { } top && !Runs(tops, topTexts, top))
            {
                lines = [.. PdfLineBuilder.PositionalLines(top.Letters, p.Glued), .. lines];
            }
            if (p.Bottom is { } bottom && !Runs(bottoms, bottomTexts, bottom))
            {
                lines = [.. lines, .. PdfLineBuilder.PositionalLines(bottom.Letters, p.Glued)];
            }
            pages[i] = p with { Lines = lines, Top = null, Bottom = null };
        }
    }

    /// <summary>Characters (spaces and digits aside) the texts of a band must share at their beginning or their end, when
    /// they differ, to be a running header.</summary>
    public const int MinSharedHeaderChars = 5;

    // the longer of the common beginning and the common end of the texts
    private static int CommonEnds(List<string> texts)
    {
        int prefix = texts.Min(t => t.Length), suffix = prefix;
        for (int i = 1; i < texts.Count; i++)
        {
            prefix = Math.Min(prefix, texts[0].AsSpan().CommonPrefixLength(texts[i]));
            int n = 0;
            while (n < suffix && n < texts[i].Length && n < texts[0].Length && texts[0][^(n + 1)] == texts[i][^(n + 1)])
            {
                n++;
            }
            suffix = n;
        }
        return Math.Max(prefix, suffix);
    }

    // a band's letters without digits or spaces, lower case: "Trang 3" and "Trang 4" are one text
    private static string BandText(PdfPageLayout.Band band)
    {
        var sb = new StringBuilder(band.Letters.Count);
        foreach (var l in band.Letters)
        {
            foreach (char c in l.Value)
            {
                if (!char.IsDigit(c) && !char.IsWhiteSpace(c))
                {
                    sb.Append(char.ToLowerInvariant(c));
                }
            }
        }
        return sb.ToString();
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
        // letters no reader sees (1-pt, white, an invisible second text, off the page) are hidden text: left out and counted
        var (letters, hiddenLetters, glued) = PdfHiddenText.Filter(page, page.Letters);
        int invisible = 0;
        int letterCount = 0;
        var fonts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var l in letters)
        {
            bool isLetter = l.Value.Length > 0 && char.IsLetter(l.Value[0]);
            if (isLetter)
            {
                letterCount++;
                if (l.RenderingMode == UglyToad.PdfPig.Core.TextRenderingMode.Neither)
                {
                    invisible++;
                }
            }
            if (l.FontName is { } f)
            {
                fonts[f] = fonts.TryGetValue(f, out int c) ? c + 1 : 1;
            }
        }
        string font = fonts.Count == 0 ? "" : fonts.MaxBy(kv => kv.Value).Key;
        // the isolated top and bottom rows are kept apart until the whole document shows whether they run across pages
        // a page whose text runs sideways (/Rotate, a landscape table across a portrait page) is read turned upright
        var (upright, uprightHeight, uprightGlued) = PdfUpright.Turn(letters, page.Width, page.Height, glued);
        var (body, top, bottom) = PdfPageLayout.SplitBands(upright, uprightHeight);
        var lines = PdfPageLayout.ReadingGroups(body).SelectMany(g => PdfLineBuilder.PositionalLines(g, uprightGlued)).ToList();
        string text = string.Join('\n', lines);
        var pictures = new List<Similarity.Pictures.PictureHash>();
        var textPictures = new List<PictureOcr.Picture>();
        var (coverage, dpi) = Images(page, number, warnings, pictures, textPictures);
        var result = new PageText(number, lines, font, false, null)
        {
            ImageCoverage = coverage,
            ImageDpi = dpi,
            Letters = letterCount,
            Pictures = pictures,
            Top = top,
            Bottom = bottom,
            TextPictures = textPictures,
            Hidden = hiddenLetters,
            Glued = glued.Count == 0 ? null : glued,
        };
        if (letterCount < 10)
        {
            if (coverage > 0)
            {
                return result with { NeedsOcr = true, Why = "no text layer (scanned page)" };
            }
            // a copy printed through a PDF printer "as outlines" draws every glyph as a filled path: read it by OCR
            int shapes = FilledShapes(page);
            return shapes >= OutlineShapes
                ? result with { NeedsOcr = true, Why = $"no text layer, the text is drawn as outlines ({shapes} filled shapes)" }
                : result;
        }
        // a scanner's own OCR is drawn invisible (render mode 3) over the page image: keep it only when it reads as Vietnamese
        if (invisible >= 0.8 * letterCount && coverage >= ScanCoverage)
        {
            double marked = MarkedShare(text);
            double quality = Text.TextNormalizer.Quality(Text.TextNormalizer.Normalize(text).Text, out _);
            if (marked < MinMarkedShare || quality < 0.8)
            {
                return result with
                {
                    NeedsOcr = true,
                    Why = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                        $"invisible OCR layer of poor quality ({marked:P0} of words with Vietnamese marks, {quality:P0} valid syllables)"),
                };
            }
            return result with { Why = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"invisible OCR layer kept ({marked:P0} of words with Vietnamese marks)") };
        }
        if (TextLayerUnreadable(text, letterCount))
        {
            return result with { NeedsOcr = true, Why = "text layer unreadable (fonts without a Unicode map)" };
        }
        if (DropsLetters(text, font, out double q))
        {
            return result with
            {
                NeedsOcr = true,
                Why = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                    $"the text layer drops letters ({q:P0} valid syllables, e.g. 'Chng' for 'Chương': fonts without a Unicode map for some letters)"),
            };
        }
        return result;
    }

    /// <summary>A page without a text layer that fills at least this many shapes is taken for text drawn as outlines (a
    /// glyph is a shape; a chart or a diagram has far fewer).</summary>
    public const int OutlineShapes = 300;

    private static int FilledShapes(Page page)
    {
        try
        {
            return page.Paths.Count(p => p.IsFilled);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            return 0;
        }
    }

    // Share of the page covered by images, and the resolution of the largest one as placed on the page; the hashes of the
    // pictures that do not cover the page (photos, charts) go to pictures.
    private static (double Coverage, int? Dpi) Images(Page page, int number, List<string> warnings, List<Similarity.Pictures.PictureHash> pictures,
        List<PictureOcr.Picture> textPictures)
    {
        try
        {
            double area = Math.Max(1, page.Width * page.Height);
            double covered = 0;
            double largest = 0;
            int? dpi = null;
            foreach (var img in page.GetImages())
            {
                var b = img.BoundingBox;
                double w = Math.Max(0, Math.Min(b.Right, page.Width) - Math.Max(b.Left, 0));
                double h = Math.Max(0, Math.Min(b.Top, page.Height) - Math.Max(b.Bottom, 0));
                double a = w * h;
                covered += a;
                if (a < ScanCoverage * area && pictures.Count < PictureHashing.MaxPictures && PictureBytes(img) is { } bytes)
                {
                    if (PictureHashing.Of(bytes) is { } hash)
                    {
                        pictures.Add(hash);
                    }
                    var picture = new PictureOcr.Picture(bytes, null);
                    if (PictureOcr.Worth(picture))
                    {
                        textPictures.Add(picture);
                    }
                }
                if (a > largest && b.Width > 1 && img.WidthInSamples > 0)
                {
                    largest = a;
                    dpi = (int)Math.Round(img.WidthInSamples / (Math.Abs(b.Width) / 72.0));
                }
            }
            return (Math.Min(1, covered / area), dpi);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            warnings.Add($"page {number}: images unreadable ({ex.Message})");
            return (0, null);
        }
    }

    // A JPEG as stored (DCTDecode), else the image decoded to PNG by PdfPig where it can; null for other encodings.
    private static byte[]? PictureBytes(UglyToad.PdfPig.Content.IPdfImage img)
    {
        var raw = img.RawBytes;
        if (raw.Length > 2 && raw[0] == 0xFF && raw[1] == 0xD8)
        {
            return raw.ToArray();
        }
        return img.TryGetPng(out var png) ? png : null;
    }

    /// <summary>Below this share of valid syllables a Vietnamese text layer is missing letters.</summary>
    public const double MinLayerQuality = 0.8;

    /// <summary>True when a page's text layer is Vietnamese (words with marks are common) but many of its words are not
    /// syllables: the PDF's fonts have no Unicode map for some letters (ư, ơ, ă, đ, dot-below tones), which come out
    /// missing ("Chng 4", "chức nng"). Legacy-font layers are decoded later and are not judged here.</summary>
    public static bool DropsLetters(string text, string? font, out double quality)
    {
        ArgumentNullException.ThrowIfNull(text);
        quality = 1;
        if (LegacyDecoder.FromFontName(font).Encoding != LegacyEncoding.None || LegacyDetector.Detect(text).Encoding != LegacyEncoding.None)
        {
            return false;
        }
        quality = Text.TextNormalizer.Quality(Text.TextNormalizer.Normalize(text).Text, out int tokens);
        // what sets it apart from a page of names and foreign terms: lower-case words left without a vowel ("nng", "hc")
        return tokens >= 30 && quality < MinLayerQuality && MarkedShare(text) >= MinMarkedShare && VowellessShare(text) >= 0.05;
    }

    /// <summary>Share of the lower-case words of two letters or more that have no vowel: Vietnamese has none, English
    /// next to none; a layer that lost ư, ơ, ă is full of them.</summary>
    public static double VowellessShare(string text) => WordShare(text, static w =>
    {
        bool vowel = false;
        foreach (char c in w)
        {
            if (char.IsUpper(c))
            {
                return null; // acronyms and names are not judged
            }
            vowel |= Similarity.Text.VietnameseSyllable.Fold(c) is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';
        }
        return !vowel;
    });

    /// <summary>Share of the words (two letters or more) that carry a Vietnamese mark or letter (ă â đ ê ô ơ ư, tones):
    /// about two thirds in Vietnamese prose, next to none in an English OCR of it ("HQI THI TIN HQC TRE").</summary>
    public static double MarkedShare(string text) => WordShare(text, static w =>
    {
        foreach (char c in w)
        {
            if (c > '\u007F')
            {
                return true;
            }
        }
        return false;
    });

    // Share of the words (letter runs with their combining marks, two letters or more) for which the test is true; words
    // it answers null for are not counted.
    private static double WordShare(string text, Func<ReadOnlySpan<char>, bool?> test)
    {
        ArgumentNullException.ThrowIfNull(text);
        int words = 0, hits = 0;
        int i = 0;
        while (i < text.Length)
        {
            if (!char.IsLetter(text[i]))
            {
                i++;
                continue;
            }
            int start = i;
            while (i < text.Length && (char.IsLetter(text[i]) || char.GetUnicodeCategory(text[i]) == System.Globalization.UnicodeCategory.NonSpacingMark))
            {
                i++;
            }
            if (i - start >= 2 && test(text.AsSpan(start, i - start)) is bool hit)
            {
                words++;
                hits += hit ? 1 : 0;
            }
        }
        return words == 0 ? 0 : (double)hits / words;
    }

    /// <summary>Fewest valid syllables an OCR of a photo placed on a text page must read to replace the text layer.</summary>
    public const int MinOcrSyllables = 20;

    /// <summary>Lowest share of valid syllables for such an OCR to count as text.</summary>
    public const double LowOcrQuality = 0.6;

    // How well OCR read a page: its share of valid Vietnamese syllables and their number.
    private static (double Quality, double Valid) Validity(List<string> lines)
    {
        double quality = Text.TextNormalizer.Quality(Text.TextNormalizer.Normalize(string.Join('\n', lines)).Text, out int tokens);
        return (quality, quality * tokens);
    }

    // The page image's own resolution when the page is one image or a photo of a page (up-scaling a 90 ppi photo to
    // 300 dpi can make Tesseract read nothing; a poor reading is tried again at 300 dpi); otherwise the usual 300 dpi.
    private int OcrResolution(PageText p) => _limits.Ocr.Dpi
        ?? (p.ImageDpi is int d && (p.ImageCoverage >= ScanCoverage || p.OcrOnlyIfText) ? Math.Clamp(d, MinOcrDpi, OcrDpi) : OcrDpi);

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

    // Tesseract's page segmentation mode, 3 (automatic layout) as measured on eval-dev's scans (benchmarks/README.md);
    // IngestLimits.Ocr (--ocr-psm, --ocr-dpi: a fixed resolution) exists to repeat that measurement

    private List<string> Ocr(string path, int page, int dpi, CancellationToken ct)
    {
        var tmp = ExternalTool.PrivateTempDirectory("simeng-ocr-");
        try
        {
            string prefix = Path.Combine(tmp.FullName, "p");
            var (code, _, err) = ExternalTool.Run(_findTool("pdftoppm")!,
                ["-r", dpi.ToString(System.Globalization.CultureInfo.InvariantCulture), "-gray", "-f", page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-l",
                    page.ToString(System.Globalization.CultureInfo.InvariantCulture), "-png", Path.GetFullPath(path), prefix], _limits.Timeout, tmp.FullName, cancellationToken: ct);
            var png = Directory.GetFiles(tmp.FullName, "p*.png").FirstOrDefault();
            if (code != 0 || png is null)
            {
                throw new InvalidOperationException($"pdftoppm failed (exit {code}): {err.Trim()}");
            }
            var (tcode, output, terr) = ExternalTool.Run(_findTool("tesseract")!, [png, "stdout", "-l", "vie", "--psm", _limits.Ocr.PageSegmentation], _limits.Timeout, tmp.FullName,
                _limits.Ocr.ThreadsPerPage, ct);
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

    // Words of the page's text layer outside the lines of repeated (digits masked).
    private static int WordsOutside(PageText p, HashSet<string> repeated) =>
        p.Lines.Where(l => !repeated.Contains(Mask(l))).Sum(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);

    // Lines at the top or bottom of pages (the first and last three) that repeat on at least half of them, and on three
    // at least (digits masked): running headers and footers.
    private static HashSet<string> RunningLines(List<PageText> pages) => Repeated(pages, edgesOnly: true, atLeast: 3);

    // Lines anywhere on the page that repeat on at least half of the pages, and on two at least: the pieces of a diagonal
    // watermark stand in the middle of the page.
    private static HashSet<string> RepeatedLines(List<PageText> pages) => Repeated(pages, edgesOnly: false, atLeast: 2);

    private static HashSet<string> Repeated(List<PageText> pages, bool edgesOnly, int atLeast)
    {
        var counts = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var p in pages)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (int i = 0; i < p.Lines.Count; i++)
            {
                if (!edgesOnly || i < 3 || i >= p.Lines.Count - 3)
                {
                    seen.Add(Mask(p.Lines[i]));
                }
            }
            foreach (var s in seen)
            {
                counts[s] = counts.TryGetValue(s, out int c) ? c + 1 : 1;
            }
        }
        int need = Math.Max(atLeast, (pages.Count + 1) / 2);
        return counts.Where(kv => kv.Value >= need).Select(kv => kv.Key).ToHashSet(StringComparer.Ordinal);
    }
}
