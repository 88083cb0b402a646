using System.IO.Compression;
using System.Text;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using SimilarityEngine.Ingest.Legacy;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Extracts .docx with DocumentFormat.OpenXml: body in reading order, tables, text boxes, notes,
/// headers and footers as their own blocks, legacy-font runs decoded, hidden/white/tiny text flagged.</summary>
public sealed class DocxExtractor : IDocumentExtractor
{
    private readonly IngestLimits _limits;
    private readonly Func<string, string?> _findTool;

    /// <summary>Creates the extractor.</summary>
    /// <param name="limits">Input limits (the OCR budget covers pictures).</param>
    /// <param name="toolFinder">Finds tesseract for pictures of text (default: on PATH).</param>
    public DocxExtractor(IngestLimits? limits = null, Func<string, string?>? toolFinder = null)
    {
        _limits = limits ?? IngestLimits.Default;
        _findTool = toolFinder ?? ExternalTool.Find;
    }

    /// <inheritdoc />
    public ExtractedDocument Extract(string path, CancellationToken cancellationToken = default) => Extract(path, path, "docx", cancellationToken);

    /// <summary>Extracts <paramref name="path"/>, reporting errors against <paramref name="reportedPath"/> (used for converted .doc).</summary>
    public ExtractedDocument Extract(string path, string reportedPath, string format, CancellationToken cancellationToken = default)
    {
        CheckPackage(path, reportedPath);
        var settings = new OpenSettings
        {
            MarkupCompatibilityProcessSettings = new MarkupCompatibilityProcessSettings(
                MarkupCompatibilityProcessMode.ProcessAllParts, FileFormatVersions.Microsoft365),
            MaxCharactersInPart = _limits.MaxCharacters,
        };
        try
        {
            using var doc = WordprocessingDocument.Open(path, false, settings);
            var main = doc.MainDocumentPart ?? throw new DocumentFormatException(reportedPath, "the package has no Word document part (not a .docx)");
            var body = main.Document?.Body ?? throw new DocumentFormatException(reportedPath, "the Word document has no body");
            var walker = new Walker(main, _limits, cancellationToken);
            foreach (var hp in main.HeaderParts)
            {
                if (hp.Header is { } h)
                {
                    walker.WalkContainer(h, BlockKind.HeaderFooter);
                }
            }
            walker.WalkContainer(body, BlockKind.Paragraph);
            if (main.FootnotesPart?.Footnotes is { } fns)
            {
                foreach (var fn in fns.Elements<W.Footnote>())
                {
                    if (fn.Type is null || fn.Type.Value == W.FootnoteEndnoteValues.Normal)
                    {
                        walker.WalkContainer(fn, BlockKind.Footnote);
                    }
                }
            }
            if (main.EndnotesPart?.Endnotes is { } ens)
            {
                foreach (var en in ens.Elements<W.Endnote>())
                {
                    if (en.Type is null || en.Type.Value == W.FootnoteEndnoteValues.Normal)
                    {
                        walker.WalkContainer(en, BlockKind.Footnote);
                    }
                }
            }
            foreach (var fp in main.FooterParts)
            {
                if (fp.Footer is { } f)
                {
                    walker.WalkContainer(f, BlockKind.HeaderFooter);
                }
            }
            var props = new DocumentProperties(NullIfEmpty(doc.PackageProperties.Title), NullIfEmpty(doc.PackageProperties.Creator));
            var warnings = walker.Warnings;
            var blocks = PictureOcr.PlaceText(walker.Blocks, walker.Pictures, _findTool, _limits, warnings, cancellationToken);
            var pictures = PictureHashing.Of(walker.Pictures.Select(p => p.Picture.Bytes), cancellationToken);
            return new ExtractedDocument(reportedPath, format, DedupeHeaders(blocks), warnings, props, Pictures: pictures)
            {
                HiddenLetters = walker.HiddenLetters,
            };
        }
        catch (DocumentFormatException)
        {
            throw;
        }
        catch (OperationCanceledException)
        {
            throw new DocumentFormatException(reportedPath, _limits.TimeoutReason);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or FileFormatException or InvalidDataException or System.Xml.XmlException or IOException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            string reason = ex.Message.Contains("MaxCharacters", StringComparison.Ordinal)
                ? $"a part expands beyond {_limits.MaxCharacters:N0} characters (zip bomb?)"
                : ex is System.Xml.XmlException && ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                    ? "the XML declares a DTD or external entity, which is refused"
                    : $"corrupt or truncated .docx ({ex.Message})";
            throw new DocumentFormatException(reportedPath, reason, null, ex);
        }
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>Headers and footers repeated by sections kept once (shared with .odt).</summary>
    internal static List<TextBlock> DedupeHeaders(List<TextBlock> blocks)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<TextBlock>(blocks.Count);
        foreach (var b in blocks)
        {
            if (b.Kind == BlockKind.HeaderFooter && !seen.Add(b.Text))
            {
                continue;
            }
            result.Add(b);
        }
        return result;
    }

