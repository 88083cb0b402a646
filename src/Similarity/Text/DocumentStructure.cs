using System.Text.RegularExpressions;

namespace SimilarityEngine.Similarity.Text;

/// <summary>The parts of an SKKN report that a reviewer tells apart.</summary>
public enum SectionKind
{
    /// <summary>Cover page and anything before the first recognised heading.</summary>
    Front,
    /// <summary>Mục lục.</summary>
    TableOfContents,
    /// <summary>Đặt vấn đề, lý do chọn đề tài, mở đầu.</summary>
    DatVanDe,
    /// <summary>Cơ sở lý luận.</summary>
    CoSoLyLuan,
    /// <summary>Thực trạng.</summary>
    ThucTrang,
    /// <summary>Các biện pháp / giải pháp.</summary>
    BienPhap,
    /// <summary>Kết quả, hiệu quả.</summary>
    KetQua,
    /// <summary>Kết luận, kiến nghị.</summary>
    KetLuan,
    /// <summary>Tài liệu tham khảo (excluded from scores).</summary>
    References,
    /// <summary>Phụ lục.</summary>
    Appendix,
}

/// <summary>A section: a character range of the canonical text and its kind.</summary>
public sealed record Section(int Start, int End, SectionKind Kind, string Heading);

/// <summary>A character range excluded from scores but shown (quotations, references).</summary>
public sealed record ExcludedSpan(int Start, int End, string Reason);

/// <summary>Finds the sections and quotations of a report's canonical text.</summary>
public static partial class DocumentStructure
{
    /// <summary>Quotations at least this many syllables long are excluded from scores.</summary>
    public const int MinQuotationSyllables = 12;

    private static readonly (string Key, SectionKind Kind)[] s_headings =
    [
        ("MỤC LỤC", SectionKind.TableOfContents),
        ("TÀI LIỆU THAM KHẢO", SectionKind.References),
        ("PHỤ LỤC", SectionKind.Appendix),
        ("ĐẶT VẤN ĐỀ", SectionKind.DatVanDe),
        ("LÝ DO CHỌN ĐỀ TÀI", SectionKind.DatVanDe),
        ("MỞ ĐẦU", SectionKind.DatVanDe),
        ("CƠ SỞ LÝ LUẬN", SectionKind.CoSoLyLuan),
        ("THỰC TRẠNG", SectionKind.ThucTrang),
        ("BIỆN PHÁP", SectionKind.BienPhap),
        ("GIẢI PHÁP", SectionKind.BienPhap),
        ("KẾT QUẢ", SectionKind.KetQua),
        ("HIỆU QUẢ", SectionKind.KetQua),
        ("KẾT LUẬN", SectionKind.KetLuan),
        ("KIẾN NGHỊ", SectionKind.KetLuan),
    ];

    private static readonly (string Marked, string Folded, SectionKind Kind)[] s_headingKeys =
        s_headings.Select(h => (h.Key, new string(h.Key.Select(VietnameseSyllable.Fold).ToArray()), h.Kind)).ToArray();

    [GeneratedRegex(@"^\s*(?:PHẦN\s+[IVX\d]+|[IVX]+|\d+(?:\.\d+)*|[A-Za-z])\s*[.)\-:]\s*", RegexOptions.CultureInvariant)]
    private static partial Regex NumberingRegex();

    /// <summary>Vietnamese label of a section, for reports.</summary>
    public static string LabelVi(SectionKind kind) => kind switch
    {
        SectionKind.Front => "Trang bìa / phần đầu",
        SectionKind.TableOfContents => "Mục lục",
        SectionKind.DatVanDe => "Đặt vấn đề",
        SectionKind.CoSoLyLuan => "Cơ sở lý luận",
        SectionKind.ThucTrang => "Thực trạng",
        SectionKind.BienPhap => "Biện pháp",
        SectionKind.KetQua => "Kết quả",
        SectionKind.KetLuan => "Kết luận",
        SectionKind.References => "Tài liệu tham khảo",
        SectionKind.Appendix => "Phụ lục",
        _ => kind.ToString(),
    };

    /// <summary>Splits <paramref name="text"/> (lines = paragraphs) into sections by their headings.</summary>
    public static IReadOnlyList<Section> Sections(string text)
    {
        var lines = new List<(int Start, int End)>();
        for (int pos = 0; pos <= text.Length;)
        {
            int nl = text.IndexOf('\n', pos);
            int end = nl < 0 ? text.Length : nl;
            lines.Add((pos, end));
            if (nl < 0)
            {
                break;
            }
            pos = nl + 1;
        }
        // PERF: FingerprintBenchmarks.IngestPath — a line's letter key is made only when a table of contents asks for it
        var keys = new LineKeys(text, lines);
        var result = new List<Section>();
        int start = 0;
        var kind = SectionKind.Front;
        string heading = "";
        int tocLines = 0;
        for (int li = 0; li < lines.Count; li++)
        {
            var (pos, end) = lines[li];
            var line = text.AsSpan(pos, end - pos);
            bool isHeading = TryHeading(line, out var k);
            if (kind == SectionKind.TableOfContents)
            {
                tocLines++;
                // VI: a table of contents repeats the headings that follow it; it ends at the first heading
                // not repeated further on, at a line of prose, or after 80 lines
                bool prose = line.Length > 150 && !LooksLikeTocEntry(text, end);
                if (!prose && tocLines < 80 && (!isHeading || LooksLikeTocEntry(text, end) || RepeatedLater(keys, li)))
                {
                    continue;
                }
                if (prose && !isHeading)
                {
                    isHeading = true;
                    k = SectionKind.Front;
                }
            }
            if (isHeading)
            {
                if (pos > start)
                {
                    result.Add(new Section(start, pos, kind, heading));
                }
                start = pos;
                kind = k;
                heading = line.Trim().ToString();
                tocLines = 0;
            }
        }
        if (text.Length > start || result.Count == 0)
        {
            result.Add(new Section(start, text.Length, kind, heading));
        }
        return result;
    }

