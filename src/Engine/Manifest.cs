using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using nietras.SeparatedValues;
using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;

namespace SimilarityEngine.Engine;

/// <summary>One report to ingest: its file and what is known about it.</summary>
public sealed record ReportInput(string Id, string File, string? Submitted, int? Year, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Why the file is not read (a link leaving the allowed folder), or null.</summary>
    public string? Refused { get; init; }

    /// <summary>The report record of this input read as <paramref name="doc"/>, with what the cover page says filled in.</summary>
    public StoredReport ToReport(NormalizedDocument doc)
    {
        ArgumentNullException.ThrowIfNull(doc);
        // a collection document (textbook, official text, web page) has no SKKN cover page to read names from
        var withCover = Metadata.ContainsKey(StoredReport.CollectionKey)
            ? this
            : Manifest.WithCoverData(this, doc.Text, doc.Source.Properties.Title, doc.Source.Properties.Author);
        string hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(doc.Text)));
        return new StoredReport(withCover.Id, 0, hash, doc.Text, doc.Normalized.Map, File, withCover.Submitted, withCover.Year,
            withCover.Metadata, doc.Quality, doc.Source.Warnings)
        {
            Pictures = doc.Source.Pictures ?? [],
            Evasion = doc.Evasion,
        };
    }
}

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
    private static int IndexOf(IReadOnlyList<string> header, string column)
    {
        for (int i = 0; i < header.Count; i++)
        {
            if (header[i] == column)
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>Column names a manifest may not use: the engine gives them a meaning of its own.</summary>
    public static readonly IReadOnlyList<string> ReservedColumns = [StoredReport.CollectionKey];

    /// <summary>Reads <paramref name="path"/>. File paths are relative to the manifest's folder and may not leave it.</summary>
    /// <exception cref="ManifestException">Missing columns, a bad row, or a path outside the manifest's folder.</exception>
    public static IReadOnlyList<ReportInput> Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new ManifestException($"manifest not found: {path}");
        }
        string root = Path.GetFullPath(Path.GetDirectoryName(Path.GetFullPath(path))!);
        var (header, rows) = Csv.Read(File.ReadAllText(path, Encoding.UTF8));
        if (header.Count == 0)
        {
            throw new ManifestException($"{path}: empty manifest");
        }
        // names the engine gives a meaning of its own are not user metadata: a column 'collection' would make every
        // report of the manifest a reference text, never listed as a copier
        foreach (var reserved in ReservedColumns)
        {
            if (header.Any(h => string.Equals(h.Trim(), reserved, StringComparison.OrdinalIgnoreCase)))
            {
                throw new ManifestException($"{path}: the column '{reserved}' is reserved (reference collections are added with 'simeng collection add NAME'); " +
                    "rename that column to keep its values as metadata");
            }
        }
        int iId = IndexOf(header, "id");
        int iFile = IndexOf(header, "file");
        if (iId < 0 || iFile < 0)
        {
            throw new ManifestException($"{path}: the header needs at least the columns id,file (has {string.Join(',', header)})");
        }
        var result = new List<ReportInput>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            int line = r + 2;
            if (row.All(string.IsNullOrWhiteSpace))
            {
                continue;
            }
            string Get(string col)
            {
                int i = IndexOf(header, col);
                return i >= 0 && i < row.Length ? row[i].Trim() : "";
            }
            // ids are compared in NFC: two spellings of one name are one id
            string id = Get("id").Normalize(NormalizationForm.FormC);
            string file = Get("file");
            if (id.Length == 0 || file.Length == 0)
            {
                throw new ManifestException($"{path}, line {line}: id and file are required");
            }
            if (!seen.Add(id))
            {
                throw new ManifestException($"{path}, line {line}: id {id} appears twice");
            }
            string full = Path.GetFullPath(Path.Combine(root, file));
            if (Path.IsPathRooted(file) || !full.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal))
            {
                throw new ManifestException($"{path}, line {line}: file '{file}' is outside the manifest's folder; refused");
            }
            string submitted = Get("submitted");
            if (submitted.Length > 0 && !DateOnly.TryParseExact(submitted, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _))
            {
                throw new ManifestException($"{path}, line {line}: submitted '{submitted}' is not a date yyyy-MM-dd");
            }
            string yearText = Get("year");
            int? year = null;
            if (yearText.Length > 0)
            {
                year = int.TryParse(yearText, NumberStyles.Integer, CultureInfo.InvariantCulture, out int y) ? y
                    : throw new ManifestException($"{path}, line {line}: year '{yearText}' is not a number");
            }
            var meta = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int c = 0; c < header.Count && c < row.Length; c++)
            {
                if (header[c] is not ("id" or "file" or "submitted" or "year") && row[c].Trim().Length > 0)
                {
                    meta[header[c]] = row[c].Trim();
                }
            }
            result.Add(new ReportInput(id, full, submitted.Length > 0 ? submitted : null, year, meta)
            {
                Refused = InputPlanner.IdTooLong(id) ?? InputPlanner.LinkLeaving(full, root),
            });
        }
        return result;
    }

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

/// <summary>CSV reading and writing (RFC 4180, through Sep), with spreadsheet-formula neutralisation on output.</summary>
public static class Csv
{
    /// <summary>Parses CSV text: the header's column names (trimmed, lower case, BOM removed) and the rows, each as many
    /// fields as it has.</summary>
    public static (IReadOnlyList<string> Header, IReadOnlyList<string[]> Rows) Read(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = text.TrimStart('\uFEFF');
        if (text.Trim().Length == 0)
        {
            return ([], []);
        }
        using var reader = Sep.Reader(o => o with { Unescape = true, DisableColCountCheck = true, HasHeader = true }).FromText(text);
        var header = reader.Header.ColNames.Select(h => h.Trim().ToLowerInvariant()).ToList();
        var rows = new List<string[]>();
        foreach (var row in reader)
        {
            var fields = new string[row.ColCount];
            for (int c = 0; c < fields.Length; c++)
            {
                fields[c] = row[c].ToString();
            }
            rows.Add(fields);
        }
        return (header, rows);
    }

    /// <summary>Writes a header and rows as CSV text ('\n' line ends), quoting where needed and neutralising cells that a
    /// spreadsheet would run as a formula.</summary>
    public static string Write(IReadOnlyList<string> header, IEnumerable<IReadOnlyList<string?>> rows)
    {
        ArgumentNullException.ThrowIfNull(header);
        ArgumentNullException.ThrowIfNull(rows);
        using var writer = Sep.New(',').Writer(o => o with { Escape = true, WriteHeader = false }).ToText();
        using (var h = writer.NewRow())
        {
            for (int c = 0; c < header.Count; c++)
            {
                h[c].Set(header[c]);
            }
        }
        foreach (var fields in rows)
        {
            using var row = writer.NewRow();
            for (int c = 0; c < fields.Count; c++)
            {
                row[c].Set(Neutralize(fields[c]));
            }
        }
        return writer.ToString().ReplaceLineEndings("\n");
    }

    /// <summary>A cell a spreadsheet would take as a formula (=, +, -, @, tab, CR first) gets a leading apostrophe.</summary>
    public static string Neutralize(string? value)
    {
        value ??= "";
        return value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
    }
}
