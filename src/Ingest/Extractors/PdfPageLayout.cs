using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.PageSegmenter;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Page layout of a PDF text layer: the header and footer bands, and the reading order of multi-column pages.</summary>
/// <remarks>Columns come from PdfPig's <see cref="RecursiveXYCut"/> (Nagy and Seth, "Hierarchical representation of
/// optically scanned documents", 1984): the page's words are cut recursively at the widest white gaps into blocks. A page is
/// multi-column when blocks of prose stand side by side over a common height; its blocks are then read band by band (a
/// block spanning the columns, such as a title, closes a band), column by column, top to bottom. Pages that are not
/// multi-column keep the whole-page line builder, so single-column reports, tables and slides read as before.</remarks>
public static class PdfPageLayout
{
    /// <summary>An isolated first or last row of a page: a header or footer candidate.</summary>
    /// <param name="Y">Its baseline.</param>
    /// <param name="Letters">Its letters.</param>
    public sealed record Band(double Y, IReadOnlyList<Letter> Letters);

    /// <summary>A row separated from the rest of the page by at least this many times the page's median row gap is a band.</summary>
    public const double BandGap = 1.8;

    /// <summary>Splits off the top row when it stands alone above the body (a gap of <see cref="BandGap"/> median row gaps,
    /// in the top fifth of the page), and the bottom row likewise in the bottom fifth: running header and footer
    /// candidates. Whether they really run across pages is decided over the whole document.</summary>
    public static (List<Letter> Body, Band? Top, Band? Bottom) SplitBands(IReadOnlyList<Letter> letters, double pageHeight)
    {
        ArgumentNullException.ThrowIfNull(letters);
        var rows = Rows(letters);
        if (rows.Count < 4)
        {
            return ([.. letters], null, null);
        }
        var gaps = new List<double>();
        for (int i = 1; i < rows.Count; i++)
        {
            gaps.Add(rows[i - 1].Y - rows[i].Y);
        }
        var sorted = gaps.Order().ToList();
        double median = Math.Max(1, sorted[sorted.Count / 2]);
        Band? top = null;
        Band? bottom = null;
        if (gaps[0] >= BandGap * median && rows[0].Y >= 0.8 * pageHeight)
        {
            top = new Band(rows[0].Y, rows[0].Letters);
        }
        if (gaps[^1] >= BandGap * median && rows[^1].Y <= 0.2 * pageHeight)
        {
            bottom = new Band(rows[^1].Y, rows[^1].Letters);
        }
        if (top is null && bottom is null)
        {
            return ([.. letters], null, null);
        }
        var drop = new HashSet<Letter>(ReferenceEqualityComparer.Instance);
        foreach (var l in (top?.Letters ?? []).Concat(bottom?.Letters ?? []))
        {
            drop.Add(l);
        }
        return (letters.Where(l => !drop.Contains(l)).ToList(), top, bottom);
    }

    // Letters grouped by baseline (within 40 % of the font size), top row first.
    private static List<(double Y, List<Letter> Letters)> Rows(IReadOnlyList<Letter> letters)
    {
        var rows = new List<(double Y, double Size, List<Letter> Letters)>();
        foreach (var l in letters.Where(l => l.Value.Length > 0).OrderByDescending(l => l.StartBaseLine.Y))
        {
            double size = l.PointSize > 0 ? l.PointSize : Math.Max(1, l.BoundingBox.Height);
            if (rows.Count > 0 && Math.Abs(rows[^1].Y - l.StartBaseLine.Y) <= Math.Max(1.5, 0.4 * Math.Max(rows[^1].Size, size)))
            {
                rows[^1].Letters.Add(l);
            }
            else
            {
                rows.Add((l.StartBaseLine.Y, size, [l]));
            }
        }
        return rows.Where(r => r.Letters.Any(l => !string.IsNullOrWhiteSpace(l.Value))).Select(r => (r.Y, r.Letters)).ToList();
    }

