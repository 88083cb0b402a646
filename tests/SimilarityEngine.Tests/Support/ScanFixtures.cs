using System.Globalization;
using System.Text;

namespace SimilarityEngine.Tests;

/// <summary>Scanned-page fixtures made from our own PDFs: pages rasterised with pdftoppm and wrapped again in a PDF
/// written here byte by byte, with what real scans carry — a visible one-line watermark, an invisible (render mode 3)
/// OCR layer of nonsense, a low resolution, a slight rotation.</summary>
internal static class ScanFixtures
{
    /// <summary>One page of the new PDF: a JPEG drawn over the page, maybe rotated, maybe with text over it.</summary>
    public sealed record ScanPage(byte[] Jpeg, int PixelWidth, int PixelHeight, int Components, double RotateDegrees = 0, string? Watermark = null,
        string? InvisibleText = null)
    {
        /// <summary>The image's size on the page as a share of the page's (1: it covers the page), centred.</summary>
        public double Scale { get; init; } = 1;
    }

    /// <summary>Page <paramref name="page"/> of <paramref name="pdf"/> as a JPEG at <paramref name="dpi"/>.</summary>
    public static ScanPage Rasterise(string pdf, int page, int dpi, int quality = 85, string? work = null)
    {
        var dir = Directory.CreateDirectory(Path.Combine(work ?? Path.GetTempPath(), "raster-" + Guid.NewGuid().ToString("N")[..8]));
        try
        {
            string prefix = Path.Combine(dir.FullName, "p");
            var (code, _, err) = Ingest.Extractors.ExternalTool.Run(Ingest.Extractors.ExternalTool.Find("pdftoppm")!,
                ["-r", dpi.ToString(CultureInfo.InvariantCulture), "-gray", "-jpeg", "-jpegopt", $"quality={quality}",
                    "-f", page.ToString(CultureInfo.InvariantCulture), "-l", page.ToString(CultureInfo.InvariantCulture), pdf, prefix],
                TimeSpan.FromMinutes(2));
            Assert.True(code == 0, err);
            string jpg = Directory.GetFiles(dir.FullName, "p*.jpg").Single();
            byte[] bytes = File.ReadAllBytes(jpg);
            // pdftoppm -gray still writes three components
            var (w, h, _, n) = Ingest.Extractors.PictureOcr.Probe(bytes) ?? throw new InvalidDataException("pdftoppm wrote no JPEG");
            return new ScanPage(bytes, w, h, n);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    /// <summary>Writes an A4 PDF of <paramref name="pages"/> to <paramref name="path"/>.</summary>
    public static string Write(string path, IReadOnlyList<ScanPage> pages)
    {
        const double W = 595.28, H = 841.89;
        var pdf = new PdfObjects();
        int Add(byte[] o) => pdf.Add(o);
        static byte[] A(string s) => Encoding.ASCII.GetBytes(s);
        int pagesObj = pdf.Pages;
        int font = Add(A("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"));
        var kids = new List<int>();
        foreach (var p in pages)
        {
            int img = Add(Stream($"<< /Type /XObject /Subtype /Image /Width {p.PixelWidth} /Height {p.PixelHeight} /ColorSpace /{(p.Components == 1 ? "DeviceGray" : "DeviceRGB")} /BitsPerComponent 8 /Filter /DCTDecode", p.Jpeg));
            var content = new StringBuilder();
            double rad = p.RotateDegrees * Math.PI / 180;
            double c = Math.Cos(rad), s = Math.Sin(rad);
            // scale the image to the page, rotate it about the page centre
            content.Append(Inv($"q 1 0 0 1 {W / 2:0.###} {H / 2:0.###} cm {c:0.#####} {s:0.#####} {-s:0.#####} {c:0.#####} 0 0 cm "));
            content.Append(Inv($"{W * p.Scale:0.###} 0 0 {H * p.Scale:0.###} {-W * p.Scale / 2:0.###} {-H * p.Scale / 2:0.###} cm /Im Do Q\n"));
            if (p.InvisibleText is { } hidden)
            {
                content.Append("BT 3 Tr /F 11 Tf 40 800 Td 14 TL\n");
                foreach (var line in hidden.Split('\n'))
                {
                    content.Append('(').Append(Escape(line)).Append(") Tj T*\n");
                }
                content.Append("ET\n");
            }
            if (p.Watermark is { } mark)
            {
                content.Append(Inv($"BT 0 Tr /F 9 Tf 150 20 Td ({Escape(mark)}) Tj ET\n"));
            }
            int contents = Add(Stream("<<", Encoding.ASCII.GetBytes(content.ToString())));
            kids.Add(Add(A(Inv($"<< /Type /Page /Parent {pagesObj} 0 R /MediaBox [0 0 {W:0.##} {H:0.##}] /Resources << /XObject << /Im {img} 0 R >> /Font << /F {font} 0 R >> >> /Contents {contents} 0 R >>"))));
        }
        return pdf.Finish(path, kids);
    }

    /// <summary>Writes an A4 PDF whose pages are visible Helvetica text (WinAnsi), one string per line.</summary>
    public static string WriteText(string path, IReadOnlyList<string[]> pages) => WriteText(path, pages, 40, 790, "");

    /// <summary>As <see cref="WriteText(string, IReadOnlyList{string[]})"/>, the first line at (<paramref name="x"/>,
    /// <paramref name="y"/>) and <paramref name="pageEntries"/> added to each page's dictionary (a /CropBox, a /Rotate).</summary>
    public static string WriteText(string path, IReadOnlyList<string[]> pages, double x, double y, string pageEntries)
    {
        var pdf = new PdfObjects();
        int Add(byte[] o) => pdf.Add(o);
        static byte[] A(string s) => Encoding.Latin1.GetBytes(s);
        int pagesObj = pdf.Pages;
        int font = Add(A("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"));
        var kids = new List<int>();
        foreach (var lines in pages)
        {
            var content = new StringBuilder(Inv($"BT /F 11 Tf {x:0.##} {y:0.##} Td 15 TL\n"));
            foreach (var line in lines)
            {
                content.Append('(').Append(Escape(line)).Append(") Tj T*\n");
            }
            content.Append("ET\n");
            var data = Encoding.Latin1.GetBytes(content.ToString());
            int contents = Add([.. A($"<< /Length {data.Length} >>\nstream\n"), .. data, .. A("\nendstream")]);
            kids.Add(Add(A($"<< /Type /Page /Parent {pagesObj} 0 R /MediaBox [0 0 595 842] {pageEntries} /Resources << /Font << /F {font} 0 R >> >> /Contents {contents} 0 R >>")));
        }
        return pdf.Finish(path, kids);
    }

    /// <summary>Writes a one-page A4 PDF of grey rectangles and stripes and no text: rasterised, a "photo" that holds no
    /// letters (a classroom, a logo).</summary>
    public static string WriteShapes(string path)
    {
        var pdf = new PdfObjects();
        int Add(byte[] o) => pdf.Add(o);
        static byte[] A(string s) => Encoding.Latin1.GetBytes(s);
        int pagesObj = pdf.Pages;
        var content = new StringBuilder();
        var rng = new Random(5);
        for (int i = 0; i < 40; i++)
        {
            content.Append(Inv($"{rng.NextDouble() * 0.8 + 0.1:0.##} g {rng.Next(0, 500)} {rng.Next(0, 760)} {rng.Next(40, 300)} {rng.Next(40, 300)} re f\n"));
        }
        var data = Encoding.Latin1.GetBytes(content.ToString());
        int contents = Add([.. A($"<< /Length {data.Length} >>\nstream\n"), .. data, .. A("\nendstream")]);
        var kids = new List<int> { Add(A($"<< /Type /Page /Parent {pagesObj} 0 R /MediaBox [0 0 595 842] /Resources << >> /Contents {contents} 0 R >>")) };
        return pdf.Finish(path, kids);
    }

    // The objects of a PDF being written, numbered from 1; the catalog (1) and the page tree (2) are filled by Finish.
    private sealed class PdfObjects
    {
        private readonly List<byte[]> _objects = [[], []];

        public int Catalog => 1;

        public int Pages => 2;

        public int Add(byte[] o)
        {
            _objects.Add(o);
            return _objects.Count;
        }

        // The catalog, the page tree, the objects and the cross-reference table.
        public string Finish(string path, List<int> kids)
        {
            static byte[] A(string s) => Encoding.Latin1.GetBytes(s);
            _objects[Catalog - 1] = A($"<< /Type /Catalog /Pages {Pages} 0 R >>");
            _objects[Pages - 1] = A($"<< /Type /Pages /Kids [{string.Join(' ', kids.Select(k => $"{k} 0 R"))}] /Count {kids.Count} >>");
            using var fs = File.Create(path);
            var offsets = new List<long>();
            fs.Write(A("%PDF-1.5\n%\u00E2\u00E3\u00CF\u00D3\n"));
            for (int i = 0; i < _objects.Count; i++)
            {
                offsets.Add(fs.Position);
                fs.Write(A($"{i + 1} 0 obj\n"));
                fs.Write(_objects[i]);
                fs.Write(A("\nendobj\n"));
            }
            long xref = fs.Position;
            var sb = new StringBuilder($"xref\n0 {_objects.Count + 1}\n0000000000 65535 f \n");
            foreach (long o in offsets)
            {
                sb.Append(Inv($"{o:0000000000} 00000 n \n"));
            }
            sb.Append(Inv($"trailer\n<< /Size {_objects.Count + 1} /Root {Catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n"));
            fs.Write(A(sb.ToString()));
            return path;
        }
    }

    private static string Inv(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static byte[] Stream(string dictStart, byte[] data)
    {
        var head = Encoding.ASCII.GetBytes($"{dictStart} /Length {data.Length} >>\nstream\n");
        var tail = Encoding.ASCII.GetBytes("\nendstream");
        return [.. head, .. data, .. tail];
    }

    private static string Escape(string s) => s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("(", "\\(", StringComparison.Ordinal)
        .Replace(")", "\\)", StringComparison.Ordinal);
}
