using System.Text.Json;

namespace SimilarityEngine.Ingest.Isolation;

/// <summary>The worker side of isolated extraction: reads <see cref="ExtractionRequest"/> lines, answers with
/// <see cref="ExtractionResponse"/> lines. It runs in its own process, so that a file that overflows the stack or exhausts
/// memory takes down only this process, never the batch.</summary>
public static class ExtractionWorker
{
    /// <summary>Reads a tiny built-in .docx and PDF once, so that compiling the readers is not counted in the first file's
    /// time limit.</summary>
    private static void WarmUp()
    {
        var dir = Directory.CreateTempSubdirectory("simeng-warm-");
        try
        {
            string docx = Path.Combine(dir.FullName, "w.docx");
            using (var doc = DocumentFormat.OpenXml.Packaging.WordprocessingDocument.Create(docx, DocumentFormat.OpenXml.WordprocessingDocumentType.Document))
            {
                var main = doc.AddMainDocumentPart();
                main.Document = new DocumentFormat.OpenXml.Wordprocessing.Document(new DocumentFormat.OpenXml.Wordprocessing.Body(
                    new DocumentFormat.OpenXml.Wordprocessing.Paragraph(new DocumentFormat.OpenXml.Wordprocessing.Run(
                        new DocumentFormat.OpenXml.Wordprocessing.Text("Khởi động bộ đọc.")))));
            }
            string pdf = Path.Combine(dir.FullName, "w.pdf");
            using (var builder = new UglyToad.PdfPig.Writer.PdfDocumentBuilder())
            {
                var font = builder.AddStandard14Font(UglyToad.PdfPig.Fonts.Standard14Fonts.Standard14Font.Helvetica);
                builder.AddPage(UglyToad.PdfPig.Content.PageSize.A4).AddText("warm up", 12, new UglyToad.PdfPig.Core.PdfPoint(72, 720), font);
                File.WriteAllBytes(pdf, builder.Build());
            }
            var reader = new DocumentReader();
            reader.Extract(docx);
            reader.Extract(pdf);
        }
        catch (Exception ex) when (ex is DocumentFormatException or IOException)
        {
            // warming up is an optimisation only
        }
        finally
        {
            try
            {
                dir.Delete(true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>Serves requests until the input ends; returns the process exit code.</summary>
    public static int Serve(TextReader input, TextWriter output, Func<string, string?>? toolFinder = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        WatchParent();
        WarmUp();
        while (input.ReadLine() is { } line)
        {
            if (line.Length == 0)
            {
                continue;
            }
            var request = JsonSerializer.Deserialize<ExtractionRequest>(line, ExtractionJson.Options)
                ?? throw new InvalidDataException("empty extraction request");
            ExtractionResponse response;
            bool fatal = false;
            try
            {
                // progress lines go out before the answer; the OCR loop reports from several threads
                using var listening = ExtractionProgress.Listen((stage, done, total) =>
                {
                    lock (output)
                    {
                        output.WriteLine(JsonSerializer.Serialize(new ExtractionResponse(request.Id, null, null, Stage: stage, Done: done, Total: total),
                            ExtractionJson.Options));
                        output.Flush();
                    }
                });
                var reader = new DocumentReader(request.Limits, toolFinder);
                var doc = request.Converted is { } converted ? reader.ExtractConverted(request.Path, converted) : reader.Extract(request.Path);
                response = new ExtractionResponse(request.Id, doc, null);
            }
            catch (DocumentFormatException ex)
            {
                response = new ExtractionResponse(request.Id, null, ex.Reason, ex.PageNumber);
            }
            catch (OutOfMemoryException)
            {
                fatal = true;
                response = new ExtractionResponse(request.Id, null, "reading it needs more memory than the cap per file (--worker-memory-mb); refused", Fatal: true);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                response = new ExtractionResponse(request.Id, null, $"unexpected error while reading ({ex.GetType().Name}: {ex.Message})");
            }
            lock (output)
            {
                output.WriteLine(JsonSerializer.Serialize(response, ExtractionJson.Options));
                output.Flush();
            }
            if (fatal)
            {
                return 3; // leave with the memory: the parent starts a fresh worker
            }
        }
        return 0;
    }

    /// <summary>How often a worker looks whether the process that started it is still there.</summary>
    public static readonly TimeSpan ParentCheck = TimeSpan.FromMilliseconds(500);

    private static int s_watching;

    // a worker whose parent died (SIGKILL, the OOM killer) is handed to init: its standard input only ends when the file it
    // reads is done, which for a long OCR can be many minutes, while the restarted parent reads the same file again. The
    // worker checks its parent twice a second and, once orphaned, kills its tools and exits.
    private static void WatchParent()
    {
        if (OperatingSystem.IsWindows() || Interlocked.Exchange(ref s_watching, 1) == 1)
        {
            return;
        }
        int parent = NativeMethods.GetParentProcessId();
        var watch = new Thread(() =>
        {
            while (true)
            {
                Thread.Sleep(ParentCheck);
                if (NativeMethods.GetParentProcessId() != parent)
                {
                    Extractors.ExternalTool.KillAll();
                    Environment.Exit(137);
                }
            }
        })
        { IsBackground = true, Name = "parent watch" };
        watch.Start();
    }
}

internal static class NativeMethods
{
#pragma warning disable SYSLIB1054 // LibraryImport needs unsafe code for the project; getppid takes and returns no pointers
    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "getppid")]
    [System.Runtime.InteropServices.DefaultDllImportSearchPaths(System.Runtime.InteropServices.DllImportSearchPath.SafeDirectories)]
    internal static extern int GetParentProcessId();
#pragma warning restore SYSLIB1054
}