    /// <summary>The letters of a page in reading order groups: one group for a single-column page, else one per block of a
    /// multi-column page, in reading order.</summary>
    public static List<IReadOnlyList<Letter>> ReadingGroups(IReadOnlyList<Letter> letters)
    {
        ArgumentNullException.ThrowIfNull(letters);
        if (letters.Count < 200)
        {
            return [letters];
        }
        IReadOnlyList<UglyToad.PdfPig.DocumentLayoutAnalysis.TextBlock> blocks;
        try
        {
            var words = NearestNeighbourWordExtractor.Instance.GetWords(letters).ToList();
            blocks = RecursiveXYCut.Instance.GetBlocks(words);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or IndexOutOfRangeException)
        {
            return [letters];
        }
        var boxes = blocks.Select(b => (Block: b, Letters: b.TextLines.SelectMany(t => t.Words).SelectMany(w => w.Letters).ToList())).ToList();
        int inBlocks = boxes.Sum(b => b.Letters.Count);
        if (boxes.Count < 2 || inBlocks < 0.95 * letters.Count(l => !string.IsNullOrWhiteSpace(l.Value)))
        {
            return [letters]; // the word extractor lost letters (combining marks drawn apart): keep the page whole
        }
        double left = boxes.Min(b => b.Block.BoundingBox.Left);
        double right = boxes.Max(b => b.Block.BoundingBox.Right);
        double width = Math.Max(1, right - left);
        // column blocks: narrower than 60 % of the text width; columns are their left edges, clustered
        var narrow = boxes.Where(b => b.Block.BoundingBox.Width < 0.6 * width).ToList();
        var columns = new List<(double Left, double Right, int Letters, double Top, double Bottom)>();
        foreach (var b in narrow.OrderBy(b => b.Block.BoundingBox.Left))
        {
            var box = b.Block.BoundingBox;
            int at = columns.FindIndex(c => box.Left < c.Right && box.Right > c.Left);
            if (at < 0)
            {
                columns.Add((box.Left, box.Right, b.Letters.Count, box.Top, box.Bottom));
            }
            else
            {
                var c = columns[at];
                columns[at] = (Math.Min(c.Left, box.Left), Math.Max(c.Right, box.Right), c.Letters + b.Letters.Count, Math.Max(c.Top, box.Top), Math.Min(c.Bottom, box.Bottom));
            }
        }
        // prose columns: each with a good share of the page's letters, standing side by side over a common height
        var prose = columns.Where(c => c.Letters >= 0.15 * inBlocks).OrderBy(c => c.Left).ToList();
        bool sideBySide = prose.Count >= 2 && prose.Zip(prose.Skip(1)).All(p =>
            p.First.Right <= p.Second.Left
            && Math.Min(p.First.Top, p.Second.Top) - Math.Max(p.First.Bottom, p.Second.Bottom) > 0.3 * Math.Min(p.First.Top - p.First.Bottom, p.Second.Top - p.Second.Bottom));
        if (!sideBySide)
        {
            return [letters];
        }
        int ColumnOf(UglyToad.PdfPig.Core.PdfRectangle box)
        {
            for (int i = 0; i < prose.Count; i++)
            {
                if (box.Right <= prose[i].Right + 1 && box.Left >= prose[i].Left - 1)
                {
                    return i;
                }
            }
            return -1; // spans columns (a title) or stands outside them
        }
        // bands: a spanning block closes the band above it; inside a band, one group per column (the line builder orders
        // its rows, and joins the words of a justified heading that the cut split into blocks)
        var ordered = new List<IReadOnlyList<Letter>>();
        var pending = new List<(int Column, List<Letter> Letters)>();
        void Flush()
        {
            foreach (var column in pending.GroupBy(p => p.Column).OrderBy(g => g.Key))
            {
                ordered.Add(column.SelectMany(p => p.Letters).ToList());
            }
            pending.Clear();
        }
        foreach (var b in boxes.OrderByDescending(b => b.Block.BoundingBox.Top))
        {
            int col = ColumnOf(b.Block.BoundingBox);
            if (col < 0)
            {
                Flush();
                ordered.Add(b.Letters);
            }
            else
            {
                pending.Add((col, b.Letters));
            }
        }
        Flush();
        return ordered;
    }
}
