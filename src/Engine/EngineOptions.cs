using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using SimilarityEngine.Similarity.Alignment;
using SimilarityEngine.Similarity.Fingerprints;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>Every parameter that changes a result. Its hash goes into every report.</summary>
/// <param name="Fingerprint">k and w of shingling and winnowing.</param>
/// <param name="Alignment">Passage alignment parameters.</param>
/// <param name="Verdicts">Verdict thresholds.</param>
/// <param name="Boilerplate">Corpus cut-off for common fingerprints.</param>
/// <param name="MinSharedFingerprints">A report must share at least this many fingerprints to be aligned.</param>
/// <param name="MaxCandidates">At most this many candidates (most shared fingerprints first) are aligned per submission.</param>
public sealed record EngineOptions(
    FingerprintOptions Fingerprint,
    AlignmentOptions Alignment,
    VerdictOptions Verdicts,
    BoilerplateOptions Boilerplate,
    int MinSharedFingerprints = 3,
    int MaxCandidates = 60)
{
    /// <summary>The defaults.</summary>
    public static EngineOptions Default { get; } = new(FingerprintOptions.Default, AlignmentOptions.Default, VerdictOptions.Default, BoilerplateOptions.Default);

    /// <summary>Official texts (laws, circulars) whose passages count as legitimate quotation.</summary>
    public IReadOnlyList<string> OfficialTexts { get; init; } = [];

    /// <summary>The boilerplate filter of these options: the template and the official texts tokenised and fingerprinted
    /// once per options object (a server's engine keeps one), not once per check, ingest or screen. Read-only after it is
    /// built, so shared by every thread.</summary>
    public BoilerplateFilter Filter => s_filters.GetValue(this, o => new BoilerplateFilter(o.Fingerprint, o.OfficialTexts));

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<EngineOptions, BoilerplateFilter> s_filters = [];

    /// <summary>First 12 hex digits of the SHA-256 of the options (and official texts).</summary>
    public string Hash
    {
        get
        {
            var json = JsonSerializer.Serialize(new { Fingerprint, Alignment, Verdicts, Boilerplate, MinSharedFingerprints, MaxCandidates });
            var sb = new StringBuilder(json);
            foreach (var t in OfficialTexts)
            {
                sb.Append('\0').Append(t);
            }
            return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())))[..12];
        }
    }

    /// <summary>The engine's version.</summary>
    public static string EngineVersion { get; } =
        typeof(EngineOptions).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion.Split('+')[0] ?? "0.0.0";

    /// <summary>Reads every .txt file of <paramref name="folder"/> as official text.</summary>
    public EngineOptions WithOfficialFolder(string? folder)
    {
        if (folder is null)
        {
            return this;
        }
        if (!Directory.Exists(folder))
        {
            throw new ManifestException($"official-texts folder not found: {folder}");
        }
        // links are not followed (no loops), unreadable entries skipped, and the whole is bounded: /proc or / is refused, not walked for hours
        var options = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.ReparsePoint };
        var files = new List<string>();
        long bytes = 0;
        try
        {
            foreach (var f in Directory.EnumerateFiles(folder, "*.txt", options))
            {
                bytes += new FileInfo(f).Length;
                files.Add(f);
                if (files.Count > MaxOfficialFiles || bytes > MaxOfficialBytes)
                {
                    throw new ManifestException($"official-texts folder {folder} holds more than {MaxOfficialFiles:N0} .txt files or {MaxOfficialBytes / 1024 / 1024} MiB; give a folder of official texts only");
                }
            }
            var texts = files.Order(StringComparer.Ordinal).Select(f => Ingest.Text.TextNormalizer.Normalize(File.ReadAllText(f)).Text).ToList();
            return this with { OfficialTexts = texts };
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ManifestException($"official-texts folder {folder} cannot be read: {ex.Message}");
        }
    }

    /// <summary>Most .txt files read from an official-texts folder.</summary>
    public const int MaxOfficialFiles = 10_000;

    /// <summary>Most bytes read from an official-texts folder.</summary>
    public const long MaxOfficialBytes = 200L * 1024 * 1024;
}
