using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Extractors;
using A = DocumentFormat.OpenXml.Drawing;
using DW = DocumentFormat.OpenXml.Drawing.Wordprocessing;
using PIC = DocumentFormat.OpenXml.Drawing.Pictures;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SimilarityEngine.Tests;

/// <summary>Text pasted as a picture into a Word file is read by OCR, placed where the picture stands, marked
/// "image-text", and counts in matching.</summary>
[Trait("Category", "Slow")]
public sealed class PictureOcrTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    // our prose sample as a text PDF (LibreOffice), then its page as a PNG, as a teacher pastes a scan into Word
    private (byte[] Png, string Truth) PageAsPicture()
    {
        var (code, _, err) = TestPaths.Soffice(_dir.FullName, TimeSpan.FromMinutes(3),
            "--convert-to", "pdf", "--outdir", _dir.FullName, TestPaths.Sample("vi-prose.docx"));
        Assert.True(code == 0, err);
        string pdf = Path.Combine(_dir.FullName, "vi-prose.pdf");
        string prefix = Path.Combine(_dir.FullName, "page");
        (code, _, err) = ExternalTool.Run(ExternalTool.Find("pdftoppm")!, ["-r", "150", "-gray", "-png", "-f", "1", "-l", "1", pdf, prefix], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, err);
        return (File.ReadAllBytes(Directory.GetFiles(_dir.FullName, "page*.png").Single()), new DocumentReader().Read(pdf).Text);
    }

    internal static string DocxWithPicture(string path, string before, byte[] png, string after, long widthEmu = 5_760_000) =>
        DocxWithPictures(path, before, [png], after, widthEmu);

    internal static string DocxWithPictures(string path, string before, IReadOnlyList<byte[]> pngs, string after, long widthEmu = 5_760_000)
    {
        using var doc = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document);
        var main = doc.AddMainDocumentPart();
        var body = new W.Body(new W.Paragraph(new W.Run(new W.Text(before))));
        uint n = 1;
        foreach (var png in pngs)
        {
            body.Append(new W.Paragraph(new W.Run(Drawing(main, png, widthEmu, n++))));
        }
        body.Append(new W.Paragraph(new W.Run(new W.Text(after))));
        main.Document = new W.Document(body);
        return path;
    }

    private static W.Drawing Drawing(MainDocumentPart main, byte[] png, long widthEmu, uint number)
    {
        var (w, h, _, _) = PictureOcr.Probe(png)!.Value;
        long heightEmu = widthEmu * h / w;
        var image = main.AddImagePart(ImagePartType.Png);
        using (var ms = new MemoryStream(png))
        {
            image.FeedData(ms);
        }
        string rel = main.GetIdOfPart(image);
        return new W.Drawing(new DW.Inline(
            new DW.Extent { Cx = widthEmu, Cy = heightEmu },
            new DW.DocProperties { Id = number, Name = $"Picture {number}" },
            new A.Graphic(new A.GraphicData(new PIC.Picture(
                new PIC.NonVisualPictureProperties(new PIC.NonVisualDrawingProperties { Id = 0U, Name = "scan.png" }, new PIC.NonVisualPictureDrawingProperties()),
                new PIC.BlipFill(new A.Blip { Embed = rel }, new A.Stretch(new A.FillRectangle())),
                new PIC.ShapeProperties(new A.Transform2D(new A.Offset { X = 0, Y = 0 }, new A.Extents { Cx = widthEmu, Cy = heightEmu }),
                    new A.PresetGeometry(new A.AdjustValueList()) { Preset = A.ShapeTypeValues.Rectangle })))
            { Uri = "http://schemas.openxmlformats.org/drawingml/2006/picture" }))
        { DistanceFromTop = 0U, DistanceFromBottom = 0U, DistanceFromLeft = 0U, DistanceFromRight = 0U });
    }

    [SkippableFact]
    public void Pdf_TextPageWithAPictureOfText_PictureReadByOcr_LayerKept()
    {
        TestPaths.RequireOcr();
        TestPaths.RequireSoffice();
        var (png, truth) = PageAsPicture();
        // a Word file with a pasted scan between two typed paragraphs, saved as PDF: a text layer and a picture of text
        string docx = DocxWithPicture(Path.Combine(_dir.FullName, "mixed.docx"), "Phần mở đầu do tác giả tự viết.", png, "Phần kết do tác giả tự viết.", 4_000_000);
        var (code, _, err) = TestPaths.Soffice(_dir.FullName, TimeSpan.FromMinutes(3), "--convert-to", "pdf", "--outdir", _dir.FullName, docx);
        Assert.True(code == 0, err);
        var doc = new DocumentReader().Read(Path.Combine(_dir.FullName, "mixed.pdf"));
        var blocks = doc.Source.Blocks.ToList();
        Assert.Contains(blocks, b => b.Kind == BlockKind.Paragraph && b.Text.Contains("mở đầu", StringComparison.Ordinal)); // the layer is kept
        string read = string.Join('\n', blocks.Where(b => b.Kind == BlockKind.ImageText).Select(b => b.Text));
        double f1 = ExtractionTests.BigramF1(read, truth);
        Assert.True(f1 >= 0.85, $"bigram F1 {f1:0.000} of the picture's text");
        Assert.Contains(doc.Source.Warnings, w => w.Contains("picture(s) of text on page(s) 1", StringComparison.Ordinal));
        Assert.Contains(doc.Source.PageDecisions!, d => d.Number == 1 && d.Text == "layer");
    }

    private static readonly string[][] s_slideLines =
    [
        ["Mục tiêu của hoạt động đọc diễn cảm ở lớp hai", "Học sinh đọc đúng, đọc trôi chảy và hiểu nội dung bài.", "Giáo viên chuẩn bị phiếu đọc cho từng nhóm."],
        ["Tổ chức trò chơi đọc tiếp sức", "Lớp chia thành bốn đội, mỗi đội đọc nối tiếp một câu chuyện.", "Đội nào đọc đúng và rõ ràng sẽ được gắn sao."],
        ["Xây dựng góc đọc thân thiện", "Phụ huynh góp truyện tranh, báo nhi đồng và sách thiếu nhi.", "Giờ ra chơi các em tự chọn sách để đọc cùng bạn."],
        ["Kết quả sau một năm thực hiện", "Số em đọc trôi chảy tăng từ mười hai lên ba mươi em.", "Các em mạnh dạn phát biểu và yêu thích giờ tiếng Việt."],
    ];

    // slides saved as PDF: each page its own typed lines and the same picture (a logo, a decoration)
    private string SlidesWithPicture(string name, byte[] png, int pages)
    {
        string path = Path.Combine(_dir.FullName, name + ".docx");
        using (var doc = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            var body = new W.Body();
            for (int i = 1; i <= pages; i++)
            {
                // a slide's lines, different on every page (lines repeated on the pages are a header or a watermark)
                foreach (var line in s_slideLines[i - 1])
                {
                    body.Append(new W.Paragraph(new W.Run(new W.Text(line))));
                }
                body.Append(new W.Paragraph(new W.Run(Drawing(main, png, 2_500_000, (uint)i))));
                if (i < pages)
                {
                    body.Append(new W.Paragraph(new W.Run(new W.Break { Type = W.BreakValues.Page })));
                }
            }
            main.Document = new W.Document(body);
        }
        var (code, _, err) = TestPaths.Soffice(_dir.FullName, TimeSpan.FromMinutes(3), "--convert-to", "pdf", "--outdir", _dir.FullName, path);
        Assert.True(code == 0, err);
        return Path.Combine(_dir.FullName, name + ".pdf");
    }

    [SkippableFact]
    public void Pdf_APictureOfTextOnEveryPage_IsReadOnce_AndItsTextGoesInOnce()
    {
        TestPaths.RequireOcr();
        TestPaths.RequireSoffice();
        var (png, truth) = PageAsPicture();
        var doc = new DocumentReader().Read(SlidesWithPicture("slides", png, 4));
        var pictureText = doc.Source.Blocks.Where(b => b.Kind == BlockKind.ImageText).ToList();
        // once, after the first page it is on: not four copies of it
        Assert.NotEmpty(pictureText);
        Assert.All(pictureText, b => Assert.Equal(1, b.PageNumber));
        Assert.True(ExtractionTests.BigramF1(string.Join('\n', pictureText.Select(b => b.Text)), truth) >= 0.85);
        Assert.Contains(doc.Source.Warnings, w => w.Contains("picture(s) of text on page(s) 1;", StringComparison.Ordinal)
            || w.EndsWith("picture(s) of text on page(s) 1 read by OCR (Tesseract, vie); their text counts in matching", StringComparison.Ordinal));
        Assert.True(s_slideLines.All(p => doc.Text.Contains(p[1], StringComparison.Ordinal)), doc.Text); // the layer stays
    }

    [SkippableFact]
    public void Pdf_ADecorationOnEveryPage_AddsNoText()
    {
        TestPaths.RequireOcr();
        TestPaths.RequireSoffice();
        string shapes = ScanFixtures.WriteShapes(Path.Combine(_dir.FullName, "shapes.pdf"));
        string prefix = Path.Combine(_dir.FullName, "deco");
        var (code, _, err) = ExternalTool.Run(ExternalTool.Find("pdftoppm")!, ["-r", "60", "-gray", "-png", "-f", "1", "-l", "1", shapes, prefix], TimeSpan.FromMinutes(1));
        Assert.True(code == 0, err);
        byte[] png = File.ReadAllBytes(Directory.GetFiles(_dir.FullName, "deco*.png").Single());
        var doc = new DocumentReader().Read(SlidesWithPicture("decorated", png, 4));
        Assert.DoesNotContain(doc.Source.Blocks, b => b.Kind == BlockKind.ImageText);
        Assert.True(s_slideLines.All(p => doc.Text.Contains(p[1], StringComparison.Ordinal)), doc.Text); // the layer stays
    }

    [Theory]
    [InlineData("2g SẢn Đ F ` co * _= se dan 2g SẢn Đ F ` co", false)] // a slide deck's logo as OCR read it
    [InlineData("rn Wa iil ! ;/ TRƯỜNG ee Sa ng ~ ~~ ee", false)]
    [InlineData("SỞ GIÁO DỤC VÀ ĐÀO TẠO TỈNH HÒA BÌNH TRƯỜNG TRUNG HỌC CƠ SỞ HOA SEN", true)]
    public void RepeatedPicture_KeptOnlyWhenItReadsAsVietnamese(string ocr, bool kept) =>
        Assert.Equal(kept, PdfExtractor.RepeatedPictureKept([ocr]));

    [SkippableFact]
    public void Docx_APageOfTextPastedAsAPicture_IsReadInPlace_AndCountsInMatching()
    {
        TestPaths.RequireOcr();
        TestPaths.RequireSoffice();
        var (png, truth) = PageAsPicture();
        string docx = DocxWithPicture(Path.Combine(_dir.FullName, "pasted.docx"), "Phần mở đầu do tác giả tự viết.", png, "Phần kết do tác giả tự viết.");
        var doc = new DocumentReader().Read(docx);
        var blocks = doc.Source.Blocks.ToList();
        int first = blocks.FindIndex(b => b.Kind == BlockKind.ImageText);
        Assert.True(first > 0, "no image-text block");
        Assert.Contains("mở đầu", blocks[first - 1].Text, StringComparison.Ordinal);
        Assert.Contains("Phần kết", blocks[^1].Text, StringComparison.Ordinal);
        string read = string.Join('\n', blocks.Where(b => b.Kind == BlockKind.ImageText).Select(b => b.Text));
        double f1 = ExtractionTests.BigramF1(read, truth);
        Assert.True(f1 >= 0.90, $"bigram F1 {f1:0.000}");
        Assert.Contains(doc.Source.Warnings, w => w.Contains("1 picture(s) of text read by OCR", StringComparison.Ordinal));
        Assert.Contains("image-text", Engine.JsonContracts.Serialize(Engine.ExtractReport.From(doc)), StringComparison.Ordinal);

        // the copy hidden in a picture is found: vi-prose in the archive, this file checked against it
        string index = Path.Combine(_dir.FullName, "idx");
        var engine = new Engine.SimEngine();
        engine.Ingest(new Engine.IngestRequest(index, [new Engine.ReportInput("goc", TestPaths.Sample("vi-prose.docx"), "2023-01-01", 2023,
            new Dictionary<string, string>())]));
        var check = engine.Check(new Engine.CheckRequest(index, docx));
        var pair = Assert.Single(check.Sources);
        Assert.Equal("goc", pair.Source.Id);
        Assert.True(pair.Score.ContainmentSource >= 0.8, $"source containment {pair.Score.ContainmentSource:0.00}");
    }

    [Fact]
    public void Probe_PngAndJpeg_SizesAndTooSmallPicturesAreSkipped()
    {
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 0, 0, 0, 13, (byte)'I', (byte)'H', (byte)'D', (byte)'R', 0, 0, 5, 0x78, 0, 0, 1, 0x22, 8, 0];
        Assert.Equal((1400, 290, ".png", 1), PictureOcr.Probe(png));
        Assert.Null(PictureOcr.Probe("GIF89a"u8));
        Assert.False(PictureOcr.Worth(new PictureOcr.Picture(png, null))); // too few bytes to hold text
    }
}
