using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Finds the letters of a PDF page's text layer that no reader sees: the way a copy hides letters inside its words
/// ("chlpquẩn bị" for "chuẩn bị") so that a checker reading the text layer finds no shared phrase. The .docx reader drops
/// Word's hidden, white and tiny runs; this does the same for a page.</summary>
/// <remarks>Kinds: <c>tiny</c> (a glyph of 2 pt or less, or under a quarter of the page's body size, while the body is
/// readable), <c>white</c> (filled white and not over a dark shape or a picture), <c>invisible</c> (render mode 3 lying
/// over visible letters: a second text under the one shown; an invisible layer over a picture is a scan's OCR and stays),
/// <c>off-page</c> (wholly outside the sheet, or outside the crop box beside visible text). Text drawn under an opaque picture is not detected: PdfPig gives no
/// drawing order between pictures and letters.</remarks>
internal static class PdfHiddenText
{
    /// <summary>A glyph at most this size (points) is unreadable.</summary>
    public const double TinyPoints = 2;

    /// <summary>A glyph under this share of the page's body size is unreadable.</summary>
    public const double TinyShare = 0.25;

    /// <summary>The page's letters that a reader sees; how many letters (not spaces) of each hidden kind were left out; and
    /// the visible letters that followed hidden ones inside a word (the hidden letters' room is not a space between words).</summary>
    public static (IReadOnlyList<Letter> Visible, Dictionary<string, int> Hidden, HashSet<Letter> Glued) Filter(Page page, IReadOnlyList<Letter> letters)
    {
        var hidden = new Dictionary<string, int>(StringComparer.Ordinal);
        var glued = new HashSet<Letter>(ReferenceEqualityComparer.Instance);
        if (letters.Count == 0)
        {
            return (letters, hidden, glued);
        }
        double body = BodySize(letters);
        // PdfPig places letters relative to the crop box's corner, turned with the page's /Rotate: the box a reader sees is
        // 0,0 to the page's width and height (pdf.js's highlight.pdf crops to [84.75 501.75 413.25 705.75])
        var box = new PdfRectangle(0, 0, page.Width, page.Height);
        // the whole sheet (the media box) in the same coordinates; known only for an unturned page
        var crop = page.CropBox.Bounds;
        var media = page.Rotation.Value == 0
            ? new PdfRectangle(page.MediaBox.Bounds.Left - crop.Left, page.MediaBox.Bounds.Bottom - crop.Bottom,
                page.MediaBox.Bounds.Right - crop.Left, page.MediaBox.Bounds.Top - crop.Bottom)
            : box;
        List<PdfRectangle>? backgrounds = null;
        var kinds = new string?[letters.Count];
        int invisible = 0;
        int shown = 0;
        for (int i = 0; i < letters.Count; i++)
        {
            var l = letters[i];
            if (l.RenderingMode is TextRenderingMode.Neither)
            {
                invisible++;
                continue;
            }
            if (!IsInk(l))
            {
                continue;
            }
            var b = l.BoundingBox;
            if (Outside(b, box))
            {
                // off the sheet: hidden; on the sheet but outside the crop box: hidden unless it is all the page's text
                kinds[i] = Outside(b, media) ? "off-page" : "cropped";
                continue;
            }
            double size = Size(l);
            if (body > 4 * TinyPoints && (size <= TinyPoints || size < TinyShare * body))
            {
                kinds[i] = "tiny";
                continue;
            }
            if (IsWhite(l) && !OnBackground(b, backgrounds ??= Backgrounds(page)))
            {
                kinds[i] = "white";
                continue;
            }
            shown++;
        }
        // an invisible layer over visible letters is a second text under the shown one; over a picture (a scan, a pasted
        // figure) it is that picture's OCR and stays. A page that is mostly invisible text is decided by the caller.
        if (invisible > 0 && shown >= 10 && invisible < 0.8 * (invisible + shown))
        {
            // the stretches of visible text of each band of height (glyphs closer than a letter's size are one stretch):
            // an invisible glyph inside one lies over visible text
            var rows = new Dictionary<int, List<(double Left, double Right)>>();
            for (int i = 0; i < letters.Count; i++)
            {
                if (kinds[i] is null && letters[i].RenderingMode is not TextRenderingMode.Neither && IsInk(letters[i]))
                {
                    var g = letters[i].BoundingBox;
                    double pad = Math.Max(2, Size(letters[i]));
                    for (int r = Row(g.Bottom); r <= Row(g.Top); r++)
                    {
                        (rows.TryGetValue(r, out var list) ? list : rows[r] = []).Add((g.Left - pad, g.Right + pad));
                    }
                }
            }
            foreach (var list in rows.Values)
            {
                Merge(list);
            }
            for (int i = 0; i < letters.Count; i++)
            {
                if (letters[i].RenderingMode is TextRenderingMode.Neither)
                {
                    var g = letters[i].BoundingBox;
                    double x = (g.Left + g.Right) / 2;
                    if (rows.TryGetValue(Row((g.Bottom + g.Top) / 2), out var near) && Inside(x, near))
                    {
                        // its spaces go too (they would split the visible words), uncounted
                        kinds[i] = IsInk(letters[i]) ? "invisible" : "";
                    }
                }
            }
        }
        // tiny or white letters on a page where they are most of the text are that page's way of drawing (a font matrix
        // gone wrong, white text on a dark slide): not hiding
        int dropped = kinds.Count(k => k is "tiny" or "white");
        if (dropped > 0 && dropped >= shown)
        {
            for (int i = 0; i < kinds.Length; i++)
            {
                kinds[i] = kinds[i] is "tiny" or "white" ? null : kinds[i];
            }
        }
        // letters on the sheet but outside the crop box are read when they are all there is (a crop box that misses the
        // text, as pdftotext reads the sheet: pdf.js's endchar.pdf); beside visible text they are hidden. Letters off the
        // sheet are always hidden: a page of them beside a short visible text would dilute it (pdf.js's issue7454.pdf)
        bool noneShown = shown == 0 && kinds.All(k => k is null or "cropped" or "off-page");
        for (int i = 0; i < kinds.Length; i++)
        {
            if (kinds[i] is "cropped")
            {
                kinds[i] = noneShown ? null : "off-page";
            }
        }
        var visible = new List<Letter>(letters.Count);
        bool afterInk = false;
        bool inHidden = false;
        double hiddenEnd = 0;
        for (int i = 0; i < letters.Count; i++)
        {
            var l = letters[i];
            if (kinds[i] is { } kind)
            {
                if (kind.Length > 0)
                {
                    hidden[kind] = hidden.GetValueOrDefault(kind) + 1;
                }
                hiddenEnd = inHidden ? Math.Max(hiddenEnd, l.EndBaseLine.X) : l.EndBaseLine.X;
                inHidden = true;
                continue;
            }
            bool ink = IsInk(l);
            // "tr[hidden]ường": the word goes on across the hidden letters' room when the next visible letter starts where
            // they end; a wider gap is a space between words
            if (inHidden && afterInk && ink && Math.Abs(l.StartBaseLine.X - hiddenEnd) < 0.2 * Math.Max(1, Size(l)))
            {
                glued.Add(l);
            }
            inHidden = false;
            afterInk = ink;
            visible.Add(l);
        }
        return hidden.Count == 0 ? (letters, hidden, glued) : (visible, hidden, glued);
    }

