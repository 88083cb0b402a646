using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Xml;
using System.Xml.Linq;
using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Extracts OpenDocument text (.odt, what LibreOffice saves) straight from its XML, without LibreOffice: body
/// in reading order, headings, lists, tables, frames and text boxes, notes, headers and footers as their own blocks;
/// runs in a legacy font (.VnTime, VNI-Times) decoded the way .docx runs are; hidden, white and tiny text set apart;
/// pictures large enough to hold text read by OCR.</summary>
public sealed class OdtExtractor : IDocumentExtractor
{
    private static readonly XNamespace s_office = "urn:oasis:names:tc:opendocument:xmlns:office:1.0";
    private static readonly XNamespace s_style = "urn:oasis:names:tc:opendocument:xmlns:style:1.0";
    private static readonly XNamespace s_text = "urn:oasis:names:tc:opendocument:xmlns:text:1.0";
    private static readonly XNamespace s_table = "urn:oasis:names:tc:opendocument:xmlns:table:1.0";
    private static readonly XNamespace s_draw = "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0";
    private static readonly XNamespace s_fo = "urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0";
    private static readonly XNamespace s_svg = "urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0";
    private static readonly XNamespace s_xLink = "http://www.w3.org/1999/xlink";
    private static readonly XNamespace s_dc = "http://purl.org/dc/elements/1.1/";
    private static readonly XNamespace s_meta = "urn:oasis:names:tc:opendocument:xmlns:meta:1.0";
    private static readonly XNamespace s_manifest = "urn:oasis:names:tc:opendocument:xmlns:manifest:1.0";

    /// <summary>The MIME type an OpenDocument text stores first in its zip.</summary>
    public const string MimeType = "application/vnd.oasis.opendocument.text";

    private readonly IngestLimits _limits;
    private readonly Func<string, string?> _findTool;

    /// <summary>Creates the extractor.</summary>
    /// <param name="limits">Input limits (the OCR budget covers pictures).</param>
    /// <param name="toolFinder">Finds tesseract for pictures of text (default: on PATH).</param>
    public OdtExtractor(IngestLimits? limits = null, Func<string, string?>? toolFinder = null)
    {
        _limits = limits ?? IngestLimits.Default;
        _findTool = toolFinder ?? ExternalTool.Find;
    }