    // Zip-bomb and nesting guard before the package is opened
    private void CheckPackage(string path, string reportedPath) =>
        ZipGuard.Check(path, reportedPath, _limits, ".docx",
            zip => zip.GetEntry("word/document.xml") is not null || zip.Entries.Any(e => e.FullName.EndsWith("document.xml", StringComparison.OrdinalIgnoreCase))
                ? null : "the zip holds no Word document part (not a .docx)",
            e => e.FullName.StartsWith("word/", StringComparison.OrdinalIgnoreCase));

    private sealed record StyleInfo(string? Font, bool? Vanish, string? Color, int? HalfPoints, string? BasedOn, string? Name, bool IsHeading);

    private sealed class Walker
    {
        private readonly Dictionary<string, StyleInfo> _styles = new(StringComparer.Ordinal);
        private readonly string? _defaultFont;
        private readonly string? _defaultParagraphStyle;
        private readonly CancellationToken _ct;
        private readonly ParagraphRuns _runs = new();

        /// <summary>Letters of hidden, white and tiny runs left out, by kind.</summary>
        public IReadOnlyDictionary<string, int> HiddenLetters => _runs.HiddenLetters;

        private readonly MainDocumentPart _main;
        private readonly IngestLimits _limits;
        private readonly List<string> _altChunks = [];

        public Walker(MainDocumentPart main, IngestLimits limits, CancellationToken ct)
        {
            _main = main;
            _limits = limits;
            _ct = ct;
            var styles = main.StyleDefinitionsPart?.Styles;
            if (styles is null)
            {
                return;
            }
            var rf = styles.DocDefaults?.RunPropertiesDefault?.RunPropertiesBaseStyle?.RunFonts;
            _defaultFont = rf?.HighAnsi?.Value ?? rf?.Ascii?.Value;
            foreach (var s in styles.Elements<W.Style>())
            {
                string? id = s.StyleId?.Value;
                if (id is null)
                {
                    continue;
                }
                var rp = s.StyleRunProperties;
                var f = rp?.RunFonts;
                string? name = s.StyleName?.Val?.Value;
                bool heading = (name ?? id).StartsWith("heading", StringComparison.OrdinalIgnoreCase) ||
                               (name ?? id).Equals("Title", StringComparison.OrdinalIgnoreCase) ||
                               s.StyleParagraphProperties?.OutlineLevel is not null;
                _styles[id] = new StyleInfo(f?.HighAnsi?.Value ?? f?.Ascii?.Value, OnOff(rp?.Vanish), rp?.Color?.Val?.Value,
                    ParseInt(rp?.FontSize?.Val?.Value), s.BasedOn?.Val?.Value, name, heading);
                if (s.Type?.Value == W.StyleValues.Paragraph && s.Default?.Value == true)
                {
                    _defaultParagraphStyle = id;
                }
            }
        }

        public List<TextBlock> Blocks { get; } = [];

        /// <summary>Pictures of the main document part, each with the index of its placeholder block.</summary>
        public List<(int BlockIndex, PictureOcr.Picture Picture)> Pictures { get; } = [];

        private readonly List<PictureOcr.Picture> _pending = [];

        // the pictures of the element just walked go right after its text
        private void FlushPictures()
        {
            foreach (var p in _pending)
            {
                Pictures.Add((Blocks.Count, p));
                Blocks.Add(new TextBlock(BlockKind.ImageText, ""));
            }
            _pending.Clear();
        }

        private bool _inBody;

