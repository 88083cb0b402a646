using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace SimilarityEngine.Tests;

/// <summary>Hostile files made on the fly (never committed): structures nested deep enough to overflow a recursive reader,
/// and a tiny PDF whose text expands to megabytes.</summary>
internal static class HostileFiles
{
    // A .docx whose document part expands 500 MB from about 0.5 MB.
    public static byte[] ZipBombDocx()
    {
        using var ms = new MemoryStream();
        using (var zip = new System.IO.Compression.ZipArchive(ms, System.IO.Compression.ZipArchiveMode.Create, true))
        {
            zip.CreateEntry("[Content_Types].xml").Open().Dispose();
            using var s = zip.CreateEntry("word/document.xml", System.IO.Compression.CompressionLevel.SmallestSize).Open();
            var chunk = new byte[1 << 20];
            Array.Fill(chunk, (byte)'a');
            for (int i = 0; i < 500; i++)
            {
                s.Write(chunk);
            }
        }
        return ms.ToArray();
    }

    /// <summary>A .docx whose body nests <paramref name="depth"/> content controls (w:sdt) around one paragraph: about 3 KB.</summary>
    public static string DeepSdtDocx(string folder, int depth = 20_000)
    {
        var xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>")
            .Append("<w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\"><w:body>");
        for (int i = 0; i < depth; i++)
        {
            xml.Append("<w:sdt><w:sdtContent>");
        }
        xml.Append("<w:p><w:r><w:t>Đoạn văn nằm sâu trong các khối lồng nhau.</w:t></w:r></w:p>");
        for (int i = 0; i < depth; i++)
        {
            xml.Append("</w:sdtContent></w:sdt>");
        }
        xml.Append("</w:body></w:document>");
        string path = Path.Combine(folder, "deep-sdt.docx");
        WriteDocx(path, xml.ToString());
        return path;
    }

    /// <summary>A minimal .docx with <paramref name="documentXml"/> as its main part.</summary>
    public static void WriteDocx(string path, string documentXml, params (string Name, string ContentType, string Body)[] extraParts)
    {
        using var fs = File.Create(path);
        using var zip = new ZipArchive(fs, ZipArchiveMode.Create);
        void Add(string name, string text)
        {
            using var w = new StreamWriter(zip.CreateEntry(name, CompressionLevel.SmallestSize).Open(), new UTF8Encoding(false));
            w.Write(text);
        }
        var types = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">")
            .Append("<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>")
            .Append("<Default Extension=\"xml\" ContentType=\"application/xml\"/>")
            .Append("<Override PartName=\"/word/document.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml\"/>");
        foreach (var (name, type, _) in extraParts)
        {
            types.Append(CultureInfo.InvariantCulture, $"<Override PartName=\"/word/{name}\" ContentType=\"{type}\"/>");
        }
        Add("[Content_Types].xml", types.Append("</Types>").ToString());
        Add("_rels/.rels", "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">" +
                           "<Relationship Id=\"rId1\" Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument\" Target=\"word/document.xml\"/></Relationships>");
        var rels = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">");
        int n = 1;
        foreach (var (name, type, body) in extraParts)
        {
            string relType = type.Contains("html", StringComparison.Ordinal) || type.Contains("rfc822", StringComparison.Ordinal)
                ? "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk"
                : "http://schemas.openxmlformats.org/officeDocument/2006/relationships/" + Path.GetFileNameWithoutExtension(name);
            rels.Append(CultureInfo.InvariantCulture, $"<Relationship Id=\"rIdX{n++}\" Type=\"{relType}\" Target=\"{name}\"/>");
            Add("word/" + name, body);
        }
        Add("word/_rels/document.xml.rels", rels.Append("</Relationships>").ToString());
        Add("word/document.xml", documentXml);
    }

    /// <summary>A PDF whose page tree is <paramref name="depth"/> Pages nodes deep above its one page.</summary>
    public static string DeepPageTreePdf(string folder, int depth = 40_000)
    {
        var objects = new List<string> { "<< /Type /Catalog /Pages 2 0 R >>" };
        for (int i = 0; i < depth; i++)
        {
            int self = 2 + i;
            string parent = i == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $" /Parent {self - 1} 0 R");
            objects.Add(string.Create(CultureInfo.InvariantCulture, $"<< /Type /Pages /Kids [{self + 1} 0 R] /Count 1{parent} >>"));
        }
        int page = 2 + depth;
        objects.Add(string.Create(CultureInfo.InvariantCulture, $"<< /Type /Page /Parent {page - 1} 0 R /MediaBox [0 0 595 842] >>"));
        string path = Path.Combine(folder, "deep-pages.pdf");
        File.WriteAllBytes(path, Pdf(objects));
        return path;
    }

    /// <summary>A PDF of a few KB whose one page shows a single string of <paramref name="mib"/> MiB (a Flate-compressed stream).</summary>
    public static string HugeStringPdf(string folder, int mib = 5)
    {
        var content = new StringBuilder("BT /F1 12 Tf 72 700 Td (");
        content.Append('A', mib * 1024 * 1024);
        content.Append(") Tj ET");
        byte[] raw = Encoding.ASCII.GetBytes(content.ToString());
        using var ms = new MemoryStream();
        using (var z = new ZLibStream(ms, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            z.Write(raw);
        }
        string stream = Encoding.Latin1.GetString(ms.ToArray());
        var objects = new List<string>
        {
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>",
            string.Create(CultureInfo.InvariantCulture, $"<< /Length {ms.Length} /Filter /FlateDecode >>\nstream\n{stream}\nendstream"),
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        };
        string path = Path.Combine(folder, "huge-string.pdf");
        File.WriteAllBytes(path, Pdf(objects));
        return path;
    }

    private static byte[] Pdf(List<string> objects)
    {
        // Latin-1: one byte per character, so offsets are character counts
        var body = new StringBuilder("%PDF-1.7\n");
        var offsets = new List<int>();
        for (int i = 0; i < objects.Count; i++)
        {
            offsets.Add(body.Length);
            body.Append(CultureInfo.InvariantCulture, $"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }
        int xref = body.Length;
        body.Append(CultureInfo.InvariantCulture, $"xref\n0 {objects.Count + 1}\n0000000000 65535 f \n");
        foreach (int o in offsets)
        {
            body.Append(CultureInfo.InvariantCulture, $"{o:D10} 00000 n \n");
        }
        body.Append(CultureInfo.InvariantCulture, $"trailer\n<< /Size {objects.Count + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.Latin1.GetBytes(body.ToString());
    }
}
