using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.Core;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Turns a page whose text runs sideways or upside down (a page with /Rotate, a landscape table printed across a
/// portrait page) so that its lines run left to right: the line builder groups letters by baseline height and orders
/// them by x, which reads a turned page one letter per line.</summary>
internal static class PdfUpright
{
    /// <summary>Share of the letters that must run one way for the page to be turned that way.</summary>
    public const double Majority = 0.6;

    /// <summary>The letters turned upright, the height of the turned page, and <paramref name="glued"/> mapped to the turned
    /// letters; the letters as given when most of them already run left to right (or no way dominates).</summary>
    public static (IReadOnlyList<Letter> Letters, double Height, HashSet<Letter> Glued) Turn(IReadOnlyList<Letter> letters, double width, double height,
        HashSet<Letter> glued)
    {
        // quarter turns counter-clockwise that bring each letter's baseline to point right
        Span<int> votes = stackalloc int[4];
        int counted = 0;
        foreach (var l in letters)
        {
            double dx = l.EndBaseLine.X - l.StartBaseLine.X, dy = l.EndBaseLine.Y - l.StartBaseLine.Y;
            if (l.Value.Length == 0 || char.IsWhiteSpace(l.Value[0]) || Math.Abs(dx) + Math.Abs(dy) < 1e-6)
            {
                continue;
            }
            int quarter = (int)Math.Round(Math.Atan2(dy, dx) / (Math.PI / 2));
            votes[((4 - quarter) % 4 + 4) % 4]++;
            counted++;
        }
        int turn = 0;
        for (int q = 1; q < 4; q++)
        {
            if (votes[q] > Majority * counted && counted >= 10)
            {
                turn = q;
            }
        }
        if (turn == 0)
        {
            return (letters, height, glued);
        }
        // turned by `turn` quarters counter-clockwise about the origin, then moved back into the first quadrant
        (double X, double Y) Rotate(double x, double y) => turn switch
        {
            1 => (height - y, x),
            2 => (width - x, height - y),
            _ => (y, width - x),
        };
        PdfPoint P(PdfPoint p)
        {
            var (x, y) = Rotate(p.X, p.Y);
            return new PdfPoint(x, y);
        }
        PdfRectangle R(PdfRectangle r)
        {
            var (x1, y1) = Rotate(r.Left, r.Bottom);
            var (x2, y2) = Rotate(r.Right, r.Top);
            return new PdfRectangle(Math.Min(x1, x2), Math.Min(y1, y2), Math.Max(x1, x2), Math.Max(y1, y2));
        }
        var turned = new List<Letter>(letters.Count);
        var map = glued.Count == 0 ? null : new HashSet<Letter>(ReferenceEqualityComparer.Instance);
        foreach (var l in letters)
        {
            var t = new Letter(l.Value, R(l.BoundingBox), R(l.GlyphRectangleLoose), P(l.StartBaseLine), P(l.EndBaseLine), l.Width, l.FontSize,
                l.FontDetails, l.RenderingMode, l.StrokeColor, l.FillColor, l.PointSize, l.TextSequence);
            turned.Add(t);
            if (map is not null && glued.Contains(l))
            {
                map.Add(t);
            }
        }
        return (turned, turn == 2 ? height : width, map ?? glued);
    }
}
