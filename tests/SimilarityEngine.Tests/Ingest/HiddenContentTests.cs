using System.Text;
using SimilarityEngine.Ingest;

namespace SimilarityEngine.Tests;

/// <summary>Text a reader would see must not be invisible to matching: altChunk parts, .doc files that are really web
/// pages, MHT, RTF or Word 2003 XML, PDFs behind a few bytes of junk.</summary>
[Collection("external tools")]
public sealed class HiddenContentTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private const string Hidden = "Giáo viên chủ nhiệm lớp năm hướng dẫn học sinh tự học ở nhà mỗi buổi tối.";

    [Theory]
    [InlineData("text/html")]
    [InlineData("message/rfc822")]
    public void AltChunk_HtmlOrMht_ReadAsTextWithAWarning(string type)
    {
        string html = $"<html><head><meta charset=\"utf-8\"><style>p{{color:red}}</style></head><body><p>{Hidden}</p><table><tr><td>Lớp 5A</td><td>35</td></tr></table></body></html>";
        string body = type == "text/html" ? html
            : "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/html; charset=\"utf-8\"\r\nContent-Transfer-Encoding: base64\r\n\r\n" +
              Convert.ToBase64String(Encoding.UTF8.GetBytes(html)) + "\r\n--b1--\r\n";
        string doc = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" " +
                     "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\"><w:body><w:p><w:r><w:t>Phần mở đầu.</w:t></w:r></w:p>" +
                     "<w:altChunk r:id=\"rIdX1\"/></w:body></w:document>";
        string path = Path.Combine(_dir.FullName, "altchunk.docx");
        HostileFiles.WriteDocx(path, doc, (type == "text/html" ? "afchunk.htm" : "afchunk.mht", type, body));
        var read = new DocumentReader().Read(path);
        Assert.Contains(Hidden, read.Text, StringComparison.Ordinal);
        Assert.Matches(@"Lớp 5A[\t ]35", read.Text); // a table row stays one line
        Assert.DoesNotContain("color:red", read.Text, StringComparison.Ordinal);
        Assert.Contains(read.Source.Warnings, w => w.Contains("altChunk", StringComparison.Ordinal));
    }

    [Fact]
    public void PdfBehindJunk_ReadAsPdf()
    {
        string path = Path.Combine(_dir.FullName, "junk.pdf");
        var junk = Encoding.ASCII.GetBytes(string.Concat(Enumerable.Repeat("<html><body>Tải tài liệu</body></html>\n", 8)));
        File.WriteAllBytes(path, [.. junk, .. File.ReadAllBytes(TestPaths.Sample("vi-features.pdf"))]);
        var read = new DocumentReader().Read(path);
        Assert.Equal("pdf", read.Source.Format);
        Assert.Contains("RÈN KĨ NĂNG ĐỌC", read.Text, StringComparison.Ordinal);
    }

    public static TheoryData<string, string> TextFormats() => new()
    {
        { "html", $"<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"></head><body><h1>Sáng kiến</h1><p>{Hidden}</p></body></html>" },
        { "mht", "MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary=\"b1\"\r\n\r\n--b1\r\nContent-Type: text/html; charset=\"utf-8\"\r\n" +
                 "Content-Transfer-Encoding: quoted-printable\r\n\r\n" + QuotedPrintable($"<html><body><p>{Hidden}</p></body></html>") + "\r\n--b1--\r\n" },
        { "wordxml", $"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<?mso-application progid=\"Word.Document\"?>\n<w:wordDocument xmlns:w=\"http://schemas.microsoft.com/office/word/2003/wordml\"><w:body><w:p><w:r><w:t>{Hidden}</w:t></w:r></w:p></w:body></w:wordDocument>" },
        { "rtf", "{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0 " + RtfEscape(Hidden) + "\\par}" },
    };

    [SkippableTheory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(TextFormats))]
    public void DocThatIsReallyAnotherFormat_ConvertedByLibreOffice_WithAWarningNamingIt(string kind, string content)
    {
        TestPaths.RequireSoffice();
        string path = Path.Combine(_dir.FullName, kind + ".doc");
        File.WriteAllText(path, content, new UTF8Encoding(false));
        var read = new DocumentReader().Read(path);
        Assert.Contains(Hidden, read.Text, StringComparison.Ordinal);
        Assert.Contains(read.Source.Warnings, w => w.Contains("converted by LibreOffice", StringComparison.Ordinal));
    }

    private static string QuotedPrintable(string s) => string.Concat(Encoding.UTF8.GetBytes(s).Select(b => b is >= 33 and <= 126 and not (byte)'=' ? ((char)b).ToString() : $"={b:X2}"));

    private static string RtfEscape(string s) => string.Concat(s.Select(c => c < 128 ? c.ToString() : $"\\u{(int)c}?"));

    [SkippableFact]
    [Trait("Category", "Slow")]
    public async Task TimeoutDuringOcr_IsAFailureRow_OthersIngested()
    {
        TestPaths.RequireOcr();
        string input = Path.Combine(_dir.FullName, "in");
        Directory.CreateDirectory(input);
        // eight scanned pages; while OCR reads, --timeout is the longest time without a page done: one second is less than
        // any page takes here (about two seconds each, two at a time), so the file times out
        using (var scan = UglyToad.PdfPig.PdfDocument.Open(TestPaths.Sample("vi-scanned.pdf")))
        using (var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder())
        {
            for (int i = 0; i < 8; i++)
            {
                builder.AddPage(scan, 1);
            }
            File.WriteAllBytes(Path.Combine(input, "scanned.pdf"), builder.Build());
        }
        File.Copy(TestPaths.Sample("screen/r1-doc-lop2.docx"), Path.Combine(input, "r1.docx"));
        string index = Path.Combine(_dir.FullName, "index");
        var o = new StringWriter();
        var e = new StringWriter();
        int code = await Cli.CliApp.RunAsync(["ingest", input, "--index", index, "--timeout", "1", "--quiet"], o, e);
        string err = e.ToString();
        Assert.True(code == Cli.ExitCodes.SomeFilesFailed, err);
        Assert.Contains("thêm 1,", err, StringComparison.Ordinal);
        Assert.Contains("scanned.pdf", err, StringComparison.Ordinal);
        Assert.Contains("--timeout", err, StringComparison.Ordinal);
    }
}