    private static int Row(double y) => (int)Math.Floor(y / 8);

    private static bool IsInk(Letter l) => l.Value.Length > 0 && !string.IsNullOrWhiteSpace(l.Value);

    private static double Size(Letter l) => l.PointSize > 0 ? l.PointSize : Math.Max(0, l.BoundingBox.Height);

    // The median size of the page's glyphs over the tiny limit: the body text.
    private static double BodySize(IReadOnlyList<Letter> letters)
    {
        var sizes = new List<double>(letters.Count);
        foreach (var l in letters)
        {
            double s = Size(l);
            if (IsInk(l) && s > TinyPoints)
            {
                sizes.Add(s);
            }
        }
        if (sizes.Count == 0)
        {
            return 0;
        }
        sizes.Sort();
        return sizes[sizes.Count / 2];
    }

    private static bool IsWhite(Letter l)
    {
        try
        {
            var color = l.RenderingMode is TextRenderingMode.Stroke ? l.StrokeColor : l.FillColor;
            if (color is null)
            {
                return false;
            }
            var (r, g, b) = color.ToRGBValues();
            return r >= 0.95 && g >= 0.95 && b >= 0.95;
        }
        catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or NotImplementedException or ArgumentException)
        {
            // a pattern or a colour space PdfPig cannot convert: not known to be white
            return false;
        }
    }

    // Filled shapes that are not white, and pictures: white text over them is seen.
    private static List<PdfRectangle> Backgrounds(Page page)
    {
        var list = new List<PdfRectangle>();
        try
        {
            foreach (var path in page.Paths)
            {
                if (!path.IsFilled || path.GetBoundingRectangle() is not { } rect)
                {
                    continue;
                }
                bool white = false;
                try
                {
                    if (path.FillColor is { } c)
                    {
                        var (r, g, b) = c.ToRGBValues();
                        white = r >= 0.95 && g >= 0.95 && b >= 0.95;
                    }
                }
                catch (Exception ex) when (ex is InvalidOperationException or NotSupportedException or NotImplementedException or ArgumentException)
                {
                    white = false;
                }
                if (!white)
                {
                    list.Add(rect);
                }
            }
            foreach (var img in page.GetImages())
            {
                list.Add(img.BoundingBox);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException and not OperationCanceledException)
        {
            // unreadable drawing: every white letter counts as on a background (kept), never as hidden by mistake
            list.Add(page.CropBox.Bounds);
        }
        return list;
    }

    private static bool OnBackground(PdfRectangle glyph, List<PdfRectangle> backgrounds)
    {
        double x = (glyph.Left + glyph.Right) / 2;
        double y = (glyph.Bottom + glyph.Top) / 2;
        foreach (var r in backgrounds)
        {
            if (x >= r.Left && x <= r.Right && y >= r.Bottom && y <= r.Top)
            {
                return true;
            }
        }
        return false;
    }

    // Sorts intervals and merges those that touch.
    private static void Merge(List<(double Left, double Right)> list)
    {
        list.Sort((a, b) => a.Left.CompareTo(b.Left));
        int n = 0;
        for (int i = 0; i < list.Count; i++)
        {
            if (n > 0 && list[i].Left <= list[n - 1].Right)
            {
                list[n - 1] = (list[n - 1].Left, Math.Max(list[n - 1].Right, list[i].Right));
            }
            else
            {
                list[n++] = list[i];
            }
        }
        list.RemoveRange(n, list.Count - n);
    }

    private static bool Inside(double x, List<(double Left, double Right)> sorted)
    {
        int lo = 0;
        int hi = sorted.Count - 1;
        while (lo <= hi)
        {
            int mid = (lo + hi) >> 1;
            if (x < sorted[mid].Left)
            {
                hi = mid - 1;
            }
            else if (x > sorted[mid].Right)
            {
                lo = mid + 1;
            }
            else
            {
                return true;
            }
        }
        return false;
    }

    private static bool Outside(PdfRectangle b, PdfRectangle box) =>
        b.Right < box.Left - 1 || b.Left > box.Right + 1 || b.Top < box.Bottom - 1 || b.Bottom > box.Top + 1;
}