        private void CollectPictures(OpenXmlElement drawing)
        {
            if (!_inBody)
            {
                return; // headers, footers and notes have their own parts and relationships; logos are not text
            }
            long? width = drawing.Descendants<DocumentFormat.OpenXml.Drawing.Wordprocessing.Extent>().FirstOrDefault()?.Cx?.Value;
            var ids = drawing.Descendants<DocumentFormat.OpenXml.Drawing.Blip>().Select(b => b.Embed?.Value)
                .Concat(drawing.Descendants<DocumentFormat.OpenXml.Vml.ImageData>().Select(v => v.RelationshipId?.Value));
            foreach (var id in ids)
            {
                if (id is null || Pictures.Count + _pending.Count >= 10 * _limits.OcrMaxPages)
                {
                    continue;
                }
                try
                {
                    if (_main.GetPartById(id) is ImagePart part)
                    {
                        using var s = part.GetStream();
                        if (s.Length is > 0 and <= 50L * 1024 * 1024)
                        {
                            using var ms = new MemoryStream();
                            s.CopyTo(ms);
                            _pending.Add(new PictureOcr.Picture(ms.ToArray(), width));
                        }
                    }
                }
                catch (Exception ex) when (ex is ArgumentOutOfRangeException or KeyNotFoundException or InvalidOperationException or IOException)
                {
                    // a picture of a header or footer part, or a broken relationship: not the body's
                }
            }
        }

        public List<string> Warnings
        {
            get
            {
                var w = new List<string>();
                _runs.AddWarnings(w);
                if (_altChunks.Count > 0)
                {
                    w.Add($"embedded part(s) inside the document (altChunk) read as text: {string.Join(", ", _altChunks)}");
                }
                _runs.AddVetoWarning(w);
                return w;
            }
        }

        private static bool? OnOff(W.OnOffType? t) => t is null ? null : t.Val is null || t.Val.Value;

        private static int? ParseInt(string? s) => int.TryParse(s, out int v) ? v : null;

        private T? FromStyle<T>(string? styleId, Func<StyleInfo, T?> get)
        {
            for (int depth = 0; styleId is not null && depth < 20; depth++)
            {
                if (!_styles.TryGetValue(styleId, out var st))
                {
                    return default;
                }
                var v = get(st);
                if (v is not null)
                {
                    return v;
                }
                styleId = st.BasedOn;
            }
            return default;
        }

        public void WalkContainer(OpenXmlElement container, BlockKind kind)
        {
            _inBody = kind == BlockKind.Paragraph;
            foreach (var child in container.ChildElements)
            {
                _ct.ThrowIfCancellationRequested();
                switch (child)
                {
                    case W.Paragraph p:
                        EmitParagraph(p, kind);
                        FlushPictures();
                        break;
                    case W.Table t:
                        EmitTable(t, kind);
                        FlushPictures();
                        break;
                    case W.SdtBlock sdt:
                        if (sdt.SdtContentBlock is { } c)
                        {
                            WalkContainer(c, kind);
                        }
                        break;
                    case W.SectionProperties:
                        break;
                    case W.AltChunk chunk:
                        EmitAltChunk(chunk, kind);
                        break;
                    default:
                        if (child.HasChildren)
                        {
                            WalkContainer(child, kind);
                        }
                        break;
                }
            }
        }

        // reports assembled from web pages keep them as altChunk parts: Word shows them, so matching must read them too
        private void EmitAltChunk(W.AltChunk chunk, BlockKind kind)
        {
            if (chunk.Id?.Value is not { } id || _main.GetPartById(id) is not AlternativeFormatImportPart part)
            {
                return;
            }
            byte[] bytes;
            using (var stream = part.GetStream())
            using (var ms = new MemoryStream())
            {
                var buffer = new byte[81920];
                int n;
                while ((n = stream.Read(buffer)) > 0)
                {
                    ms.Write(buffer, 0, n);
                    if (ms.Length > _limits.MaxCharacters * 4L)
                    {
                        _altChunks.Add($"{part.Uri} (over the size limit, not read)");
                        return;
                    }
                }
                bytes = ms.ToArray();
            }
            string type = part.ContentType.ToLowerInvariant();
            string? text = type switch
            {
                _ when type.Contains("html", StringComparison.Ordinal) => Text.HtmlText.FromHtmlBytes(bytes),
                _ when type.Contains("rfc822", StringComparison.Ordinal) || type.Contains("mht", StringComparison.Ordinal) => Text.HtmlText.FromMht(bytes),
                _ when type.StartsWith("text/plain", StringComparison.Ordinal) => System.Text.Encoding.UTF8.GetString(bytes),
                _ => null,
            };
            if (text is null)
            {
                _altChunks.Add($"{part.Uri} ({part.ContentType}: not read)");
                return;
            }
            _altChunks.Add($"{part.Uri} ({(type.Contains("html", StringComparison.Ordinal) ? "HTML" : type.Contains("plain", StringComparison.Ordinal) ? "text" : "MHT")})");
            foreach (var line in text.Split('\n'))
            {
                if (line.Trim().Length > 0)
                {
                    Blocks.Add(new TextBlock(kind, line.Trim()));
                }
            }
        }

