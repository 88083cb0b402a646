using SimilarityEngine.Engine;
using SimilarityEngine.Ingest.Extractors;

namespace SimilarityEngine.Reports;

/// <summary>Why a PDF report could not be made (no program to print it, or the program failed), in Vietnamese.</summary>
public sealed class PdfReportException(string message) : Exception(message);

/// <summary>The self-contained HTML report (<see cref="HtmlReport"/>) printed to PDF by a program found on PATH: Chromium
/// (headless, a throw-away profile; the report has no script and its content-security policy forbids scripts and every
/// fetch) or else LibreOffice. One report model, one HTML, so the PDF
/// shows what the downloaded HTML shows — decisions, passages, marks — and nothing is laid out twice.</summary>
public static class PdfReport
{
    /// <summary>Names under which Chromium is looked for, in order.</summary>
    public static IReadOnlyList<string> Browsers { get; } = ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

    /// <summary>What to install when neither program is found.</summary>
    public const string Missing = "cần Chromium (sudo apt-get install chromium) hoặc LibreOffice (sudo apt-get install libreoffice-writer-nogui) để tạo PDF";

    // a browser uses a few hundred MiB: two at a time on a server
    private static readonly SemaphoreSlim s_gate = new(2);

    /// <summary>The program that would print, or null.</summary>
    public static string? Printer(Func<string, string?>? toolFinder = null)
    {
        var find = toolFinder ?? ExternalTool.Find;
        return Browsers.Select(find).FirstOrDefault(p => p is not null) ?? find("soffice");
    }

    /// <summary>Prints <paramref name="html"/> to PDF; returns its bytes.</summary>
    /// <exception cref="PdfReportException">No program to print with, or it failed or took longer than <paramref name="timeout"/>.</exception>
    public static byte[] FromHtml(string html, Func<string, string?>? toolFinder = null, TimeSpan? timeout = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(html);
        var find = toolFinder ?? ExternalTool.Find;
        string? chromium = Browsers.Select(find).FirstOrDefault(p => p is not null);
        string? soffice = chromium is null ? find("soffice") : null;
        if (chromium is null && soffice is null)
        {
            throw new PdfReportException($"Không tạo được PDF: {Missing}.");
        }
        var limit = timeout ?? TimeSpan.FromSeconds(90);
        if (!s_gate.Wait(limit, ct))
        {
            throw new PdfReportException("Không tạo được PDF: máy chủ đang bận tạo các bản PDF khác; hãy thử lại sau ít phút.");
        }
        var dir = ExternalTool.PrivateTempDirectory("simeng-pdf-");
        try
        {
            string input = Path.Combine(dir.FullName, "bao-cao.html");
            string output = Path.Combine(dir.FullName, "bao-cao.pdf");
            File.WriteAllText(input, html);
            string profile = Path.Combine(dir.FullName, "profile");
            string[] args = chromium is not null
                ?
                [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-extensions", "--no-first-run", "--disable-background-networking",
                    "--disable-sync", "--disable-component-update", "--no-pdf-header-footer",
                    $"--user-data-dir={profile}", $"--print-to-pdf={output}", new Uri(input).AbsoluteUri,
                ]
                : ["--headless", "--norestore", $"-env:UserInstallation={new Uri(profile).AbsoluteUri}", "--convert-to", "pdf:writer_web_pdf_Export",
                    "--outdir", dir.FullName, input];
            string program = chromium ?? soffice!;
            (int code, string stderr) = (0, "");
            try
            {
                var r = ExternalTool.Run(program, args, limit, dir.FullName, cancellationToken: ct);
                (code, stderr) = (r.ExitCode, r.StdErr);
            }
            catch (TimeoutException)
            {
                throw new PdfReportException($"Không tạo được PDF: {Path.GetFileName(program)} chạy quá {limit.TotalSeconds:0} giây.");
            }
            if (!File.Exists(output) || new FileInfo(output).Length == 0)
            {
                string last = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
                throw new PdfReportException($"Không tạo được PDF: {Path.GetFileName(program)} dừng với mã {code} ({last}).");
            }
            return File.ReadAllBytes(output);
        }
        finally
        {
            ExternalTool.TryDelete(dir);
            s_gate.Release();
        }
    }
}