    /// <inheritdoc />
    public ExtractedDocument Extract(string path, CancellationToken cancellationToken = default)
    {
        ZipGuard.Check(path, path, _limits, ".odt",
            zip => zip.GetEntry("content.xml") is null ? "the zip holds no OpenDocument content part (not an .odt)" : null,
            _ => true);
        try
        {
            using var zip = ZipFile.OpenRead(path);
            if (Load(zip, "META-INF/manifest.xml") is { } manifest && manifest.Descendants(s_manifest + "encryption-data").Any())
            {
                throw new DocumentFormatException(path, "the .odt is password-protected (encrypted); save it without a password");
            }
            var content = Load(zip, "content.xml") ?? throw new DocumentFormatException(path, "the zip holds no OpenDocument content part (not an .odt)");
            var styles = Load(zip, "styles.xml");
            var body = content.Root?.Element(s_office + "body")?.Element(s_office + "text")
                ?? throw new DocumentFormatException(path, "the OpenDocument file holds no text body (a spreadsheet or a presentation?)");
            var walker = new Walker(new StyleSheet(styles, content), zip, _limits, cancellationToken);
            if (styles?.Root?.Element(s_office + "master-styles") is { } masters)
            {
                foreach (var page in masters.Elements(s_style + "master-page"))
                {
                    foreach (var part in page.Elements().Where(e => e.Name.Namespace == s_style && e.Name.LocalName is "header" or "header-first" or "header-left"))
                    {
                        walker.WalkBlocks(part, BlockKind.HeaderFooter);
                    }
                }
            }
            walker.WalkBlocks(body, BlockKind.Paragraph);
            walker.EmitNotes();
            if (styles?.Root?.Element(s_office + "master-styles") is { } footers)
            {
                foreach (var page in footers.Elements(s_style + "master-page"))
                {
                    foreach (var part in page.Elements().Where(e => e.Name.Namespace == s_style && e.Name.LocalName is "footer" or "footer-first" or "footer-left"))
                    {
                        walker.WalkBlocks(part, BlockKind.HeaderFooter);
                    }
                }
            }
            var warnings = walker.Warnings;
            var blocks = PictureOcr.PlaceText(walker.Blocks, walker.Pictures, _findTool, _limits, warnings, cancellationToken);
            var pictures = PictureHashing.Of(walker.Pictures.Select(p => p.Picture.Bytes), cancellationToken);
            var meta = Load(zip, "meta.xml")?.Root?.Element(s_office + "meta");
            var props = new DocumentProperties(NullIfEmpty(meta?.Element(s_dc + "title")?.Value),
                NullIfEmpty(meta?.Element(s_meta + "initial-creator")?.Value ?? meta?.Element(s_dc + "creator")?.Value));
            return new ExtractedDocument(path, "odt", DocxExtractor.DedupeHeaders(blocks), warnings, props, Pictures: pictures)
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
            throw new DocumentFormatException(path, _limits.TimeoutReason);
        }
        catch (Exception ex) when (ex is XmlException or InvalidDataException or IOException)
        {
            string reason = ex is XmlException && ex.Message.Contains("DTD", StringComparison.OrdinalIgnoreCase)
                ? "the XML declares a DTD or external entity, which is refused"
                : ex.Message.Contains("MaxCharactersInDocument", StringComparison.Ordinal) || ex.Message.Contains("maximum", StringComparison.OrdinalIgnoreCase)
                    ? $"a part expands beyond {_limits.MaxCharacters:N0} characters (zip bomb?)"
                    : $"corrupt or truncated .odt ({ex.Message})";
            throw new DocumentFormatException(path, reason, null, ex);
        }
    }