        // Rows and cells may sit inside content controls (w:sdt) or custom XML; a cell may hold tables of its own (survey
        // tables in lesson plans): every w:tbl anywhere is text.
        private void EmitTable(W.Table table, BlockKind kind)
        {
            foreach (var row in table.Descendants<W.TableRow>().Where(r => r.Ancestors<W.Table>().First() == table))
            {
                _ct.ThrowIfCancellationRequested();
                var cells = row.Descendants<W.TableCell>().Where(c => c.Ancestors<W.TableRow>().First() == row).ToList();
                for (int i = 0; i < cells.Count; i++)
                {
                    var parts = new List<string>();
                    var boxes = new List<W.TextBoxContent>();
                    foreach (var p in cells[i].Descendants<W.Paragraph>())
                    {
                        if (p.Ancestors<W.TableCell>().First() != cells[i] || InBoxOf(p, cells[i]))
                        {
                            continue;
                        }
                        var (text, _, _) = ParagraphText(p, boxes);
                        if (text.Length > 0)
                        {
                            parts.Add(text);
                        }
                    }
                    Blocks.Add(new TextBlock(kind == BlockKind.Paragraph ? BlockKind.TableCell : kind, string.Join(' ', parts),
                        Separator: i == cells.Count - 1 ? '\n' : '\t'));
                    EmitTextBoxes(boxes);
                    foreach (var nested in cells[i].Descendants<W.Table>().Where(t => t.Ancestors<W.TableCell>().First() == cells[i]
                                 && !InBoxOf(t, cells[i])))
                    {
                        EmitTable(nested, kind);
                    }
                }
            }
        }

        private void EmitParagraph(W.Paragraph p, BlockKind kind)
        {
            var boxes = new List<W.TextBoxContent>();
            var (text, enc, hidden) = ParagraphText(p, boxes);
            if (hidden.Length > 0)
            {
                Blocks.Add(new TextBlock(kind, hidden, Encoding: enc, ExcludedReason: "hidden"));
            }
            if (text.Trim().Length > 0)
            {
                var k = kind;
                if (kind == BlockKind.Paragraph)
                {
                    string? pStyle = p.ParagraphProperties?.ParagraphStyleId?.Val?.Value;
                    bool heading = p.ParagraphProperties?.OutlineLevel is not null || FromStyle(pStyle, s => s.IsHeading ? (bool?)true : null) == true;
                    k = heading ? BlockKind.Heading : BlockKind.Paragraph;
                }
                Blocks.Add(new TextBlock(k, text, Encoding: enc));
            }
            EmitTextBoxes(boxes);
        }

        // inside a text box that itself sits in this cell (emitted with the box, not with the cell)
        private static bool InBoxOf(OpenXmlElement e, W.TableCell cell) =>
            e.Ancestors<W.TextBoxContent>().FirstOrDefault() is { } box && box.Ancestors<W.TableCell>().FirstOrDefault() == cell;

        private void EmitTextBoxes(List<W.TextBoxContent> boxes)
        {
            foreach (var box in boxes)
            {
                // a box's own run lists every box nested in it too: each is emitted once
                if (_emittedBoxes.Add(box))
                {
                    EmitBoxContent(box);
                }
            }
        }

        private readonly HashSet<W.TextBoxContent> _emittedBoxes = new(ReferenceEqualityComparer.Instance);

