using System.IO.Compression;
using System.Text;
using SimilarityEngine.Engine;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Extractors;

namespace SimilarityEngine.Tests;

/// <summary>OpenDocument text (.odt, what LibreOffice saves) read natively, RTF through LibreOffice, and the one list of
/// formats every front end takes its file types from.</summary>
[Collection("external tools")]
public sealed class OpenDocumentTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    // corpus-samples/*.odt are LibreOffice's own conversions of the .docx samples (tools/make-samples.sh): the same text
    [Theory]
    [InlineData("vi-features")]
    [InlineData("vi-tcvn3")]
    [InlineData("vi-vni")]
    public void LibreOfficeOdt_ReadsAsItsDocx_LegacyFontsDecoded(string name)
    {
        var reader = new DocumentReader();
        var odt = reader.Read(TestPaths.Sample(name + ".odt"));
        Assert.Equal("odt", odt.Source.Format);
        Assert.Equal(File.ReadAllText(TestPaths.Sample(name + ".docx.expected.txt")).TrimEnd('\n'), odt.Text);
        var docx = reader.Read(TestPaths.Sample(name + ".docx"));
        Assert.Equal(docx.Source.EncodingSummary, odt.Source.EncodingSummary);
        Assert.Equal(docx.Source.Blocks.Select(b => b.Kind), odt.Source.Blocks.Select(b => b.Kind));
        if (name != "vi-features")
        {
            Assert.NotEqual("unicode", odt.Source.EncodingSummary);
            Assert.Contains(odt.Source.Warnings, w => w.StartsWith("text in legacy fonts", StringComparison.Ordinal));
        }
    }

    [Fact]
    public void HandWrittenOdt_StructureHiddenLettersNotesAndChanges()
    {
        string styles = """
            <style:style style:name="An" style:family="text"><style:text-properties text:display="none"/></style:style>
            <style:style style:name="Trang" style:family="text"><style:text-properties fo:color="#FFFFFF"/></style:style>
            <style:style style:name="Nho" style:family="text"><style:text-properties fo:font-size="1pt"/></style:style>
            <style:style style:name="Cu" style:family="text"><style:text-properties style:font-name="VnTimeFace"/></style:style>
            """;
        string body = $$"""
            <text:tracked-changes><text:changed-region text:id="c1"><text:deletion><text:p>chữ đã xoá đi</text:p></text:deletion></text:changed-region></text:tracked-changes>
            <text:h text:outline-level="1">Phần I. Đặt vấn đề</text:h>
            <text:p>Học<text:span text:style-name="An">xyz</text:span> sinh<text:s text:c="3"/>lớp<text:tab/>2A<text:span text:style-name="Trang">trắng</text:span> đọc<text:span text:style-name="Nho">nhỏ</text:span> tốt.<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>Chú thích cuối trang.</text:p></text:note-body></text:note><office:annotation><text:p>lời bình của người duyệt</text:p></office:annotation></text:p>
            <text:list><text:list-item><text:p>Ý thứ nhất</text:p></text:list-item><text:list-item><text:list><text:list-item><text:p>Ý lồng</text:p></text:list-item></text:list></text:list-item></text:list>
            <table:table><table:table-header-rows><table:table-row><table:table-cell><text:p>Lớp</text:p></table:table-cell><table:table-cell><text:p>Sĩ số</text:p></table:table-cell></table:table-row></table:table-header-rows>
            <table:table-row><table:table-cell><text:p>2A</text:p></table:table-cell><table:table-cell><text:p>35</text:p></table:table-cell></table:table-row></table:table>
            <text:p><draw:frame><draw:text-box><text:p>Chữ trong khung</text:p></draw:text-box></draw:frame></text:p>
            <text:p><text:span text:style-name="Cu">{{Ingest.Legacy.LegacyEncoder.EncodeTcvn3("Trường học")}}</text:span></text:p>
            """;
        string path = OdtFixture.Write(Path.Combine(_dir.FullName, "a.odt"), body, styles,
            fontFaces: """<style:font-face style:name="VnTimeFace" svg:font-family="'.VnTime'"/>""");
        var doc = new DocumentReader().Read(path);
        var blocks = doc.Source.Blocks;
        Assert.Equal("Phần I. Đặt vấn đề", Assert.Single(blocks, b => b.Kind == BlockKind.Heading).Text);
        Assert.Contains(blocks, b => b.Kind == BlockKind.Paragraph && b.Text == "Học sinh   lớp\t2A đọc tốt.");
        Assert.Equal(["Lớp", "Sĩ số", "2A", "35"], blocks.Where(b => b.Kind == BlockKind.TableCell).Select(b => b.Text));
        Assert.Equal(['\t', '\n', '\t', '\n'], blocks.Where(b => b.Kind == BlockKind.TableCell).Select(b => b.Separator));
        Assert.Equal("Chữ trong khung", Assert.Single(blocks, b => b.Kind == BlockKind.TextBox).Text);
        // the note after the body, as .docx puts footnotes
        Assert.Equal(BlockKind.Footnote, blocks.Last(b => b.IsMatchingText).Kind);
        Assert.Contains("Ý lồng", doc.Text, StringComparison.Ordinal);
        // a run in a TCVN3 font (.VnTime) decoded
        Assert.Contains("Trường học", doc.Text, StringComparison.Ordinal);
        Assert.Equal("tcvn3", doc.Source.EncodingSummary);
        // what no reader sees is not matched, and counted by kind; deleted text and comments are not the document's
        Assert.DoesNotContain("xyz", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("trắng", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("nhỏ", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("xoá", doc.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("lời bình", doc.Text, StringComparison.Ordinal);
        Assert.Equal(3, doc.Source.HiddenLetters["hidden"]);
        Assert.Equal(5, doc.Source.HiddenLetters["white"]);
        Assert.Equal(3, doc.Source.HiddenLetters["tiny"]);
        Assert.Contains(doc.Source.Warnings, w => w.StartsWith("3 run(s) of hidden, white or tiny text", StringComparison.Ordinal));
    }

    [Fact]
    public void Odt_StylesFromStylesXml_ParentsAndDefaults_HeadersAndFootersApart()
    {
        string sharedStyles = """
            <office:font-face-decls><style:font-face style:name="VNI" svg:font-family="VNI-Times"/></office:font-face-decls>
            <office:styles>
              <style:default-style style:family="paragraph"><style:text-properties fo:font-size="12pt"/></style:default-style>
              <style:style style:name="Standard" style:family="paragraph"/>
              <style:style style:name="VniBody" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties style:font-name="VNI"/></style:style>
              <style:style style:name="VniChild" style:family="paragraph" style:parent-style-name="VniBody"/>
              <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:default-outline-level="2"/>
            </office:styles>
            <office:master-styles><style:master-page style:name="Standard">
              <style:header><text:p>TRƯỜNG TIỂU HỌC A</text:p></style:header>
              <style:footer><text:p>Trang <text:page-number>1</text:page-number></text:p></style:footer>
            </style:master-page></office:master-styles>
            """;
        string body = $"""
            <text:p text:style-name="Heading_20_2">Biện pháp thứ nhất</text:p>
            <text:p text:style-name="VniChild">{Ingest.Legacy.LegacyEncoder.EncodeVni("Trường học")}</text:p>
            """;
        string path = OdtFixture.Write(Path.Combine(_dir.FullName, "b.odt"), body, stylesXml: sharedStyles);
        var doc = new DocumentReader().Read(path);
        Assert.Equal("Biện pháp thứ nhất", Assert.Single(doc.Source.Blocks, b => b.Kind == BlockKind.Heading).Text);
        // VNI through the parent paragraph style defined in styles.xml
        Assert.Contains("Trường học", doc.Text, StringComparison.Ordinal);
        Assert.Equal("vni", doc.Source.EncodingSummary);
        Assert.Equal(["TRƯỜNG TIỂU HỌC A", "Trang 1"], doc.Source.Blocks.Where(b => b.Kind == BlockKind.HeaderFooter).Select(b => b.Text));
        Assert.DoesNotContain("TIỂU HỌC A", doc.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void BadOpenDocument_ClearReasons_InVietnameseToo()
    {
        var reader = new DocumentReader();
        string encrypted = OdtFixture.Write(Path.Combine(_dir.FullName, "matkhau.odt"), "<text:p>x</text:p>",
            manifestEntries: """<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"><manifest:encryption-data manifest:checksum-type="SHA1/1K"/></manifest:file-entry>""");
        var ex = Assert.Throws<DocumentFormatException>(() => reader.Read(encrypted));
        Assert.Contains("matkhau.odt", ex.Message, StringComparison.Ordinal);
        Assert.StartsWith("the .odt is password-protected", ex.Reason, StringComparison.Ordinal);
        Assert.Equal("encrypted", SimEngine.ReasonKind(ex));
        Assert.StartsWith("tệp .odt có mật khẩu", ReasonsVi.Translate(ex.Reason), StringComparison.Ordinal);

        string sheet = OdtFixture.Write(Path.Combine(_dir.FullName, "bang.odt"), "", mimeType: "application/vnd.oasis.opendocument.spreadsheet");
        ex = Assert.Throws<DocumentFormatException>(() => reader.Read(sheet));
        Assert.Contains("spreadsheet, presentation or drawing", ex.Reason, StringComparison.Ordinal);
        Assert.StartsWith("tệp là bảng tính", ReasonsVi.Translate(ex.Reason), StringComparison.Ordinal);

        // truncated: the zip's end cut off
        var bytes = File.ReadAllBytes(TestPaths.Sample("vi-features.odt"));
        string cut = Path.Combine(_dir.FullName, "cut.odt");
        File.WriteAllBytes(cut, bytes[..(bytes.Length / 2)]);
        ex = Assert.Throws<DocumentFormatException>(() => reader.Read(cut));
        Assert.Contains("cut.odt", ex.Message, StringComparison.Ordinal);
        Assert.Contains("corrupt or truncated .odt", ex.Reason, StringComparison.Ordinal);

        // a zip bomb: content.xml expanding 20 MB from about 20 KB
        string bomb = Path.Combine(_dir.FullName, "bom.odt");
        using (var zip = ZipFile.Open(bomb, ZipArchiveMode.Create))
        {
            OdtFixture.Stored(zip, "mimetype", OdtExtractor.MimeType);
            using var s = zip.CreateEntry("content.xml", CompressionLevel.SmallestSize).Open();
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'a');
            for (int i = 0; i < 20; i++)
            {
                s.Write(chunk);
            }
        }
        ex = Assert.Throws<DocumentFormatException>(() => reader.Read(bomb));
        Assert.Equal("too-large", SimEngine.ReasonKind(ex));

        string unknown = Path.Combine(_dir.FullName, "bai.xyz");
        File.WriteAllText(unknown, "văn bản");
        ex = Assert.Throws<DocumentFormatException>(() => reader.Read(unknown));
        Assert.Equal("unsupported file type '.xyz' (supported: .docx, .doc, .odt, .rtf, .pdf, .txt)", ex.Reason);
        Assert.Equal("loại tệp '.xyz' không được nhận (chỉ nhận .docx, .doc, .odt, .rtf, .pdf, .txt)", ReasonsVi.Translate(ex.Reason));
    }

    [Fact]
    public void Odt_WithoutItsMimeTypeFirst_OrUnderAWordName_IsReadAndSaysSo()
    {
        string plain = OdtFixture.Write(Path.Combine(_dir.FullName, "khong-mime.odt"), "<text:p>Bài viết về trường học</text:p>", mimeType: null);
        Assert.Equal("Bài viết về trường học", new DocumentReader().Read(plain).Text);

        string renamed = Path.Combine(_dir.FullName, "doi-ten.docx");
        File.Copy(TestPaths.Sample("vi-features.odt"), renamed);
        var doc = new DocumentReader().Read(renamed);
        Assert.Equal("odt", doc.Source.Format);
        Assert.Contains("the file is named .docx but is an OpenDocument text (.odt); read as .odt", doc.Source.Warnings);
    }

    [Fact]
    public void OneListOfFormats_FoldersPickUpOdtAndRtf()
    {
        Assert.Equal([".docx", ".doc", ".odt", ".rtf", ".pdf", ".txt"], DocumentFormats.Extensions);
        Assert.Equal(DocumentFormats.Extensions, InputPlanner.Extensions);
        foreach (var name in new[] { "a.odt", "b.rtf", "c.docx", "d.png" })
        {
            File.WriteAllText(Path.Combine(_dir.FullName, name), "x");
        }
        var plan = InputPlanner.Expand([_dir.FullName]);
        Assert.Equal(["a.odt", "b.rtf", "c.docx"], plan.Files.Select(f => Path.GetFileName(f.Path)).Order(StringComparer.Ordinal));
    }

    [Trait("Category", "Slow")]
    [SkippableFact]
    public void Rtf_ReadThroughLibreOffice_AsItsDocx()
    {
        TestPaths.RequireSoffice();
        var doc = new DocumentReader().Read(TestPaths.Sample("vi-features.rtf"));
        Assert.Equal("rtf", doc.Source.Format);
        Assert.DoesNotContain(doc.Source.Warnings, w => w.Contains("named", StringComparison.Ordinal));
        // LibreOffice's RTF export (how the sample was made) leaves the .docx's one text box out: the file holds every
        // other line, and so does what is read from it
        var docx = new DocumentReader().Read(TestPaths.Sample("vi-features.docx"));
        string box = Assert.Single(docx.Source.Blocks, b => b.Kind == BlockKind.TextBox).Text;
        string expected = File.ReadAllText(TestPaths.Sample("vi-features.docx.expected.txt")).TrimEnd('\n').Replace(box + "\n", "", StringComparison.Ordinal);
        Assert.Equal(expected, doc.Text);
    }
}

/// <summary>OpenDocument text files written by hand: the parts LibreOffice writes, with the XML given.</summary>
internal static class OdtFixture
{
    private const string Namespaces = """
        xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
        xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
        xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
        xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" xmlns:xlink="http://www.w3.org/1999/xlink" office:version="1.3"
        """;

    /// <summary>Writes an .odt whose body is <paramref name="body"/>; null <paramref name="mimeType"/> leaves the MIME
    /// entry out.</summary>
    public static string Write(string path, string body, string automaticStyles = "", string fontFaces = "", string stylesXml = "",
        string manifestEntries = "", string? mimeType = OdtExtractor.MimeType)
    {
        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        if (mimeType is not null)
        {
            Stored(zip, "mimetype", mimeType);
        }
        Deflated(zip, "content.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <office:document-content {Namespaces}><office:font-face-decls>{fontFaces}</office:font-face-decls>
            <office:automatic-styles>{automaticStyles}</office:automatic-styles><office:body><office:text>{body}</office:text></office:body></office:document-content>
            """);
        Deflated(zip, "styles.xml", $"""<?xml version="1.0" encoding="UTF-8"?><office:document-styles {Namespaces}>{stylesXml}</office:document-styles>""");
        Deflated(zip, "META-INF/manifest.xml", $"""
            <?xml version="1.0" encoding="UTF-8"?>
            <manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.3">
            <manifest:file-entry manifest:full-path="/" manifest:media-type="{mimeType}"/>{manifestEntries}</manifest:manifest>
            """);
        return path;
    }

    /// <summary>An entry stored without compression (the MIME type must be, to be read from the zip's first bytes).</summary>
    public static void Stored(ZipArchive zip, string name, string text)
    {
        using var s = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
        s.Write(Encoding.ASCII.GetBytes(text));
    }

    private static void Deflated(ZipArchive zip, string name, string text)
    {
        using var s = zip.CreateEntry(name).Open();
        s.Write(Encoding.UTF8.GetBytes(text));
    }
}
