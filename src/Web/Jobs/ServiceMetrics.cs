using System.Globalization;
using System.Text;

namespace SimilarityEngine.Web.Jobs;

/// <summary>What <c>GET /metrics</c> reports in Prometheus' text format: jobs finished and failed by kind, and how long a
/// reviewer's check took (a histogram). Counted since the server started; the index and the queue are read per scrape.</summary>
public sealed class ServiceMetrics
{
    /// <summary>Upper bounds of the check-duration buckets, in seconds.</summary>
    public static readonly double[] CheckBuckets = [0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300];

    private readonly Lock _gate = new();
    private readonly long[] _checkBuckets = new long[CheckBuckets.Length];
    private long _checkCount;
    private double _checkSum;
    private readonly Dictionary<(string Kind, string Outcome), long> _jobs = [];
    private readonly DateTime _started = DateTime.UtcNow;
    private readonly Dictionary<string, long> _extractionFailures = new(StringComparer.Ordinal);
    private long _ocrPages;
    private long _heartbeat = DateTime.UtcNow.Ticks;

    /// <summary>A check's file could not be read (<see cref="Engine.SimEngine.ReasonKind"/>).</summary>
    public void ExtractionFailed(string kind)
    {
        lock (_gate)
        {
            _extractionFailures[kind] = _extractionFailures.GetValueOrDefault(kind) + 1;
        }
    }

    /// <summary>Pages read by OCR in a check.</summary>
    public void OcrPages(int pages) => Interlocked.Add(ref _ocrPages, pages);

    /// <summary>The job runner's loop went round (at least once a second while it is alive).</summary>
    public void Heartbeat() => Interlocked.Exchange(ref _heartbeat, DateTime.UtcNow.Ticks);

    /// <summary>Records a finished job; a check's duration goes into the histogram.</summary>
    public void JobFinished(string kind, bool failed, TimeSpan took)
    {
        lock (_gate)
        {
            var key = (kind, failed ? "failed" : "done");
            _jobs[key] = _jobs.GetValueOrDefault(key) + 1;
            if (kind == Data.WebStore.Check && !failed)
            {
                double s = took.TotalSeconds;
                _checkCount++;
                _checkSum += s;
                for (int i = 0; i < CheckBuckets.Length; i++)
                {
                    if (s <= CheckBuckets[i])
                    {
                        _checkBuckets[i]++;
                    }
                }
            }
        }
    }

    /// <summary>The exposition text, with the gauges read now (reports in the index or null when unreadable, jobs by status).</summary>
    public string Render(int? indexReports, IReadOnlyDictionary<string, int> jobsByStatus)
    {
        ArgumentNullException.ThrowIfNull(jobsByStatus);
        var sb = new StringBuilder();
        void Line(string s) => sb.Append(s).Append('\n');
        static string N(double v) => v.ToString("R", CultureInfo.InvariantCulture);
        Line("# HELP simeng_up 1 while the server runs; simeng_index_readable says whether the index can be read.");
        Line("# TYPE simeng_up gauge");
        Line("simeng_up 1");
        Line("# HELP simeng_uptime_seconds Seconds since the server started.");
        Line("# TYPE simeng_uptime_seconds gauge");
        Line($"simeng_uptime_seconds {N(Math.Round((DateTime.UtcNow - _started).TotalSeconds, 1))}");
        Line("# HELP simeng_index_readable 1 when the index can be read.");
        Line("# TYPE simeng_index_readable gauge");
        Line($"simeng_index_readable {(indexReports is null ? 0 : 1)}");
        Line("# HELP simeng_index_reports Reports in the index.");
        Line("# TYPE simeng_index_reports gauge");
        Line($"simeng_index_reports {indexReports ?? 0}");
        Line("# HELP simeng_jobs Jobs in the queue table by status.");
        Line("# TYPE simeng_jobs gauge");
        foreach (var status in new[] { Data.WebStore.Queued, Data.WebStore.Running, Data.WebStore.Done, Data.WebStore.Failed })
        {
            Line($"simeng_jobs{{status=\"{status}\"}} {jobsByStatus.GetValueOrDefault(status)}");
        }
        lock (_gate)
        {
            Line("# HELP simeng_jobs_finished_total Jobs finished since the server started, by kind and outcome.");
            Line("# TYPE simeng_jobs_finished_total counter");
            foreach (var ((kind, outcome), n) in _jobs.OrderBy(kv => kv.Key.Kind, StringComparer.Ordinal).ThenBy(kv => kv.Key.Outcome, StringComparer.Ordinal))
            {
                Line($"simeng_jobs_finished_total{{kind=\"{kind}\",outcome=\"{outcome}\"}} {n}");
            }
            Line("# HELP simeng_extraction_failures_total Checks whose file could not be read, by reason.");
            Line("# TYPE simeng_extraction_failures_total counter");
            foreach (var (kind, n) in _extractionFailures.OrderBy(kv => kv.Key, StringComparer.Ordinal))
            {
                Line($"simeng_extraction_failures_total{{reason=\"{kind}\"}} {n}");
            }
            Line("# HELP simeng_ocr_pages_total Pages read by OCR in checks since the server started.");
            Line("# TYPE simeng_ocr_pages_total counter");
            Line($"simeng_ocr_pages_total {Interlocked.Read(ref _ocrPages)}");
            Line("# HELP simeng_job_runner_heartbeat_age_seconds Seconds since the job runner last went round its loop (a stuck runner grows it).");
            Line("# TYPE simeng_job_runner_heartbeat_age_seconds gauge");
            Line($"simeng_job_runner_heartbeat_age_seconds {N(Math.Round((DateTime.UtcNow - new DateTime(Interlocked.Read(ref _heartbeat), DateTimeKind.Utc)).TotalSeconds, 1))}");
            Line("# HELP simeng_check_duration_seconds Time from a check's start to its report.");
            Line("# TYPE simeng_check_duration_seconds histogram");
            for (int i = 0; i < CheckBuckets.Length; i++)
            {
                Line($"simeng_check_duration_seconds_bucket{{le=\"{N(CheckBuckets[i])}\"}} {_checkBuckets[i]}");
            }
            Line($"simeng_check_duration_seconds_bucket{{le=\"+Inf\"}} {_checkCount}");
            Line($"simeng_check_duration_seconds_sum {N(Math.Round(_checkSum, 3))}");
            Line($"simeng_check_duration_seconds_count {_checkCount}");
        }
        return sb.ToString();
    }
}
