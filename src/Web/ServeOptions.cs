namespace SimilarityEngine.Web;

/// <summary>Options of <c>simeng serve</c> (configuration section <c>Serve</c>), validated at start-up.</summary>
public sealed class ServeOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Serve";

    /// <summary>The archive's index folder (created empty on first start).</summary>
    public string Index { get; set; } = "";

    /// <summary>The server's own state: SQLite database, uploads, results (created on first start).</summary>
    public string Data { get; set; } = "";

    /// <summary>Jobs run at once (checks and screens); a long scanned PDF then does not block everyone.</summary>
    public int Workers { get; set; } = 2;

    /// <summary>Largest upload, in MiB (the engine's own file limit applies as well).</summary>
    public int MaxUploadMb { get; set; } = 50;

    /// <summary>Uploads a user may start per minute.</summary>
    public int UploadsPerMinute { get; set; } = 30;

    /// <summary>Jobs a user may have waiting or running at once.</summary>
    public int MaxPendingJobsPerUser { get; set; } = 50;

    /// <summary>Failed sign-ins before an account is locked.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a locked account stays locked, in minutes.</summary>
    public int LockoutMinutes { get; set; } = 15;

    /// <summary>Largest upload in bytes.</summary>
    public long MaxUploadBytes => MaxUploadMb * 1024L * 1024L;

    /// <summary>The problems with these options, empty when valid.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Index))
        {
            yield return "Serve:Index (--index) is required";
        }
        if (string.IsNullOrWhiteSpace(Data))
        {
            yield return "Serve:Data (--data) is required";
        }
        if (Workers is < 0 or > 64)
        {
            yield return "Serve:Workers must be 0–64";
        }
        if (MaxUploadMb is < 1 or > 4096)
        {
            yield return "Serve:MaxUploadMb must be 1–4096";
        }
        if (UploadsPerMinute < 1 || MaxPendingJobsPerUser < 1 || MaxFailedSignIns < 1 || LockoutMinutes < 1)
        {
            yield return "Serve: rate limits and lock-out settings must be positive";
        }
    }
}

/// <summary>Refuses to start with invalid <see cref="ServeOptions"/>, naming every problem.</summary>
public sealed class ServeOptionsValidator : Microsoft.Extensions.Options.IValidateOptions<ServeOptions>
{
    /// <inheritdoc />
    public Microsoft.Extensions.Options.ValidateOptionsResult Validate(string? name, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var problems = options.Problems().ToList();
        return problems.Count == 0 ? Microsoft.Extensions.Options.ValidateOptionsResult.Success : Microsoft.Extensions.Options.ValidateOptionsResult.Fail(problems);
    }
}
