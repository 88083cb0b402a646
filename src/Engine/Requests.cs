using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>Reports progress of long work. Called from worker threads; implementations must be thread-safe.</summary>
public interface IProgressSink
{
    /// <summary><paramref name="done"/> of <paramref name="total"/> items of <paramref name="stage"/> are finished.</summary>
    void Report(string stage, int done, int total);

    /// <summary>The stage is over.</summary>
    void Done();
}

/// <summary>What to extract.</summary>
/// <param name="Files">The files, with their unique names.</param>
public sealed record ExtractRequest(IReadOnlyList<InputFile> Files)
{
    /// <summary>Files read at once (default: the number of cores).</summary>
    public int Parallelism { get; init; } = Environment.ProcessorCount;

    /// <summary>Files for which this returns true are not read (e.g. their output is newer than the input).</summary>
    public Func<InputFile, bool>? Skip { get; init; }
}

/// <summary>One file's extraction: the document, or why it failed, or that it was skipped.</summary>
public sealed record ExtractOutcome(InputFile File, NormalizedDocument? Document, string? Error, bool Skipped = false);

/// <summary>What an extract run did.</summary>
public sealed record ExtractSummary(int Extracted, int Skipped, IReadOnlyList<(string File, string Reason)> Failures);

/// <summary>What to ingest.</summary>
/// <param name="IndexPath">The index folder.</param>
/// <param name="Reports">The reports, with unique ids (see <see cref="InputPlanner.ForIngest"/>).</param>
public sealed record IngestRequest(string IndexPath, IReadOnlyList<ReportInput> Reports)
{
    /// <summary>How long to wait for another writer; zero fails at once.</summary>
    public TimeSpan WaitForLock { get; init; }

    /// <summary>Reports per commit (default <see cref="IngestService.CommitEvery"/>).</summary>
    public int? CommitEvery { get; init; }

    /// <summary>Read files again that crashed the reader before (listed in the index's quarantine).</summary>
    public bool RetryQuarantined { get; init; }

    /// <summary>A report whose id is already stored with another text replaces it (a correction). Without it such a report
    /// is a failure row naming both, and the stored one stays.</summary>
    public bool Replace { get; init; }

    /// <summary>When the folder holds index files but no readable commit point, move them aside and start a new, empty
    /// index (instead of refusing: 'simeng index repair' keeps every readable report).</summary>
    public bool NewIndex { get; init; }
}

/// <summary>What an ingest run did.</summary>
public sealed record IngestSummary(int Added, int Unchanged, int Failed, IReadOnlyList<(string File, string Reason)> Failures,
    IReadOnlyList<string> Notes, int ReportsInIndex);

/// <summary>A submission to check against everything submitted before it.</summary>
/// <param name="IndexPath">The index folder.</param>
/// <param name="File">The submission's file.</param>
public sealed record CheckRequest(string IndexPath, string File)
{
    /// <summary>What is known of the submission (author, school, …); the cover page fills the rest.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();
}

/// <summary>Which engine, options and index commit a report was computed with.</summary>
public sealed record EngineStamp(string Engine, string Version, string OptionsHash, string IndexCommit, int IndexReports, string ComputedAt);

/// <summary>The result of checking one submission.</summary>
public sealed record CheckResult(EngineStamp Stamp, StoredReport Submission, MaskedDocument SubmissionDoc, bool InIndex,
    double SimilarityIndex, IReadOnlyList<PairResult> Sources)
{
    /// <summary>The similarity index per SKKN section (all sources together).</summary>
    public IReadOnlyList<SectionShare> Sections { get; init; } = [];

    /// <summary>Earlier reports that share pictures with the submission but are not among <see cref="Sources"/>.</summary>
    public IReadOnlyList<PictureMatch> PictureMatches { get; init; } = [];

    /// <summary>How well each page of the submission was read (empty for formats without pages).</summary>
    public IReadOnlyList<Ingest.PageQuality> Pages { get; init; } = [];
}

/// <summary>A screen of the archive.</summary>
/// <param name="IndexPath">The index folder.</param>
/// <param name="Year">The school year screened (against earlier ones and itself); null: all.</param>
public sealed record ScreenRequest(string IndexPath, int? Year = null);

/// <summary>The result of screening a corpus.</summary>
public sealed record ScreenResult(EngineStamp Stamp, int? Year, int Screened, int PairsCompared, IReadOnlyList<PairResult> Flagged,
    IReadOnlyList<IReadOnlyList<string>> Clusters)
{
    /// <summary>Reports stored without their fingerprints (ingested by an earlier version, or under other fingerprint options),
    /// fingerprinted again from their text for this screen; ingesting them again makes the next screen faster.</summary>
    public int Recomputed { get; init; }

    /// <summary>Families of copies found (reports sharing at least half their text): each counted as one report when the
    /// boilerplate cut-off was applied.</summary>
    public int Families { get; init; }

    /// <summary>The screened reports that show signs of dodging the checker (<see cref="EvasionSignals.Any"/>), flagged or
    /// not, by id.</summary>
    public IReadOnlyList<(string Id, EvasionSignals Evasion)> Evasions { get; init; } = [];
}

/// <summary>What the index holds.</summary>
public sealed record StatsResult(string Index, string Commit, int Reports, IReadOnlyDictionary<string, int> ByYear, long Fingerprints,
    long SizeBytes, long TextBytes, long TextCharacters);