    private XDocument? Load(ZipArchive zip, string name)
    {
        if (zip.GetEntry(name) is not { } entry)
        {
            return null;
        }
        var settings = new XmlReaderSettings
        {
            DtdProcessing = DtdProcessing.Prohibit,
            XmlResolver = null,
            MaxCharactersInDocument = _limits.MaxCharacters,
        };
        using var stream = entry.Open();
        using var reader = XmlReader.Create(stream, settings);
        return XDocument.Load(reader, LoadOptions.PreserveWhitespace);
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    // an ODF length ("16.51cm", "12pt", "0.5in", "4mm", "96px") in inches, or null (a percentage, a bad value)
    private static double? Inches(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        (string unit, double perInch)[] units = [("cm", 2.54), ("mm", 25.4), ("in", 1), ("pt", 72), ("px", 96)];
        foreach (var (unit, perInch) in units)
        {
            if (value.EndsWith(unit, StringComparison.Ordinal) &&
                double.TryParse(value.AsSpan(0, value.Length - unit.Length), NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
            {
                return v / perInch;
            }
        }
        return null;
    }

    /// <summary>What a style says about the text it formats; null where it says nothing (the parent decides).</summary>
    private sealed record StyleProps(string? Font, bool? Hidden, bool? White, double? SizePoints, string? Parent, bool? Heading)
    {
        public static readonly StyleProps None = new(null, null, null, null, null, null);

        /// <summary>This style's values where it has them, else <paramref name="outer"/>'s.</summary>
        public StyleProps Over(StyleProps outer) => new(Font ?? outer.Font, Hidden ?? outer.Hidden, White ?? outer.White,
            SizePoints ?? outer.SizePoints, null, Heading ?? outer.Heading);
    }

    /// <summary>The styles of both parts (styles.xml and content.xml's automatic styles), by family and name, each resolved
    /// through its parents once.</summary>
    private sealed class StyleSheet
    {
        private readonly Dictionary<(string Family, string Name), StyleProps> _own = [];
        private readonly Dictionary<(string Family, string Name), StyleProps> _resolved = [];
        private readonly Dictionary<string, string> _fontFaces = new(StringComparer.Ordinal);

        public StyleSheet(XDocument? styles, XDocument content)
        {
            foreach (var doc in new[] { styles, content })
            {
                if (doc?.Root is not { } root)
                {
                    continue;
                }
                foreach (var face in root.Elements(s_office + "font-face-decls").Elements(s_style + "font-face"))
                {
                    if (face.Attribute(s_style + "name")?.Value is { } name)
                    {
                        _fontFaces[name] = Unquote(face.Attribute(s_svg + "font-family")?.Value) ?? name;
                    }
                }
            }
            foreach (var doc in new[] { styles, content })
            {
                if (doc?.Root is not { } root)
                {
                    continue;
                }
                foreach (var group in root.Elements().Where(e => e.Name == s_office + "styles" || e.Name == s_office + "automatic-styles"))
                {
                    foreach (var s in group.Elements())
                    {
                        string? family = s.Attribute(s_style + "family")?.Value;
                        if (family is null)
                        {
                            continue;
                        }
                        if (s.Name == s_style + "default-style")
                        {
                            _own[(family, "")] = Read(s) with { Parent = null };
                        }
                        else if (s.Name == s_style + "style" && s.Attribute(s_style + "name")?.Value is { } name)
                        {
                            _own[(family, name)] = Read(s);
                        }
                    }
                }
            }
        }

        private static string? Unquote(string? family) => family?.Trim().Trim('\'', '"').Trim() is { Length: > 0 } f ? f : null;

        private StyleProps Read(XElement s)
        {
            var tp = s.Element(s_style + "text-properties");
            string? font = tp?.Attribute(s_style + "font-name")?.Value is { } face
                ? _fontFaces.GetValueOrDefault(face, face)
                : Unquote(tp?.Attribute(s_fo + "font-family")?.Value);
            bool? hidden = tp?.Attribute(s_text + "display")?.Value is { } display ? display == "none" : null;
            bool? white = tp?.Attribute(s_fo + "color")?.Value is { } color ? color.Equals("#ffffff", StringComparison.OrdinalIgnoreCase) : null;
            double? size = Points(tp?.Attribute(s_fo + "font-size")?.Value);
            string? name = s.Attribute(s_style + "display-name")?.Value ?? s.Attribute(s_style + "name")?.Value;
            bool? heading = s.Attribute(s_style + "default-outline-level") is not null
                || (name?.StartsWith("Heading", StringComparison.OrdinalIgnoreCase) ?? false) || name == "Title" ? true : null;
            return new StyleProps(font, hidden, white, size, s.Attribute(s_style + "parent-style-name")?.Value, heading);
        }

        // font sizes in pt, cm, mm, in or px; a percentage is relative to the parent and left to it
        private static double? Points(string? value) => Inches(value) * 72;

        /// <summary>The style with everything its parents and the family's default style give it.</summary>
        public StyleProps Resolve(string family, string? name)
        {
            name ??= "";
            if (_resolved.TryGetValue((family, name), out var done))
            {
                return done;
            }
            var result = StyleProps.None;
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (string? n = name; n is not null && seen.Add(n);)
            {
                if (!_own.TryGetValue((family, n), out var own))
                {
                    break;
                }
                result = result.Over(own);
                n = own.Parent;
            }
            if (name.Length > 0 && _own.TryGetValue((family, ""), out var def))
            {
                result = result.Over(def);
            }
            // a text style's missing values are the paragraph's, filled in by the caller
            _resolved[(family, name)] = result;
            return result;
        }
    }

    private sealed class Walker(StyleSheet styles, ZipArchive zip, IngestLimits limits, CancellationToken ct)
    {
        private readonly ParagraphRuns _runs = new();
        private readonly List<List<TextBlock>> _notes = [];
        private int _framesRead;
        private bool _inBody;

        public List<TextBlock> Blocks { get; } = [];

        // where blocks go: the body's list, or a note's while it is walked
        private List<TextBlock>? _target;

        private List<TextBlock> _out
        {
            get => _target ?? Blocks;
            set => _target = value;
        }

        public List<(int BlockIndex, PictureOcr.Picture Picture)> Pictures { get; } = [];

        private readonly List<PictureOcr.Picture> _pending = [];

        public IReadOnlyDictionary<string, int> HiddenLetters => _runs.HiddenLetters;

        public List<string> Warnings
        {
            get
            {
                var w = new List<string>();
                _runs.AddWarnings(w);
                _runs.AddVetoWarning(w);
                return w;
            }
        }

        /// <summary>Walks a container of paragraphs, headings, lists, tables and sections.</summary>
        public void WalkBlocks(XElement container, BlockKind kind)
        {
            _inBody = kind == BlockKind.Paragraph;
            foreach (var child in container.Elements())
            {
                ct.ThrowIfCancellationRequested();
                WalkBlock(child, kind);
            }
        }

        private void WalkBlock(XElement e, BlockKind kind)
        {
            if (e.Name == s_text + "p" || e.Name == s_text + "h")
            {
                EmitParagraph(e, kind);
                FlushPictures();
            }
            else if (e.Name == s_table + "table")
            {
                EmitTable(e, kind);
                FlushPictures();
            }
            else if (e.Name == s_draw + "frame" || e.Name == s_draw + "custom-shape" || e.Name == s_draw + "a" || e.Name == s_draw + "g")
            {
                var boxes = new List<XElement>();
                CollectFrame(e, boxes);
                EmitBoxes(boxes);
                FlushPictures();
            }
            else if (e.Name == s_text + "tracked-changes" || e.Name == s_text + "sequence-decls" || e.Name == s_text + "variable-decls"
                     || e.Name == s_text + "user-field-decls" || e.Name == s_office + "forms" || e.Name == s_text + "index-title-template"
                     || e.Name == s_office + "annotation" || e.Name.LocalName.EndsWith("-source", StringComparison.Ordinal))
            {
                // deleted text of tracked changes, declarations, comments, the templates of a table of contents
            }
            else
            {
                // lists, list items, sections, tables of contents (their body), soft page breaks: what they hold
                foreach (var child in e.Elements())
                {
                    WalkBlock(child, kind);
                }
            }
        }

        private void EmitParagraph(XElement p, BlockKind kind)
        {
            var boxes = new List<XElement>();
            var (text, enc, hidden) = ParagraphText(p, boxes);
            if (hidden.Length > 0)
            {
                _out.Add(new TextBlock(kind, hidden, Encoding: enc, ExcludedReason: "hidden"));
            }
            if (text.Trim().Length > 0)
            {
                var k = kind;
                if (kind == BlockKind.Paragraph)
                {
                    bool heading = p.Name == s_text + "h" || styles.Resolve("paragraph", p.Attribute(s_text + "style-name")?.Value).Heading == true;
                    k = heading ? BlockKind.Heading : BlockKind.Paragraph;
                }
                _out.Add(new TextBlock(k, text, Encoding: enc));
            }
            EmitBoxes(boxes);
        }

        private (string Text, LegacyEncoding Encoding, string Hidden) ParagraphText(XElement p, List<XElement> boxes)
        {
            var props = styles.Resolve("paragraph", p.Attribute(s_text + "style-name")?.Value).Over(styles.Resolve("paragraph", ""));
            var segments = new List<ParagraphRuns.Segment>();
            Collect(p, props, segments, boxes);
            return _runs.Compose(segments);
        }

        private static void Add(List<ParagraphRuns.Segment> segments, string text, StyleProps props)
        {
            var (enc, caps) = LegacyDecoder.FromFontName(props.Font);
            segments.Add(new ParagraphRuns.Segment(text, enc, caps, ParagraphRuns.HiddenKind(props.Hidden == true, props.White == true, props.SizePoints)));
        }

        private void Collect(XElement parent, StyleProps props, List<ParagraphRuns.Segment> segments, List<XElement> boxes)
        {
            foreach (var node in parent.Nodes())
            {
                if (node is XText t)
                {
                    // ODF collapses white space in text content; spaces that count are written as text:s
                    string s = CollapseSpaces(t.Value);
                    if (s.Length > 0)
                    {
                        Add(segments, s, props);
                    }
                    continue;
                }
                if (node is not XElement e)
                {
                    continue;
                }
                string local = e.Name.LocalName;
                if (e.Name.Namespace == s_text)
                {
                    switch (local)
                    {
                        case "s":
                            int count = int.TryParse(e.Attribute(s_text + "c")?.Value, out int c) ? Math.Clamp(c, 1, 1000) : 1;
                            Add(segments, new string(' ', count), props);
                            break;
                        case "tab":
                            Add(segments, "\t", props);
                            break;
                        case "line-break":
                            Add(segments, " ", props);
                            break;
                        case "span":
                            var inner = styles.Resolve("text", e.Attribute(s_text + "style-name")?.Value).Over(props);
                            Collect(e, inner, segments, boxes);
                            break;
                        case "note":
                            if (e.Element(s_text + "note-body") is { } noteBody)
                            {
                                // a note's paragraphs go after the body: walked into a list of their own
                                var (outer, wasBody) = (_out, _inBody);
                                _out = [];
                                WalkBlocks(noteBody, BlockKind.Footnote);
                                _notes.Add(_out);
                                (_out, _inBody) = (outer, wasBody);
                            }
                            break;
                        case "hidden-text" or "hidden-paragraph" or "note-citation" or "tracked-changes" or "bookmark" or "bookmark-start"
                            or "bookmark-end" or "reference-mark" or "reference-mark-start" or "reference-mark-end" or "change" or "change-start"
                            or "change-end" or "soft-page-break" or "alphabetical-index-mark" or "toc-mark" or "user-index-mark":
                            break;
                        case "ruby":
                            if (e.Element(s_text + "ruby-base") is { } rb)
                            {
                                Collect(rb, props, segments, boxes);
                            }
                            break;
                        default:
                            // links, fields (page numbers, dates), meta: their shown text
                            Collect(e, props, segments, boxes);
                            break;
                    }
                }
                else if (e.Name.Namespace == s_draw)
                {
                    CollectFrame(e, boxes);
                }
                else if (e.Name == s_office + "annotation" || e.Name == s_office + "annotation-end")
                {
                    // comments are not the document's text
                }
                else
                {
                    Collect(e, props, segments, boxes);
                }
            }
        }

        private static string CollapseSpaces(string s)
        {
            var sb = new StringBuilder(s.Length);
            bool space = false;
            foreach (char ch in s)
            {
                if (ch is ' ' or '\n' or '\r' or '\t')
                {
                    if (!space)
                    {
                        sb.Append(' ');
                    }
                    space = true;
                }
                else
                {
                    sb.Append(ch);
                    space = false;
                }
            }
            return sb.ToString();
        }

        // a frame holds a text box, a picture, or a shape with paragraphs of its own
        private void CollectFrame(XElement frame, List<XElement> boxes)
        {
            foreach (var child in frame.Elements())
            {
                if (child.Name == s_draw + "text-box")
                {
                    boxes.Add(child);
                }
                else if (child.Name == s_draw + "image")
                {
                    CollectPicture(child, frame);
                }
                else if (child.Name == s_text + "p" || child.Name == s_text + "list")
                {
                    // a custom shape's own text
                    boxes.Add(frame);
                    return;
                }
                else if (child.Name.Namespace == s_draw)
                {
                    CollectFrame(child, boxes);
                }
            }
        }

        private void CollectPicture(XElement image, XElement frame)
        {
            if (!_inBody || Pictures.Count + _pending.Count >= 10 * limits.OcrMaxPages)
            {
                return; // logos of headers and footers are not text
            }
            if (image.Attribute(s_xLink + "href")?.Value is not { Length: > 0 } href || href.Contains("://", StringComparison.Ordinal)
                || zip.GetEntry(href.TrimStart('.', '/')) is not { } entry || entry.Length is <= 0 or > 50L * 1024 * 1024)
            {
                return;
            }
            using var s = entry.Open();
            using var ms = new MemoryStream();
            s.CopyTo(ms);
            long? width = Length(frame.Attribute(s_svg + "width")?.Value);
            _pending.Add(new PictureOcr.Picture(ms.ToArray(), width));
        }

        // a length as EMU (914,400 per inch), as .docx gives a picture's shown width
        private static long? Length(string? value) => (long?)(Inches(value) * 914_400);

        private void FlushPictures()
        {
            foreach (var p in _pending)
            {
                Pictures.Add((Blocks.Count, p));
                Blocks.Add(new TextBlock(BlockKind.ImageText, ""));
            }
            _pending.Clear();
        }

        private void EmitBoxes(List<XElement> boxes)
        {
            foreach (var box in boxes)
            {
                if (++_framesRead > 100_000)
                {
                    return;
                }
                bool wasBody = _inBody;
                foreach (var child in box.Elements())
                {
                    WalkBlock(child, _inBody ? BlockKind.TextBox : BlockKind.HeaderFooter);
                }
                _inBody = wasBody;
            }
        }

        // rows in reading order (header rows, row groups); each cell's paragraphs joined, cells of a row separated by
        // tabs; tables inside a cell after it
        private void EmitTable(XElement table, BlockKind kind)
        {
            foreach (var row in Rows(table))
            {
                ct.ThrowIfCancellationRequested();
                var cells = row.Elements(s_table + "table-cell").ToList();
                for (int i = 0; i < cells.Count; i++)
                {
                    var parts = new List<string>();
                    var boxes = new List<XElement>();
                    var nested = new List<XElement>();
                    CellParagraphs(cells[i], parts, boxes, nested);
                    _out.Add(new TextBlock(kind == BlockKind.Paragraph ? BlockKind.TableCell : kind, string.Join(' ', parts),
                        Separator: i == cells.Count - 1 ? '\n' : '\t'));
                    EmitBoxes(boxes);
                    foreach (var t in nested)
                    {
                        EmitTable(t, kind);
                    }
                }
            }
        }

        private static IEnumerable<XElement> Rows(XElement container)
        {
            foreach (var e in container.Elements())
            {
                if (e.Name == s_table + "table-row")
                {
                    yield return e;
                }
                else if (e.Name == s_table + "table-header-rows" || e.Name == s_table + "table-rows" || e.Name == s_table + "table-row-group")
                {
                    foreach (var r in Rows(e))
                    {
                        yield return r;
                    }
                }
            }
        }

        private void CellParagraphs(XElement container, List<string> parts, List<XElement> boxes, List<XElement> nested)
        {
            foreach (var e in container.Elements())
            {
                if (e.Name == s_text + "p" || e.Name == s_text + "h")
                {
                    var (text, _, _) = ParagraphText(e, boxes);
                    if (text.Trim().Length > 0)
                    {
                        parts.Add(text);
                    }
                }
                else if (e.Name == s_table + "table")
                {
                    nested.Add(e);
                }
                else if (e.Name.Namespace == s_draw)
                {
                    CollectFrame(e, boxes);
                }
                else if (e.Name != s_text + "tracked-changes" && e.Name != s_office + "annotation")
                {
                    CellParagraphs(e, parts, boxes, nested);
                }
            }
        }

        /// <summary>The notes' paragraphs, after the body (as .docx puts its footnotes).</summary>
        public void EmitNotes()
        {
            foreach (var note in _notes)
            {
                Blocks.AddRange(note);
            }
            _notes.Clear();
        }
    }
}
