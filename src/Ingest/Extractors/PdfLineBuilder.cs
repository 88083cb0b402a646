using System.Text;
using System.Text.RegularExpressions;
using SimilarityEngine.Ingest.Legacy;
using SimilarityEngine.Ingest.Text;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Builds a PDF page's text lines from letter positions, and joins lines into paragraphs.</summary>
public static class PdfLineBuilder
{
    private sealed class Glyph
    {
        public required string Text;
        public double X;
        public double EndX;
        public double Y;
        public double Size;
        public int Order;
        public bool Glued;
    }

    /// <summary>Builds the visual lines of a page from its letters: grouped by baseline, ordered left to right, spaces where
    /// the gap is wide. Unlike content order, this survives PDFs that draw fallback-font glyphs (often the Vietnamese
    /// letters) in a separate pass, and it drops the doubled glyphs of fake bold.</summary>
    public static List<string> PositionalLines(IReadOnlyList<Letter> letters) => PositionalLines(letters, null);

    /// <summary>As <see cref="PositionalLines(IReadOnlyList{Letter})"/>; a letter of <paramref name="glued"/> continues the
    /// word before it whatever the gap (hidden letters stood between them).</summary>
    public static List<string> PositionalLines(IReadOnlyList<Letter> letters, IReadOnlySet<Letter>? glued)
    {
        var glyphs = new List<Glyph>(letters.Count);
        for (int i = 0; i < letters.Count; i++)
        {
            var l = letters[i];
            if (l.Value.Length == 0)
            {
                continue;
            }
            bool mark = l.Value.All(c => System.Globalization.CharUnicodeInfo.GetUnicodeCategory(c) == System.Globalization.UnicodeCategory.NonSpacingMark);
            if (mark && glyphs.Count > 0)
            {
                glyphs[^1].Text += l.Value; // VI: a combining tone mark belongs to the letter drawn before it
                continue;
            }
            glyphs.Add(new Glyph
            {
                Text = l.Value,
                X = Math.Min(l.StartBaseLine.X, l.EndBaseLine.X),
                EndX = Math.Max(l.EndBaseLine.X, l.StartBaseLine.X + Math.Max(l.Width, 0)),
                Y = l.StartBaseLine.Y,
                Size = l.PointSize > 0 ? l.PointSize : Math.Max(1, l.BoundingBox.Height),
                Order = i,
                Glued = glued is not null && glued.Contains(l),
            });
        }
        // group into lines: baselines within 40% of the font size
        var ordered = glyphs.OrderByDescending(g => g.Y).ThenBy(g => g.X).ToList();
        var lineGroups = new List<List<Glyph>>();
        foreach (var g in ordered)
        {
            var current = lineGroups.Count > 0 ? lineGroups[^1] : null;
            if (current is not null && Math.Abs(current[0].Y - g.Y) <= Math.Max(1.5, 0.4 * Math.Max(current[0].Size, g.Size)))
            {
                current.Add(g);
            }
            else
            {
                lineGroups.Add([g]);
            }
        }
        var result = new List<string>(lineGroups.Count);
        foreach (var line in lineGroups)
        {
            line.Sort((a, b) => a.X != b.X ? a.X.CompareTo(b.X) : a.Order.CompareTo(b.Order));
            var sb = new StringBuilder();
            Glyph? prev = null;
            foreach (var g in line)
            {
                if (prev is not null)
                {
                    // fake bold: the same glyph drawn again almost on top of itself
                    if (g.Text == prev.Text && Math.Abs(g.X - prev.X) < 0.25 * Math.Max(1, prev.EndX - prev.X) && !string.IsNullOrWhiteSpace(g.Text))
                    {
                        continue;
                    }
                    double gap = g.X - prev.EndX;
                    if (gap > 0.18 * Math.Max(prev.Size, g.Size) && !g.Glued && !char.IsWhiteSpace(g.Text[0]) && sb.Length > 0 && sb[^1] != ' ')
                    {
                        sb.Append(' ');
                    }
                }
                sb.Append(g.Text);
                prev = g;
            }
            string t = sb.ToString().Normalize(NormalizationForm.FormC).Trim();
            if (t.Length > 0)
            {
                result.Add(t);
            }
        }
        return result;
    }

    /// <summary>Joins visual lines into paragraphs (a line nearly as long as the longest continues), with the index of each
    /// paragraph's first line.</summary>
    public static List<(string Text, int FirstLine)> JoinLinesWithIndex(List<string> lines, LegacyEncoding encoding = LegacyEncoding.None)
    {
        var result = new List<(string, int)>();
        int first = 0;
        if (lines.Count == 0)
        {
            return result;
        }
        var lengths = lines.Select(l => l.Length).OrderBy(x => x).ToList();
        int full = lengths[(int)(lengths.Count * 0.9)];
        var sb = new StringBuilder();
        for (int i = 0; i < lines.Count; i++)
        {
            string line = lines[i];
            if (sb.Length > 0)
            {
                char last = sb[^1];
                char firstChar = line.Length == 0 ? ' ' : encoding == LegacyEncoding.Tcvn3 ? LegacyDecoder.DecodeTcvn3(line.AsSpan(0, 1))[0] : line[0];
                if (last == '-' && sb.Length > 1 && char.IsLetter(sb[^2]) && char.IsLower(firstChar))
                {
                    sb.Length--;
                    if (encoding == LegacyEncoding.Tcvn3)
                    {
                        sb.Append('\u00AD'); // VI: a TCVN3 'ư' at a line end came out as a hyphen
                    }
                }
                else
                {
                    sb.Append(' ');
                }
            }
            if (sb.Length == 0)
            {
                first = i;
            }
            sb.Append(line);
            // a table-of-contents line (dot leaders, page number at the end) never runs on
            bool toc = line.Contains("....", StringComparison.Ordinal) || line.Contains('…', StringComparison.Ordinal);
            bool wraps = !toc && line.Length >= full * 0.85 && full >= 25 && i + 1 < lines.Count;
            if (!wraps)
            {
                result.Add((sb.ToString(), first));
                sb.Clear();
            }
        }
        if (sb.Length > 0)
        {
            result.Add((sb.ToString(), first));
        }
        return result;
    }
}
