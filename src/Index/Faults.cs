using System.Diagnostics;

namespace SimilarityEngine.Indexing;

/// <summary>Named points where a test may kill the process, to prove that maintenance never leaves the index half-done
/// (<c>SIMENG_FAULT=repair:committed</c> kills at that point, <c>SIMENG_FAULT=repair:aside#3</c> at its third pass). Unset,
/// every point is a no-op.</summary>
internal static class Faults
{
    private static readonly string? s_plan = Environment.GetEnvironmentVariable("SIMENG_FAULT");
    private static int s_hits;

    /// <summary>Kills the process (as SIGKILL would: no finally block, no flush) when the plan names this point.</summary>
    public static void Point(string name)
    {
        if (s_plan is null)
        {
            return;
        }
        string point = s_plan;
        int nth = 1;
        int hash = s_plan.IndexOf('#', StringComparison.Ordinal);
        if (hash > 0 && int.TryParse(s_plan.AsSpan(hash + 1), System.Globalization.CultureInfo.InvariantCulture, out int n))
        {
            point = s_plan[..hash];
            nth = n;
        }
        if (point == name && Interlocked.Increment(ref s_hits) == nth)
        {
            Process.GetCurrentProcess().Kill();
            Thread.Sleep(Timeout.Infinite);
        }
    }
}