    // The letters of each line, lower-cased, made on first use.
    private sealed class LineKeys(string text, List<(int Start, int End)> lines)
    {
        private readonly string?[] _keys = new string?[lines.Count];

        public int Count => _keys.Length;

        public string this[int index] => _keys[index] ??= LetterKey(text.AsSpan(lines[index].Start, lines[index].End - lines[index].Start));
    }

    private static string LetterKey(ReadOnlySpan<char> line)
    {
        var sb = new System.Text.StringBuilder();
        foreach (char c in line)
        {
            if (char.IsLetter(c))
            {
                sb.Append(VietnameseSyllable.Lower(c));
            }
        }
        return sb.ToString();
    }

    private static bool RepeatedLater(LineKeys keys, int index)
    {
        string key = keys[index];
        if (key.Length < 6)
        {
            return false;
        }
        for (int j = index + 1; j < keys.Count; j++)
        {
            string other = keys[j];
            if (other.Length >= 6 && (key.StartsWith(other, StringComparison.Ordinal) || other.StartsWith(key, StringComparison.Ordinal)))
            {
                return true;
            }
        }
        return false;
    }

    // Inside a table of contents the headings repeat with their page numbers ("PHẦN I. ĐẶT VẤN ĐỀ 3").
    private static bool LooksLikeTocEntry(string text, int lineEnd)
    {
        int i = lineEnd - 1;
        while (i >= 0 && text[i] is ' ' or '\t' or '.' or '…')
        {
            i--;
        }
        return i >= 0 && char.IsAsciiDigit(text[i]);
    }

    /// <summary>True when <paramref name="line"/> is a heading that opens a known section.</summary>
    public static bool TryHeading(ReadOnlySpan<char> line, out SectionKind kind)
    {
        kind = SectionKind.Front;
        var t = line.Trim();
        if (t.Length == 0 || t.Length > 90)
        {
            return false;
        }
        string s = NumberingRegex().Replace(t.ToString(), "");
        bool numbered = s.Length != t.Length;
        if (!numbered && !IsUpper(s))
        {
            return false;
        }
        string upper = s.ToUpperInvariant();
        // VI: a report typed without marks has its headings so too ("I. DAT VAN DE"): compared with the keys read without marks
        bool unmarked = !upper.Any(VietnameseSyllable.IsMarked);
        foreach (var (marked, folded, k) in s_headingKeys)
        {
            string key = unmarked ? folded : marked;
            if (upper.StartsWith(key, StringComparison.Ordinal) ||
                (upper.Length < 70 && upper.Contains(key, StringComparison.Ordinal) && (IsUpper(s) || (numbered && !s.TrimEnd().EndsWith('.')))))
            {
                kind = k;
                return true;
            }
        }
        return false;
    }

    private static bool IsUpper(string s)
    {
        int letters = 0;
        foreach (char c in s)
        {
            if (char.IsLetter(c))
            {
                letters++;
                if (char.IsLower(c))
                {
                    return false;
                }
            }
        }
        return letters >= 3;
    }

    /// <summary>Quotations (text between “ ” or straight double quotes) of at least
    /// <see cref="MinQuotationSyllables"/> syllables, the references section, the table of contents and the cover page.</summary>
    public static IReadOnlyList<ExcludedSpan> ExcludedSpans(string text, IReadOnlyList<Section> sections)
    {
        var spans = new List<ExcludedSpan>();
        // the cover page (everything before the first recognised heading) is form, not content — when headings were
        // found and the cover is a small part of the report
        if (sections.Count > 1 && sections[0].Kind == SectionKind.Front && sections[0].End - sections[0].Start < 0.3 * text.Length)
        {
            spans.Add(new ExcludedSpan(sections[0].Start, sections[0].End, "cover"));
        }
        foreach (var s in sections)
        {
            if (s.Kind is SectionKind.References or SectionKind.TableOfContents)
            {
                spans.Add(new ExcludedSpan(s.Start, s.End, s.Kind == SectionKind.References ? "references" : "table-of-contents"));
            }
        }
        int i = 0;
        while (i < text.Length)
        {
            char c = text[i];
            if (c is '“' or '"')
            {
                int close = -1;
                for (int j = i + 1; j < text.Length && j < i + 6000; j++)
                {
                    if (text[j] is '”' or '"')
                    {
                        close = j;
                        break;
                    }
                    if (text[j] == '\n')
                    {
                        break; // quotations do not run across paragraphs: an unmatched mark must not swallow the text after it
                    }
                }
                if (close > 0)
                {
                    if (CountSyllables(text.AsSpan(i + 1, close - i - 1)) >= MinQuotationSyllables)
                    {
                        spans.Add(new ExcludedSpan(i, close + 1, "quotation"));
                    }
                    i = close + 1;
                    continue;
                }
            }
            i++;
        }
        return spans;
    }

    private static int CountSyllables(ReadOnlySpan<char> s)
    {
        int n = 0;
        bool inWord = false;
        foreach (char c in s)
        {
            bool w = SyllableTokenizer.IsWordChar(c);
            if (w && !inWord)
            {
                n++;
            }
            inWord = w;
        }
        return n;
    }
}
