using System.IO.Compression;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>The checks made on a zip package (.docx, .odt) before any XML parser sees it: the expanded size in total and
/// per part (a zip bomb), the part the format needs, and how deep the XML parts nest (thousands of nested elements
/// overflow a recursive loader's stack).</summary>
internal static class ZipGuard
{
    /// <summary>Refuses the package with the reason, or returns.</summary>
    /// <param name="path">The zip to check.</param>
    /// <param name="reportedPath">The file errors name.</param>
    /// <param name="limits">Expanded size, ratio and depth limits.</param>
    /// <param name="format">The format's name in messages (".docx").</param>
    /// <param name="missingPart">Why the zip is not of the format (its main part is missing), or null when it is.</param>
    /// <param name="isXmlPart">Which entries are XML parts to check for depth.</param>
    /// <exception cref="DocumentFormatException">The package is refused.</exception>
    public static void Check(string path, string reportedPath, IngestLimits limits, string format, Func<ZipArchive, string?> missingPart,
        Func<ZipArchiveEntry, bool> isXmlPart)
    {
        try
        {
            using var zip = ZipFile.OpenRead(path);
            long total = 0;
            foreach (var e in zip.Entries)
            {
                total += e.Length;
                if (e.Length > 1024 * 1024 && e.CompressedLength > 0 && (double)e.Length / e.CompressedLength > limits.MaxZipRatio)
                {
                    throw new DocumentFormatException(reportedPath,
                        $"part {e.FullName} expands {e.Length / (double)e.CompressedLength:0}× (limit {limits.MaxZipRatio:0}×): zip bomb refused");
                }
            }
            if (total > limits.MaxExpandedBytes)
            {
                throw new DocumentFormatException(reportedPath, $"package expands to {total:N0} bytes (limit {limits.MaxExpandedBytes:N0})");
            }
            if (missingPart(zip) is { } missing)
            {
                throw new DocumentFormatException(reportedPath, missing);
            }
            foreach (var e in zip.Entries)
            {
                if (e.FullName.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) && isXmlPart(e))
                {
                    CheckDepth(e, reportedPath, limits.MaxXmlDepth);
                }
            }
        }
        catch (InvalidDataException ex)
        {
            throw new DocumentFormatException(reportedPath, $"corrupt or truncated {format}: {ex.Message}", null, ex);
        }
    }

    // a streaming pass over the part: cheap, and it refuses before a recursive loader sees the file
    private static void CheckDepth(ZipArchiveEntry entry, string reportedPath, int maxDepth)
    {
        using var stream = entry.Open();
        var settings = new System.Xml.XmlReaderSettings { DtdProcessing = System.Xml.DtdProcessing.Ignore, XmlResolver = null, IgnoreWhitespace = true };
        try
        {
            using var reader = System.Xml.XmlReader.Create(stream, settings);
            while (reader.Read())
            {
                if (reader.Depth > maxDepth)
                {
                    throw new DocumentFormatException(reportedPath,
                        $"part {entry.FullName} nests XML elements more than {maxDepth} deep (a file built to crash readers); refused");
                }
            }
        }
        catch (System.Xml.XmlException)
        {
            // malformed XML is the loader's to report, with its own message
        }
    }
}
