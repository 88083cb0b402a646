namespace SimilarityEngine.Web.Jobs;

/// <summary>At most two archive searches per core run at once; the others wait without holding a thread.</summary>
/// <remarks>PERF: benchmarks/README.md "The reviewer's wait" — 200 concurrent searches at a million reports, each loading
/// and decompressing its hits' texts for the snippets, all read at once: p50 7.7 s; through the gate 5.6–5.9 s. (The
/// server's resident memory after such a run, 5.4 GB, is almost all pages of the mapped index files, with or without the
/// gate: 136 MiB of heap.)</remarks>
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