        // a text box holds paragraphs, and tables too (LibreOffice turns framed tables of a .doc into text-box tables)
        private void EmitBoxContent(OpenXmlElement container)
        {
            foreach (var child in container.ChildElements)
            {
                switch (child)
                {
                    case W.Paragraph bp:
                        var inner = new List<W.TextBoxContent>();
                        var (t, e, hidden) = ParagraphText(bp, inner);
                        if (t.Trim().Length > 0)
                        {
                            Blocks.Add(new TextBlock(BlockKind.TextBox, t, Encoding: e));
                        }
                        if (hidden.Length > 0)
                        {
                            Blocks.Add(new TextBlock(BlockKind.TextBox, hidden, Encoding: e, ExcludedReason: "hidden"));
                        }
                        EmitTextBoxes(inner);
                        break;
                    case W.Table table:
                        EmitTable(table, BlockKind.TextBox);
                        break;
                    default:
                        if (child.HasChildren)
                        {
                            EmitBoxContent(child);
                        }
                        break;
                }
            }
        }

        private (string Text, LegacyEncoding Encoding, string Hidden) ParagraphText(W.Paragraph p, List<W.TextBoxContent> boxes)
        {
            string? pStyle = p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? _defaultParagraphStyle;
            var segments = new List<ParagraphRuns.Segment>();
            CollectRuns(p, pStyle, segments, boxes);
            return _runs.Compose(segments);
        }

        private void CollectRuns(OpenXmlElement parent, string? pStyle, List<ParagraphRuns.Segment> segments, List<W.TextBoxContent> boxes)
        {
            foreach (var child in parent.ChildElements)
            {
                switch (child)
                {
                    case W.Run r:
                        AddRun(r, pStyle, segments, boxes);
                        break;
                    case W.DeletedRun or W.MoveFromRun or W.ParagraphProperties:
                        break;
                    default:
                        if (child.HasChildren)
                        {
                            CollectRuns(child, pStyle, segments, boxes);
                        }
                        break;
                }
            }
        }

        private void AddRun(W.Run r, string? pStyle, List<ParagraphRuns.Segment> segments, List<W.TextBoxContent> boxes)
        {
            var rp = r.RunProperties;
            string? rStyle = rp?.RunStyle?.Val?.Value;
            string? font = rp?.RunFonts?.HighAnsi?.Value ?? rp?.RunFonts?.Ascii?.Value
                ?? FromStyle(rStyle, s => s.Font) ?? FromStyle(pStyle, s => s.Font) ?? _defaultFont;
            bool vanish = OnOff(rp?.Vanish) ?? FromStyle(rStyle, s => s.Vanish) ?? FromStyle(pStyle, s => s.Vanish) ?? false;
            string? color = rp?.Color?.Val?.Value ?? FromStyle(rStyle, s => s.Color) ?? FromStyle(pStyle, s => s.Color);
            int? size = ParseInt(rp?.FontSize?.Val?.Value) ?? FromStyle(rStyle, s => s.HalfPoints) ?? FromStyle(pStyle, s => s.HalfPoints);
            string? hidden = ParagraphRuns.HiddenKind(vanish, string.Equals(color, "FFFFFF", StringComparison.OrdinalIgnoreCase), size / 2.0);
            var (enc, caps) = LegacyDecoder.FromFontName(font);
            var sb = new StringBuilder();
            foreach (var c in r.ChildElements)
            {
                switch (c)
                {
                    case W.Text t:
                        sb.Append(t.Text);
                        break;
                    case W.TabChar or W.PositionalTab:
                        sb.Append('\t');
                        break;
                    case W.Break or W.CarriageReturn:
                        sb.Append(' ');
                        break;
                    case W.NoBreakHyphen:
                        sb.Append('-');
                        break;
                    case W.SoftHyphen:
                        // VI: in a TCVN3 run the soft hyphen is the letter 'ư' (byte 0xAD); elsewhere it is dropped later.
                        sb.Append('\u00AD');
                        break;
                    case W.SymbolChar sym when sym.Char?.Value is { } hex && int.TryParse(hex, System.Globalization.NumberStyles.HexNumber, null, out int code):
                        sb.Append((char)(code >= 0xF000 ? code - 0xF000 : code));
                        break;
                    case W.Drawing or W.Picture or AlternateContent or W.EmbeddedObject:
                        boxes.AddRange(c.Descendants<W.TextBoxContent>());
                        CollectPictures(c);
                        break;
                }
            }
            if (sb.Length > 0)
            {
                segments.Add(new ParagraphRuns.Segment(sb.ToString(), enc, caps, hidden));
            }
        }
    }
}
