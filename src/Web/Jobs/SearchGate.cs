namespace SimilarityEngine.Web.Jobs;

/// <summary>At most two archive searches per core run at once; the others wait without holding a thread.</summary>
/// <remarks>PERF: benchmarks/README.md "The reviewer's wait" — with the index kept open, each thread that reads stored
/// reports keeps Lucene's per-segment reader buffers for as long as the reader lives; 200 concurrent searches at a
/// million reports grew the server from 1.6 to 5.3 GB. Waiting asynchronously keeps the threads that read few.</remarks>
public sealed class SearchGate : IDisposable
{
    private readonly SemaphoreSlim _gate = new(Math.Max(2, 2 * Environment.ProcessorCount));

    /// <summary>Runs <paramref name="search"/> when a place is free.</summary>
    public async Task<T> Run<T>(Func<T> search, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(search);
        await _gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return search();
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose() => _gate.Dispose();
}
