using SimilarityEngine.Ingest.Extractors;

namespace SimilarityEngine.Tests;

internal static class TestPaths
{
    public static string Root { get; } = FindRoot();

    public static string Samples => Path.Combine(Root, "corpus-samples");

    public static string Sample(string name) => Path.Combine(Samples, name);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "SimilarityEngine.sln")))
        {
            dir = dir.Parent;
        }
        return dir?.FullName ?? throw new InvalidOperationException("SimilarityEngine.sln not found above the test folder");
    }

    public static DirectoryInfo TempDir() => Directory.CreateTempSubdirectory("simeng-test-");

    /// <summary>Runs LibreOffice headless with <paramref name="args"/> in <paramref name="workDir"/>, with a user profile of its
    /// own: tests run in parallel, and two LibreOffice processes sharing the default profile make one of them fail.</summary>
    public static (int Code, string Out, string Err) Soffice(string workDir, TimeSpan timeout, params string[] args)
    {
        string profile = new Uri(Path.Combine(Path.GetTempPath(), "simeng-test-lo-" + Guid.NewGuid().ToString("N"))).AbsoluteUri;
        try
        {
            return ExternalTool.Run(ExternalTool.Find("soffice")!, ["--headless", "--norestore", $"-env:UserInstallation={profile}", .. args],
                timeout, workDir);
        }
        finally
        {
            string dir = new Uri(profile).LocalPath;
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, true);
            }
        }
    }

    /// <summary>Skips the test (with the reason) when LibreOffice is missing; .ci/run installs it.</summary>
    public static void RequireSoffice() =>
        Skip.If(ExternalTool.Find("soffice") is null, "LibreOffice (soffice) is not installed: apt-get install libreoffice-writer-nogui");

    /// <summary>Skips the test when Tesseract or pdftoppm is missing; .ci/run installs them.</summary>
    public static void RequireOcr() =>
        Skip.If(!PdfExtractor.OcrAvailable, "Tesseract/pdftoppm not installed: apt-get install tesseract-ocr tesseract-ocr-vie poppler-utils");
}
