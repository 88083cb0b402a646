using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace SimilarityEngine.Engine;

/// <summary>One report to ingest: its file and what is known about it.</summary>
public sealed record ReportInput(string Id, string File, string? Submitted, int? Year, IReadOnlyDictionary<string, string> Metadata);

/// <summary>A manifest or file list that cannot be used.</summary>
public sealed class ManifestException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ManifestException(string message) : base(message) { }

    /// <summary>Creates the exception.</summary>
    public ManifestException() { }

    /// <summary>Creates the exception.</summary>
    public ManifestException(string message, Exception inner) : base(message, inner) { }
}

/// <summary>Reads the manifest CSV: <c>id,file,submitted,year,author,school,district,title</c>; extra columns are kept as metadata.</summary>
public static partial class Manifest
{
    /// <summary>Reads <paramref name="path"/>. File paths are relative to the manifest's folder and may not leave it.</summary>
    /// <exception cref="ManifestException">Missing columns, a bad row, or a path outside the manifest's folder.</exception>
    public static IReadOnlyList<ReportInput> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ManifestException($"manifest not found: {path}");
        }
        string root = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var rows = Csv.Parse(File.ReadAllText(path, Encoding.UTF8));
        if (rows.Count == 0)
        {
            throw new ManifestException($"{path}: empty manifest");
        }
        var header = rows[0].Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        int iId = header.IndexOf("id");
        int iFile = header.IndexOf("file");
        if (iId < 0 || iFile < 0)
        {
            throw new ManifestException($"{path}: the header needs at least the columns id,file (has {string.Join(',', header)})");
        }
        var result = new List<ReportInput>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 1; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            string Get(string col)
            {
                int i = header.IndexOf(col);
                return i >= 0 && i < row.Count ? row[i].Trim() : "";
            }
            string id = Get("id");
            string file = Get("file");
            if (id.Length == 0 || file.Length == 0)
            {
                throw new ManifestException($"{path}, line {r + 1}: id and file are required");
            }
            if (!seen.Add(id))
            {
                throw new ManifestException($"{path}, line {r + 1}: id {id} appears twice");
            }
            string full = Path.GetFullPath(Path.Combine(root, file));
            if (Path.IsPathRooted(file) || !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ManifestException($"{path}, line {r + 1}: file '{file}' is outside the manifest's folder; refused");
            }
            string submitted = Get("submitted");
            if (submitted.Length > 0 && !DateOnly.TryParseExact(submitted, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                throw new ManifestException($"{path}, line {r + 1}: submitted '{submitted}' is not a date yyyy-MM-dd");
            }
            string yearText = Get("year");
            int? year = null;
            if (yearText.Length > 0)
            {
                year = int.TryParse(yearText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int y) ? y
                    : throw new ManifestException($"{path}, line {r + 1}: year '{yearText}' is not a number");
            }
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int c = 0; c < header.Count && c < row.Count; c++)
            {
                if (header[c] is not ("id" or "file" or "submitted" or "year") && row[c].Trim().Length > 0)
                {
                    meta[header[c]] = row[c].Trim();
                }
            }
            result.Add(new ReportInput(id, full, submitted.Length > 0 ? submitted : null, year, meta));
        }
        return result;
    }

    /// <summary>Inputs for files without a manifest: id = file name without extension; metadata from the cover page later.</summary>
    public static IReadOnlyList<ReportInput> FromFiles(IEnumerable<string> files) =>
        files.Select(f => new ReportInput(Path.GetFileNameWithoutExtension(f), f, null, null, new Dictionary<string, string>())).ToList();

    [GeneratedRegex(@"^\s*(?:Người thực hiện|Tác giả|Họ và tên|Họ tên)\s*:\s*(?<v>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex AuthorRegex();

    [GeneratedRegex(@"^\s*(?:Đơn vị công tác|Đơn vị|Nơi công tác)\s*:\s*(?<v>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex SchoolRegex();

    [GeneratedRegex(@"^\s*(?:Đề tài|Tên đề tài|Tên sáng kiến)\s*:\s*(?<v>.+?)\s*$", RegexOptions.IgnoreCase | RegexOptions.Multiline)]
    private static partial Regex TitleRegex();

    [GeneratedRegex(@"Năm học\s*:?\s*(?<a>(?:19|20)\d\d)\s*-\s*(?<b>(?:19|20)\d\d)", RegexOptions.IgnoreCase)]
    private static partial Regex YearRegex();

    /// <summary>Fills what the manifest did not say from the cover page (first 3,000 characters) and the file's properties.</summary>
    public static ReportInput WithCoverData(ReportInput input, string canonicalText, string? title, string? author)
    {
        string cover = canonicalText.Length > 3000 ? canonicalText[..3000] : canonicalText;
        var meta = new Dictionary<string, string>(input.Metadata, StringComparer.Ordinal);
        void Fill(string key, Regex re, string? fallback)
        {
            if (meta.ContainsKey(key))
            {
                return;
            }
            var m = re.Match(cover);
            string? v = m.Success ? m.Groups["v"].Value : fallback;
            if (!string.IsNullOrWhiteSpace(v) && v.Length < 200)
            {
                meta[key] = v.Trim();
            }
        }
        Fill("author", AuthorRegex(), author);
        Fill("school", SchoolRegex(), null);
        Fill("title", TitleRegex(), title);
        int? year = input.Year;
        if (year is null && YearRegex().Match(cover) is { Success: true } ym)
        {
            year = int.Parse(ym.Groups["b"].Value, CultureInfo.InvariantCulture);
        }
        return input with { Metadata = meta, Year = year };
    }
}

/// <summary>A small RFC 4180 CSV reader and writer.</summary>
public static class Csv
{
    /// <summary>Parses CSV text into rows of fields.</summary>
    public static List<List<string>> Parse(string text)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var field = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < text.Length && text[i + 1] == '"')
                    {
                        field.Append('"');
                        i++;
                    }
                    else
                    {
                        quoted = false;
                    }
                }
                else
                {
                    field.Append(c);
                }
                continue;
            }
            switch (c)
            {
                case '"':
                    quoted = true;
                    break;
                case ',':
                    row.Add(field.ToString());
                    field.Clear();
                    break;
                case '\r':
                    break;
                case '\n':
                    row.Add(field.ToString());
                    field.Clear();
                    rows.Add(row);
                    row = [];
                    break;
                default:
                    field.Append(c);
                    break;
            }
        }
        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            rows.Add(row);
        }
        return rows;
    }

    /// <summary>Quotes a field when it needs it.</summary>
    public static string Field(string? value)
    {
        value ??= "";
        // a leading =, +, - or @ would be run as a formula by a spreadsheet: prefix it
        if (value.Length > 0 && value[0] is '=' or '+' or '@')
        {
            value = "'" + value;
        }
        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    /// <summary>One CSV line.</summary>
    public static string Line(params string?[] fields) => string.Join(',', fields.Select(Field));
}
