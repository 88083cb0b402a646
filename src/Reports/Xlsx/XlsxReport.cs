using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;
using DocumentFormat.OpenXml;
using SimilarityEngine.Engine;

namespace SimilarityEngine.Reports;

/// <summary>Flagged pairs as an Excel workbook (.xlsx), the format district and provincial offices work in.</summary>
public static class XlsxReport
{
    /// <summary>The column headers, in Vietnamese.</summary>
    public static readonly string[] Headers =
    [
        "Bài nộp", "Tác giả", "Trường", "Huyện", "Năm", "Nguồn", "Tác giả nguồn", "Trường nguồn", "Năm nguồn",
        "Kết luận", Glossary.SubmissionShare, Glossary.SourceShare, Glossary.Passages, Glossary.ValueSwaps,
        "So khớp không dấu", "Dấu hiệu né tránh (bài nộp)", "Dấu hiệu né tránh (nguồn)",
    ];

    /// <summary>Writes one row per pair (percentages as numbers formatted 0.0 %) to <paramref name="output"/>.</summary>
    public static void WritePairs(IEnumerable<ReportModels.PairJson> pairs, Stream output, string sheetName = "Cặp nghi vấn")
    {
        ArgumentNullException.ThrowIfNull(pairs);
        ArgumentNullException.ThrowIfNull(output);
        using var doc = SpreadsheetDocument.Create(output, SpreadsheetDocumentType.Workbook);
        var wb = doc.AddWorkbookPart();
        wb.Workbook = new Workbook();
        var styles = wb.AddNewPart<WorkbookStylesPart>();
        styles.Stylesheet = new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164, FormatCode = "0.0%" }) { Count = 1 },
            new Fonts(new Font(), new Font(new Bold())) { Count = 2 },
            new Fills(new Fill(new PatternFill { PatternType = PatternValues.None }), new Fill(new PatternFill { PatternType = PatternValues.Gray125 })) { Count = 2 },
            new Borders(new Border()) { Count = 1 },
            new CellFormats(
                new CellFormat(),
                new CellFormat { FontId = 1, ApplyFont = true },
                new CellFormat { NumberFormatId = 164, ApplyNumberFormat = true })
            { Count = 3 });
        var sheetPart = wb.AddNewPart<WorksheetPart>();
        var data = new SheetData();
        data.Append(Row(1, Headers.Select(h => Text(h, bold: true))));
        uint r = 2;
        foreach (var p in pairs)
        {
            data.Append(Row(r++,
            [
                Text(p.Submission.Id), Text(p.Submission.Author), Text(p.Submission.School), Text(p.Submission.District), Number(p.Submission.Year),
                Text(p.Source.Id), Text(p.Source.Author), Text(p.Source.School), Number(p.Source.Year),
                Text(p.Verdict), Percent(p.Containment), Percent(p.ContainmentSource), Number(p.Passages.Count),
                Text(string.Join("; ", p.ValueSwaps)),
                Text(p.ComparedWithoutMarks ? "có" : ""), Text(EvasionReport.CodesVi(p.SubmissionEvasion)), Text(EvasionReport.CodesVi(p.SourceEvasion)),
            ]));
        }
        sheetPart.Worksheet = new Worksheet(new SheetViews(new SheetView { WorkbookViewId = 0, TabSelected = true }), data);
        wb.Workbook.AppendChild(new Sheets(new Sheet { Id = wb.GetIdOfPart(sheetPart), SheetId = 1, Name = Clean(sheetName, 31) }));
        wb.Workbook.Save();
    }

    private static Row Row(uint index, IEnumerable<Cell> cells) => new(cells) { RowIndex = index };

    private static Cell Text(string? value, bool bold = false) => new(new InlineString(new Text(Clean(value ?? "", 32_767))))
    {
        DataType = CellValues.InlineString,
        StyleIndex = bold ? 1u : 0u,
    };

    private static Cell Number(int? value) => value is int v
        ? new Cell(new CellValue(v)) { DataType = CellValues.Number }
        : Text(null);

    private static Cell Percent(double value) => new(new CellValue(value)) { DataType = CellValues.Number, StyleIndex = 2 };

    // XML cannot hold control characters; a cell holds at most 32,767 characters; a formula-looking text stays text
    // because inline strings are never evaluated.
    private static string Clean(string s, int max)
    {
        var chars = s.Where(c => c is '\t' or '\n' || !char.IsControl(c)).ToArray();
        var clean = new string(chars);
        return clean.Length > max ? clean[..max] : clean;
    }
}
