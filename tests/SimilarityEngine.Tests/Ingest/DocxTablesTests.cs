using DocumentFormat.OpenXml.Packaging;
using SimilarityEngine.Ingest;
using V = DocumentFormat.OpenXml.Vml;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SimilarityEngine.Tests;

/// <summary>Every table is text: tables nested in table cells, tables in text boxes (how LibreOffice writes the framed
/// tables of a .doc), rows wrapped in content controls.</summary>
public sealed class DocxTablesTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static W.Table Table(params string[][] rows) => new(rows.Select(r =>
        new W.TableRow(r.Select(c => new W.TableCell(new W.Paragraph(new W.Run(new W.Text(c))))))));

    [Fact]
    public void Extract_NestedTablesTablesInTextBoxesAndRowsInContentControls_AreAllText()
    {
        string path = Path.Combine(_dir.FullName, "tables.docx");
        using (var doc = WordprocessingDocument.Create(path, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
        {
            // a survey table whose second cell holds the results table
            var outer = new W.Table(new W.TableRow(
                new W.TableCell(new W.Paragraph(new W.Run(new W.Text("Kết quả khảo sát đầu năm")))),
                new W.TableCell(new W.Paragraph(new W.Run(new W.Text("Lớp 5A:"))), Table(["Mức độ", "Số học sinh"], ["Đọc trôi chảy", "12 em"]), new W.Paragraph())));
            // a framed table, as LibreOffice writes it: a text box holding a table
            var box = new W.Paragraph(new W.Run(new W.Picture(new V.Shape(new V.TextBox(new W.TextBoxContent(
                new W.Paragraph(new W.Run(new W.Text("Bảng 2. Kế hoạch tiết dạy"))),
                Table(["Hoạt động khởi động", "5 phút"], ["Luyện đọc theo nhóm", "15 phút"])))))));
            // rows inside content controls, as form templates have them
            var form = new W.Table(new W.SdtRow(new W.SdtContentRow(new W.TableRow(
                new W.TableCell(new W.Paragraph(new W.Run(new W.Text("Họ và tên giáo viên")))),
                new W.TableCell(new W.Paragraph(new W.Run(new W.Text("Nguyễn Thị Lan"))))))));
            doc.AddMainDocumentPart().Document = new W.Document(new W.Body(
                new W.Paragraph(new W.Run(new W.Text("Mở đầu."))), outer, box, form, new W.Paragraph(new W.Run(new W.Text("Kết thúc.")))));
        }
        var d = new DocumentReader().Read(path);
        string text = d.Text;
        foreach (var expected in new[] { "Kết quả khảo sát đầu năm", "Lớp 5A:", "Đọc trôi chảy", "12 em", "Bảng 2. Kế hoạch tiết dạy",
                     "Luyện đọc theo nhóm", "15 phút", "Họ và tên giáo viên", "Nguyễn Thị Lan" })
        {
            Assert.Contains(expected, text, StringComparison.Ordinal);
        }
        // reading order: the nested table follows its cell, the box's table follows its caption, the text comes once
        Assert.True(text.IndexOf("Lớp 5A:", StringComparison.Ordinal) < text.IndexOf("Đọc trôi chảy", StringComparison.Ordinal));
        Assert.True(text.IndexOf("Bảng 2.", StringComparison.Ordinal) < text.IndexOf("Luyện đọc theo nhóm", StringComparison.Ordinal));
        Assert.Equal(text.IndexOf("Luyện đọc theo nhóm", StringComparison.Ordinal), text.LastIndexOf("Luyện đọc theo nhóm", StringComparison.Ordinal));
        Assert.Equal(text.IndexOf("12 em", StringComparison.Ordinal), text.LastIndexOf("12 em", StringComparison.Ordinal));
    }
}
