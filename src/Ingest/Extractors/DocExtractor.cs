namespace SimilarityEngine.Ingest.Extractors;

/// <summary>Extracts Word 97–2003 .doc by converting it to .docx with LibreOffice headless (font names survive), then reading that.</summary>
public sealed class DocExtractor : IDocumentExtractor
{
    /// <summary>What to install when LibreOffice is missing.</summary>
    public const string InstallHint = "LibreOffice is needed to read .doc and .rtf files: install it (Debian: apt-get install libreoffice-writer-nogui)";

    private readonly IngestLimits _limits;
    private readonly DocxExtractor _docx;
    private readonly Func<string, string?> _findTool;
    private readonly string _kind;

    /// <summary>Creates the extractor.</summary>
    /// <param name="limits">Input limits.</param>
    /// <param name="toolFinder">Finds soffice (default: on PATH).</param>
    /// <param name="kind">What the file really is: "ole" (Word 97–2003), "rtf", "html", "mht" or "wordxml".</param>
    public DocExtractor(IngestLimits? limits = null, Func<string, string?>? toolFinder = null, string kind = "ole")
    {
        _kind = kind;
        _limits = limits ?? IngestLimits.Default;
        _findTool = toolFinder ?? ExternalTool.Find;
        _docx = new DocxExtractor(_limits, _findTool);
    }

    /// <summary>True when soffice is on PATH.</summary>
    public static bool IsAvailable => ExternalTool.Find("soffice") is not null;

    /// <inheritdoc />
    public ExtractedDocument Extract(string path, CancellationToken cancellationToken = default)
    {
        string soffice = _findTool("soffice") ?? throw new DocumentFormatException(path, InstallHint);
        var tmp = ExternalTool.PrivateTempDirectory("simeng-doc-");
        try
        {
            // a private profile per conversion: two soffice processes on one profile fail silently
            string profile = new Uri(Path.Combine(tmp.FullName, "profile")).AbsoluteUri;
            // the extension tells LibreOffice's type detection what it is; HTML goes into Writer, not Writer/Web (which cannot save .docx)
            string kind = _kind;
            string input;
            if (kind == "mht")
            {
                // LibreOffice reads a web archive as plain text: give it the archive's HTML part
                string html = Text.HtmlText.MhtHtml(File.ReadAllBytes(path)) ?? throw new DocumentFormatException(path, "the MHT web archive holds no HTML part");
                input = Path.Combine(tmp.FullName, "input.html");
                File.WriteAllText(input, html, new System.Text.UTF8Encoding(true));
                kind = "html";
            }
            else
            {
                input = Path.Combine(tmp.FullName, "input" + kind switch { "rtf" => ".rtf", "html" => ".html", "wordxml" => ".xml", _ => ".doc" });
                File.Copy(path, input);
            }
            List<string> args = ["--headless", "--norestore", $"-env:UserInstallation={profile}"];
            if (kind == "html")
            {
                args.Add("--infilter=HTML (StarWriter)");
            }
            args.AddRange(["--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp.FullName, input]);
            var (code, _, err) = ExternalTool.Run(soffice, [.. args], _limits.Timeout, tmp.FullName, cancellationToken: cancellationToken);
            string output = Path.Combine(tmp.FullName, "input.docx");
            if (code != 0 || !File.Exists(output))
            {
                throw new DocumentFormatException(path, $"LibreOffice could not convert the {(_kind == "ole" ? ".doc" : _kind.ToUpperInvariant())} (exit {code}{(Said(err) is { Length: > 0 } said ? ": " + said : "")}); corrupt, encrypted or not a Word file");
            }
            return _docx.Extract(output, path, _kind == "rtf" ? "rtf" : "doc", cancellationToken);
        }
        catch (TimeoutException ex)
        {
            throw new DocumentFormatException(path, $"LibreOffice conversion timed out: {ex.Message}", null, ex);
        }
        finally
        {
            ExternalTool.TryDelete(tmp);
        }
    }

    /// <summary>What LibreOffice said, on one line, without its start-up noise (the Java launcher warning comes on every
    /// machine without Java and says nothing about the file).</summary>
    internal static string Said(string err) => string.Join("; ", err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Where(l => !l.Contains("javaldx", StringComparison.Ordinal)));
}
