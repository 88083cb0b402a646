using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using SimilarityEngine.Ingest;
using W = DocumentFormat.OpenXml.Wordprocessing;

namespace SimilarityEngine.Tests;

public sealed class DocxFlagsTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static W.Run Run(string text, W.RunProperties? rp = null)
    {
        var r = new W.Run();
        if (rp is not null)
        {
            r.Append(rp);
        }
        r.Append(new W.Text(text) { Space = SpaceProcessingModeValues.Preserve });
        return r;
    }

    [Fact]
    public void WhiteTinyHiddenTrackedAndFieldCodes_NotInMatchingText()
    {
        string path = Path.Combine(_dir.FullName, "flags.docx");
        using (var doc = WordprocessingDocument.Create(path, WordprocessingDocumentType.Document))
        {
            var main = doc.AddMainDocumentPart();
            main.Document = new W.Document(new W.Body(
                new W.Paragraph(Run("Đoạn văn hiển thị bình thường. "),
                    Run("chữ trắng ẩn giấu ", new W.RunProperties(new W.Color { Val = "FFFFFF" })),
                    Run("chữ siêu nhỏ ", new W.RunProperties(new W.FontSize { Val = "2" })),
                    Run("chữ bị ẩn ", new W.RunProperties(new W.Vanish()))),
                new W.Paragraph(Run("Trước "), new W.DeletedRun(new W.Run(new W.DeletedText("ĐOẠN ĐÃ XÓA"))),
                    new W.Run(new W.FieldCode(" PAGE \\* MERGEFORMAT ")), Run("sau."))));
        }
        var d = new DocumentReader().Read(path);
        Assert.Equal("Đoạn văn hiển thị bình thường.\nTrước sau.", d.Text);
        Assert.Contains(d.Source.Blocks, b => b.ExcludedReason == "hidden" && b.Text.Contains("chữ trắng", StringComparison.Ordinal)
            && b.Text.Contains("siêu nhỏ", StringComparison.Ordinal) && b.Text.Contains("bị ẩn", StringComparison.Ordinal));
        Assert.Contains(d.Source.Warnings, w => w.Contains("hidden, white or tiny", StringComparison.Ordinal));
    }
}
