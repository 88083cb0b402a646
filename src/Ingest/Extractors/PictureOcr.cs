using System.Globalization;
using System.Text;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Reads text out of pictures embedded in documents (a scanned page or a screenshot of a table pasted into a
/// Word file): an easy way to hide a copy from a text checker. Pictures too small to hold text are skipped; what OCR
/// returns is kept only when it reads as text (a photo of a classroom gives a few stray letters).</summary>
public static class PictureOcr
{
    /// <summary>Smallest picture read, in pixels (width, height) and bytes.</summary>
    public const int MinWidth = 300, MinHeight = 40, MinBytes = 4096;

    /// <summary>Fewest words OCR must return for a picture to count as text.</summary>
    public const int MinWords = 6;

    /// <summary>A picture to read: its bytes and the width it is shown at (EMU), when known.</summary>
    public sealed record Picture(byte[] Bytes, long? ShownWidthEmu);

    /// <summary>Pixel size, file extension and colour components of a PNG or JPEG, or null for other formats (not read).</summary>
    public static (int Width, int Height, string Extension, int Components)? Probe(ReadOnlySpan<byte> b)
    {
        if (b.Length > 25 && b[0] == 0x89 && b[1] == (byte)'P' && b[2] == (byte)'N' && b[3] == (byte)'G')
        {
            // IHDR colour type: 0 grey, 2 RGB, 3 palette, 4 grey + alpha, 6 RGBA
            int components = b[25] switch { 2 => 3, 4 => 2, 6 => 4, _ => 1 };
            return ((b[16] << 24) | (b[17] << 16) | (b[18] << 8) | b[19], (b[20] << 24) | (b[21] << 16) | (b[22] << 8) | b[23], ".png", components);
        }
        if (b.Length > 4 && b[0] == 0xFF && b[1] == 0xD8)
        {
            int i = 2;
            while (i + 9 < b.Length)
            {
                if (b[i] != 0xFF)
                {
                    i++;
                    continue;
                }
                byte m = b[i + 1];
                int len = (b[i + 2] << 8) | b[i + 3];
                if (m is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
                {
                    return ((b[i + 7] << 8) | b[i + 8], (b[i + 5] << 8) | b[i + 6], ".jpg", b[i + 9]);
                }
                i += 2 + len;
            }
        }
        return null;
    }

    /// <summary>True when the picture is large enough to hold lines of text.</summary>
    public static bool Worth(Picture p) =>
        p.Bytes.Length >= MinBytes && Probe(p.Bytes) is { } size && size.Width >= MinWidth && size.Height >= MinHeight
        && (long)size.Width * size.Height <= 40_000_000;

    /// <summary>Reads the pictures in parallel within the OCR budget; each result is its paragraphs, or null when the
    /// picture holds no text (or was not read: budget, failure). <paramref name="failures"/> gets one line per failure.</summary>
    public static List<string>?[] Read(IReadOnlyList<Picture> pictures, string tesseract, IngestLimits limits, List<string> failures,
        CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(pictures);
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(failures);
        var results = new List<string>?[pictures.Count];
        var clock = System.Diagnostics.Stopwatch.StartNew();
        int done = 0;
        var errors = new System.Collections.Concurrent.ConcurrentBag<string>();
        Parallel.For(0, Math.Min(pictures.Count, limits.OcrMaxPages), new ParallelOptions { MaxDegreeOfParallelism = limits.Ocr.ParallelPages, CancellationToken = ct }, i =>
        {
            if (clock.Elapsed > limits.OcrBudget)
            {
                return;
            }
            try
            {
                results[i] = ReadOne(pictures[i], tesseract, limits, ct);
            }
            catch (Exception ex) when (ex is TimeoutException or InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
            {
                errors.Add($"picture {i + 1}: OCR failed ({ex.Message})");
            }
            ExtractionProgress.Report(ExtractionProgress.Ocr, Interlocked.Increment(ref done), pictures.Count);
        });
        failures.AddRange(errors.Order(StringComparer.Ordinal));
        return results;
    }

    private static List<string>? ReadOne(Picture p, string tesseract, IngestLimits limits, CancellationToken ct)
    {
        var (width, _, ext, _) = Probe(p.Bytes)!.Value;
        // the resolution the picture is shown at in the document (tesseract guesses 70 dpi otherwise)
        int dpi = p.ShownWidthEmu is long emu && emu > 0 ? (int)Math.Round(width / (emu / 914400.0)) : 150;
        dpi = Math.Clamp(dpi, 70, 600);
        var tmp = ExternalTool.PrivateTempDirectory("simeng-pic-");
        try
        {
            string file = Path.Combine(tmp.FullName, "p" + ext);
            File.WriteAllBytes(file, p.Bytes);
            var (code, output, err) = ExternalTool.Run(tesseract,
                [file, "stdout", "-l", "vie", "--psm", "3", "--dpi", dpi.ToString(CultureInfo.InvariantCulture)], limits.Timeout, tmp.FullName,
                limits.Ocr.ThreadsPerPage, ct);
            if (code != 0)
            {
                throw new InvalidOperationException($"tesseract failed (exit {code}): {err.Trim()}");
            }
            var paragraphs = Paragraphs(output.Normalize(NormalizationForm.FormC));
            string all = string.Join(' ', paragraphs);
            int words = all.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
            // a photo gives stray letters: keep only what reads as Vietnamese text
            return words >= MinWords && Text.TextNormalizer.Quality(Text.TextNormalizer.Normalize(all).Text, out _) >= 0.6 ? paragraphs : null;
        }
        finally
        {
            ExternalTool.TryDelete(tmp);
        }
    }

    // Tesseract separates paragraphs with a blank line and breaks lines inside them.
    private static List<string> Paragraphs(string output)
    {
        var list = new List<string>();
        var sb = new StringBuilder();
        foreach (var raw in output.Split('\n'))
        {
            string line = raw.Trim();
            if (line.Length == 0)
            {
                if (sb.Length > 0)
                {
                    list.Add(sb.ToString());
                    sb.Clear();
                }
                continue;
            }
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }
            sb.Append(line);
        }
        if (sb.Length > 0)
        {
            list.Add(sb.ToString());
        }
        return list;
    }

    /// <summary>Reads the pictures of a word-processor document large enough to hold text by OCR and puts their text where
    /// they stand: <paramref name="blocks"/> holds an empty <see cref="BlockKind.ImageText"/> placeholder for each picture
    /// at its index in <paramref name="pictures"/>; placeholders without text are dropped.</summary>
    internal static List<TextBlock> PlaceText(List<TextBlock> blocks, List<(int BlockIndex, Picture Picture)> pictures,
        Func<string, string?> findTool, IngestLimits limits, List<string> warnings, CancellationToken ct)
    {
        var wanted = pictures.Where(p => Worth(p.Picture)).ToList();
        if (wanted.Count == 0)
        {
            return blocks.Where(b => b.Kind != BlockKind.ImageText).ToList();
        }
        if (findTool("tesseract") is not { } tesseract)
        {
            warnings.Add($"{wanted.Count} picture(s) that may hold text were not read ({PdfExtractor.OcrInstallHint})");
            return blocks.Where(b => b.Kind != BlockKind.ImageText).ToList();
        }
        var failures = new List<string>();
        var texts = Read(wanted.Select(p => p.Picture).ToList(), tesseract, limits, failures, ct);
        var byBlock = new Dictionary<int, List<string>>();
        for (int i = 0; i < wanted.Count; i++)
        {
            if (texts[i] is { } paragraphs)
            {
                byBlock[wanted[i].BlockIndex] = paragraphs;
            }
        }
        var placed = new List<TextBlock>(blocks.Count + byBlock.Count);
        for (int i = 0; i < blocks.Count; i++)
        {
            var b = blocks[i];
            if (b.Kind != BlockKind.ImageText)
            {
                placed.Add(b);
            }
            else if (byBlock.TryGetValue(i, out var paragraphs))
            {
                placed.AddRange(paragraphs.Select(t => new TextBlock(BlockKind.ImageText, t)));
            }
        }
        if (byBlock.Count > 0)
        {
            warnings.Add($"{byBlock.Count} picture(s) of text read by OCR (Tesseract, vie); their text counts in matching");
        }
        warnings.AddRange(failures);
        if (wanted.Count > limits.OcrMaxPages)
        {
            warnings.Add($"{wanted.Count - limits.OcrMaxPages} picture(s) not read: over the OCR budget of {limits.OcrMaxPages} per file (--ocr-pages)");
        }
        return placed;
    }
}
