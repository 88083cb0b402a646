using System.Diagnostics;
using System.Globalization;
using System.Text;
using SimilarityEngine.Indexing;

using SimilarityEngine.Engine;

namespace SimilarityEngine.Macro;

/// <summary>One row of the macro benchmark.</summary>
/// <remarks>A yearly row (<see cref="NewReports"/> &gt; 0): an archive of <see cref="Size"/> reports already ingested, then a
/// new year of <see cref="NewReports"/> ingested and screened against it; ingest, screen, F1 and the peer are the new year's
/// (the peer given the same new-vs-old split); checks are not run.</remarks>
public sealed record BenchRow(int Size, double IngestDocsPerS, double IngestMbPerS, double ScreenS, double CheckP50Ms, double CheckP95Ms,
    double PeakMb, double IndexRatio, double F1, double Precision, double Recall, int TruePairs,
    double? PeerS = null, double? PeerF1 = null, double? PeerTimeRatio = null, string? PeerNote = null)
{
    /// <summary>Largest working set sampled while screening (after a full collection that returns ingest's memory). It
    /// includes the index files' pages mapped while reading them (file-backed, reclaimable, shared with the OS cache).</summary>
    public double ScreenPeakMb { get; init; }

    /// <summary>Largest anonymous memory (Linux <c>RssAnon</c>: the heap and native allocations, not mapped files) sampled
    /// while screening: what screening itself holds.</summary>
    public double ScreenPeakAnonMb { get; init; }

    /// <summary>Check p50 with the index kept open between checks (<see cref="ReaderPool"/>, as <c>simeng serve</c> does);
    /// <see cref="CheckP50Ms"/> opens it for each check, as the CLI does.</summary>
    public double ServeCheckP50Ms { get; init; }

    /// <summary>Check p95 with the index kept open between checks.</summary>
    public double ServeCheckP95Ms { get; init; }

    /// <summary>Yearly scenario: reports of the new year (0 for the whole-corpus scenario).</summary>
    public int NewReports { get; init; }

    /// <summary>Yearly scenario: seconds to ingest the archive before the new year (not part of the year's time).</summary>
    public double ArchiveIngestS { get; init; }
}

/// <summary>The macro benchmark: synthetic corpora with planted copies, ingest → screen → check, optionally the peer sim_text.</summary>
/// <remarks>Reports are generated deterministically: a fixed SKKN template, then a body of paragraphs whose syllables are drawn
/// from the vocabulary of corpus-samples (seeded), so that unrelated reports share nothing but the template. One report in
/// ten copies an earlier one (resubmission, light edit, reorder, or partial copy); truth is paragraph provenance: a pair is a
/// copy when shared paragraphs make up at least 20 % of either body.</remarks>
public sealed class MacroBenchmark
{
    private readonly string _workDir;
    private readonly string[] _vocabulary;
    private readonly IProgressSink? _progress;
    private readonly TextWriter _log;

    /// <summary>Creates the benchmark; <paramref name="sampleText"/> supplies the vocabulary.</summary>
    public MacroBenchmark(string workDir, string sampleText, TextWriter log, IProgressSink? progress = null)
    {
        _workDir = workDir;
        _log = log;
        _progress = progress;
        _vocabulary = sampleText.Split([' ', '\n', '\t', ',', '.', ':', ';', '(', ')', '"', '-', '!', '?'], StringSplitOptions.RemoveEmptyEntries)
            .Where(w => w.All(char.IsLetter)).ToArray();
        if (_vocabulary.Length < 100)
        {
            throw new ArgumentException("the sample text is too small to draw a vocabulary from", nameof(sampleText));
        }
        if (_vocabulary.Length >= Stop)
        {
            _vocabulary = _vocabulary[..(Stop - 1)];
        }
    }

    // a paragraph's words as vocabulary indices, the top bit set on a word followed by a full stop: 2 bytes a word instead of
    // a string's 10 or so, so that a million reports are generated in about 5 GB (they took 17 GB as strings)
    private sealed record Paragraph(int Id, ushort[] Words, int Syllables);

    private const ushort Stop = 0x8000;

    private string Text(Paragraph p)
    {
        var sb = new StringBuilder(p.Words.Length * 8);
        foreach (ushort w in p.Words)
        {
            if (sb.Length > 0)
            {
                sb.Append(' ');
            }
            sb.Append(_vocabulary[w & ~Stop]);
            if ((w & Stop) != 0)
            {
                sb.Append('.');
            }
        }
        return sb.ToString();
    }

    private sealed record SyntheticReport(string Id, int Year, List<Paragraph> Body);

    /// <summary>The school year of the new reports in the yearly scenario.</summary>
    public const int NewYear = 2025;

    private const string Template = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSÁNG KIẾN KINH NGHIỆM\nPHẦN I. ĐẶT VẤN ĐỀ\n";
    private const string Closing = "PHẦN III. KẾT LUẬN, KIẾN NGHỊ\nTrên đây là sáng kiến kinh nghiệm của tôi, rất mong nhận được sự đóng góp ý kiến của các cấp lãnh đạo và bạn bè đồng nghiệp.\nTôi xin chân thành cảm ơn.\n";

    /// <summary>Generates <paramref name="size"/> reports into a folder of .txt files; returns the truth pairs.</summary>
    /// <param name="size">Number of reports.</param>
    /// <param name="seed">Random seed.</param>
    /// <param name="newYearFrom">Reports from this index on form a new school year (2025) after the archive's five.</param>
    public (string Folder, HashSet<(string, string)> Truth, long Bytes) Generate(int size, int seed = 20261126, int? newYearFrom = null)
    {
        var rng = new Random(seed);
        int nextPid = 0;
        // the same words, full stops and random draws as when paragraphs were kept as strings: the corpus is unchanged
        Paragraph NewParagraph()
        {
            int n = rng.Next(120, 260);
            var words = new ushort[n];
            for (int i = 0; i < n; i++)
            {
                words[i] = (ushort)rng.Next(_vocabulary.Length);
                if (i == n - 1 || (i + 1) % 17 == 0)
                {
                    words[i] |= Stop;
                }
            }
            return new Paragraph(nextPid++, words, n);
        }
        ushort[] Edit(ushort[] text)
        {
            var words = (ushort[])text.Clone();
            for (int i = 0; i < words.Length; i++)
            {
                if (rng.NextDouble() < 0.05)
                {
                    words[i] = (ushort)rng.Next(_vocabulary.Length);
                }
            }
            return words;
        }
        var reports = new List<SyntheticReport>(size);
        for (int i = 0; i < size; i++)
        {
            int year = newYearFrom is int from ? (i >= from ? NewYear : 2020 + i * 5 / from) : 2020 + i * 5 / size;
            List<Paragraph> body;
            if (i >= 10 && rng.NextDouble() < 0.1)
            {
                var src = reports[rng.Next(i)].Body;
                switch (rng.Next(4))
                {
                    case 0:
                        body = [.. src];
                        break;
                    case 1:
                        body = src.Where((_, k) => k != 1).Select(p => p with { Words = Edit(p.Words) }).ToList();
                        break;
                    case 2:
                        body = src.OrderBy(_ => rng.Next()).ToList();
                        break;
                    default:
                        body = src.Take(src.Count / 2).Concat(Enumerable.Range(0, src.Count / 2).Select(_ => NewParagraph())).ToList();
                        break;
                }
            }
            else
            {
                body = Enumerable.Range(0, rng.Next(8, 14)).Select(_ => NewParagraph()).ToList();
            }
            reports.Add(new SyntheticReport($"b{i:D5}", year, body));
        }
        string folder = Path.Combine(_workDir, newYearFrom is null ? $"corpus-{size}" : $"corpus-yearly-{size}");
        Directory.CreateDirectory(folder);
        long bytes = 0;
        var manifest = new StringBuilder("id,file,submitted,year,author,school,district,title\n");
        for (int i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            string text = Template + string.Join('\n', r.Body.Select(Text)) + "\n" + Closing;
            string file = r.Id + ".txt";
            File.WriteAllText(Path.Combine(folder, file), text, new UTF8Encoding(false));
            bytes += Encoding.UTF8.GetByteCount(text);
            var day = new DateOnly(r.Year - 1, 9, 1).AddDays(i % 300);
            manifest.Append(CultureInfo.InvariantCulture, $"{r.Id},{file},{day:yyyy-MM-dd},{r.Year},,,,\n");
        }
        File.WriteAllText(Path.Combine(folder, "manifest.csv"), manifest.ToString(), new UTF8Encoding(false));
        var truth = Truth(reports);
        // the planted pairs beside the corpus, for a look at what a run missed or added (bench --out keeps them)
        File.WriteAllLines(Path.Combine(folder, "truth.csv"),
            ["a_id,b_id", .. truth.Order().Select(t => $"{t.Item1},{t.Item2}")], new UTF8Encoding(false));
        return (folder, truth, bytes);
    }

    private static HashSet<(string, string)> Truth(List<SyntheticReport> reports)
    {
        // the first report holding each paragraph, and the others for the few held by several (a dictionary of lists for
        // every paragraph took a gigabyte at a million reports)
        int pids = reports.Count == 0 ? 0 : reports.Max(r => r.Body.Count == 0 ? 0 : r.Body.Max(p => p.Id)) + 1;
        var first = new int[pids];
        Array.Fill(first, -1);
        var more = new Dictionary<int, List<int>>();
        for (int i = 0; i < reports.Count; i++)
        {
            foreach (var p in reports[i].Body.DistinctBy(p => p.Id))
            {
                if (first[p.Id] < 0)
                {
                    first[p.Id] = i;
                }
                else
                {
                    (more.TryGetValue(p.Id, out var l) ? l : more[p.Id] = []).Add(i);
                }
            }
        }
        IEnumerable<int> Holders(int pid) => more.TryGetValue(pid, out var l) ? l.Prepend(first[pid]) : [first[pid]];
        var truth = new HashSet<(string, string)>();
        for (int i = 0; i < reports.Count; i++)
        {
            var shared = new Dictionary<int, int>();
            foreach (var p in reports[i].Body.DistinctBy(p => p.Id))
            {
                foreach (int j in Holders(p.Id))
                {
                    if (j != i)
                    {
                        shared[j] = shared.GetValueOrDefault(j) + p.Syllables;
                    }
                }
            }
            int total = reports[i].Body.Sum(p => p.Syllables);
            foreach (var (j, s) in shared)
            {
                int totalJ = reports[j].Body.Sum(p => p.Syllables);
                if (s >= 0.2 * total || s >= 0.2 * totalJ)
                {
                    truth.Add(Key(reports[i].Id, reports[j].Id));
                }
            }
        }
        return truth;
    }

    private static (string, string) Key(string a, string b) => string.CompareOrdinal(a, b) < 0 ? (a, b) : (b, a);

    private static (double F1, double P, double R) Score(HashSet<(string, string)> flagged, HashSet<(string, string)> truth)
    {
        int tp = flagged.Count(truth.Contains);
        double p = flagged.Count == 0 ? 0 : (double)tp / flagged.Count;
        double r = truth.Count == 0 ? 1 : (double)tp / truth.Count;
        return (p + r == 0 ? 0 : 2 * p * r / (p + r), p, r);
    }

    /// <summary>Runs one size: generate, ingest, screen, check, and the peer.</summary>
    public BenchRow Run(int size, string? peer, int checks = 60)
    {
        var (folder, truth, bytes) = Generate(size);
        string index = Path.Combine(_workDir, $"index-{size}");
        if (Directory.Exists(index))
        {
            Directory.Delete(index, true);
        }
        var engine = new SimEngine(EngineOptions.Default);
        var inputs = Manifest.Read(Path.Combine(folder, "manifest.csv"));
        var sw = Stopwatch.StartNew();
        engine.Ingest(new IngestRequest(index, inputs), _progress);
        double ingestS = sw.Elapsed.TotalSeconds;
        _log.WriteLine($"  {size}: ingest {ingestS:0.0} s");

        ScreenResult screen;
        double screenPeak;
        double screenAnon;
        using (var sampler = new PeakSampler())
        {
            sw.Restart();
            screen = engine.Screen(new ScreenRequest(index), _progress);
            screenPeak = sampler.PeakMb;
            screenAnon = sampler.PeakAnonMb;
        }
        double screenS = sw.Elapsed.TotalSeconds;
        _log.WriteLine($"  {size}: screen {screenS:0.0} s, {screen.Flagged.Count} flagged");
        var flagged = screen.Flagged.Select(p => Key(p.Submission.Id, p.Source.Id)).ToHashSet();
        var (f1, precision, recall) = Score(flagged, truth);

        // the same random reports checked twice: opening the index for each check (the CLI), then with the index kept
        // open between checks (a server)
        var rng = new Random(7);
        var picked = Enumerable.Range(0, Math.Min(checks, inputs.Count)).Select(_ => inputs[rng.Next(inputs.Count)]).ToList();
        (double P50, double P95) Checks(SimEngine checker)
        {
            var times = new List<double>();
            checker.Check(new CheckRequest(index, inputs[0].File)); // warm up
            foreach (var input in picked)
            {
                sw.Restart();
                checker.Check(new CheckRequest(index, input.File));
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            return (times[times.Count / 2], times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)]);
        }
        var (p50, p95) = Checks(engine);
        (double P50, double P95) served;
        using (var archive = new ArchiveHost())
        {
            served = Checks(new SimEngine(EngineOptions.Default, archive: archive));
        }
        long indexBytes;
        using (var reader = ReportIndexReader.Open(index))
        {
            indexBytes = reader.SizeOnDisk();
        }
        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
        var row = new BenchRow(size, size / ingestS, bytes / 1024.0 / 1024.0 / ingestS, screenS, p50, p95, peakMb,
            (double)indexBytes / bytes, f1, precision, recall, truth.Count)
        { ScreenPeakMb = screenPeak, ScreenPeakAnonMb = screenAnon, ServeCheckP50Ms = served.P50, ServeCheckP95Ms = served.P95 };
        if (peer is not null)
        {
            row = RunPeer(row, peer, inputs.Select(i => i.File).ToList(), truth);
        }
        return row;
    }

    /// <summary>Runs the yearly scenario: an archive of <paramref name="size"/> reports is ingested, then a new year of a
    /// tenth as many is ingested and screened against it (<c>screen --year</c>); the peer gets the same split (new files
    /// / old files).</summary>
    public BenchRow RunYearly(int size, string? peer)
    {
        int fresh = Math.Max(1, size / 10);
        var (folder, allTruth, _) = Generate(size + fresh, newYearFrom: size);
        string index = Path.Combine(_workDir, $"index-yearly-{size}");
        if (Directory.Exists(index))
        {
            Directory.Delete(index, true);
        }
        var engine = new SimEngine(EngineOptions.Default);
        var inputs = Manifest.Read(Path.Combine(folder, "manifest.csv"));
        var archive = inputs.Take(size).ToList();
        var year = inputs.Skip(size).ToList();
        var newIds = year.Select(i => i.Id).ToHashSet(StringComparer.Ordinal);
        // only pairs with a report of the new year are the year's business
        var truth = allTruth.Where(t => newIds.Contains(t.Item1) || newIds.Contains(t.Item2)).ToHashSet();
        var sw = Stopwatch.StartNew();
        engine.Ingest(new IngestRequest(index, archive), _progress);
        double archiveS = sw.Elapsed.TotalSeconds;
        _log.WriteLine($"  yearly {size}: archive ingest {archiveS:0.0} s");
        long yearBytes = year.Sum(i => new FileInfo(i.File).Length);
        double ingestS;
        double screenS;
        double peak;
        double peakAnon;
        ScreenResult screen;
        using (var sampler = new PeakSampler())
        {
            sw.Restart();
            engine.Ingest(new IngestRequest(index, year), _progress);
            ingestS = sw.Elapsed.TotalSeconds;
            sw.Restart();
            screen = engine.Screen(new ScreenRequest(index, NewYear), _progress);
            screenS = sw.Elapsed.TotalSeconds;
            peak = sampler.PeakMb;
            peakAnon = sampler.PeakAnonMb;
        }
        _log.WriteLine($"  yearly {size}: new year of {year.Count}: ingest {ingestS:0.0} s, screen {screenS:0.0} s, {screen.Flagged.Count} flagged");
        var flagged = screen.Flagged.Select(p => Key(p.Submission.Id, p.Source.Id)).ToHashSet();
        var (f1, precision, recall) = Score(flagged, truth);
        long indexBytes;
        using (var reader = ReportIndexReader.Open(index))
        {
            indexBytes = reader.SizeOnDisk();
        }
        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
        long allBytes = inputs.Sum(i => new FileInfo(i.File).Length);
        var row = new BenchRow(size, year.Count / ingestS, yearBytes / 1024.0 / 1024.0 / ingestS, screenS, 0, 0, peakMb,
            (double)indexBytes / allBytes, f1, precision, recall, truth.Count)
        { ScreenPeakMb = peak, ScreenPeakAnonMb = peakAnon, NewReports = year.Count, ArchiveIngestS = archiveS };
        if (peer is not null)
        {
            // sim_text: new files / old files (old files are never compared with each other)
            row = RunPeer(row, peer, [.. year.Select(i => i.File), "/", .. archive.Select(i => i.File)], truth);
        }
        return row;
    }

    /// <summary>Samples the process's working set every 50 ms and keeps the largest; a full, compacting collection first
    /// returns what earlier stages left behind.</summary>
    private sealed class PeakSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;
        private long _peakAnon;

        public PeakSampler()
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
            Sample();
            _timer = new Timer(_ => Sample(), null, 50, 50);
        }

        public double PeakMb
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak) / 1024.0 / 1024.0;
            }
        }

        public double PeakAnonMb
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peakAnon) / 1024.0 / 1024.0;
            }
        }

        private void Sample()
        {
            using var p = Process.GetCurrentProcess();
            Raise(ref _peak, p.WorkingSet64);
            Raise(ref _peakAnon, RssAnon() ?? p.PrivateMemorySize64);
        }

        private static void Raise(ref long peak, long value)
        {
            long seen;
            while (value > (seen = Interlocked.Read(ref peak)) && Interlocked.CompareExchange(ref peak, value, seen) != seen)
            {
            }
        }

        // Linux: the resident anonymous memory of this process, in bytes; null elsewhere
        private static long? RssAnon()
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("RssAnon:", StringComparison.Ordinal))
                    {
                        return long.Parse(line[8..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
                    }
                }
            }
            catch (IOException)
            {
            }
            return null;
        }

        public void Dispose() => _timer.Dispose();
    }

    private BenchRow RunPeer(BenchRow row, string peer, IReadOnlyList<string> files, HashSet<(string, string)> truth)
    {
        string? exe = Ingest.Extractors.ExternalTool.Find(peer);
        if (exe is null)
        {
            return row with { PeerNote = $"{peer} not found (Debian: apt-get install similarity-tester)" };
        }
        // same texts: sim_text reads the .txt files; -p percentages, -s not a file against itself, -t20 the recycled threshold
        string output = Path.Combine(_workDir, "peer-out.txt");
        var sw = Stopwatch.StartNew();
        try
        {
            var psi = new ProcessStartInfo(exe) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var a in new[] { "-p", "-s", "-T", "-t20", "-r8", "-i", "-o" + output })
            {
                psi.ArgumentList.Add(a);
            }
            using var p = Process.Start(psi)!;
            p.StandardInput.Write(string.Join('\n', files) + "\n");
            p.StandardInput.Close();
            _ = p.StandardOutput.ReadToEndAsync();
            _ = p.StandardError.ReadToEndAsync();
            if (!p.WaitForExit(TimeSpan.FromMinutes(20)))
            {
                p.Kill(true);
                return row with { PeerNote = $"{peer} did not finish within 20 minutes" };
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            return row with { PeerNote = $"{peer} could not run: {ex.Message}" };
        }
        double peerS = sw.Elapsed.TotalSeconds;
        var flagged = new HashSet<(string, string)>();
        foreach (var line in File.ReadLines(output))
        {
            // "a.txt consists for 97 % of b.txt material"
            int c = line.IndexOf(" consists for ", StringComparison.Ordinal);
            int o = line.IndexOf(" % of ", StringComparison.Ordinal);
            int m = line.LastIndexOf(" material", StringComparison.Ordinal);
            if (c < 0 || o < 0 || m < 0)
            {
                continue;
            }
            string a = Path.GetFileNameWithoutExtension(line[..c]);
            string b = Path.GetFileNameWithoutExtension(line[(o + 6)..m]);
            if (int.TryParse(line[(c + 14)..o], out int pct) && pct >= 20 && a != b)
            {
                flagged.Add(Key(a, b));
            }
        }
        var (f1, _, _) = Score(flagged, truth);
        // ours on the same texts: ingest (.txt, so extraction is trivial) plus screen (of the new year in the yearly scenario)
        double ours = (row.NewReports > 0 ? row.NewReports : row.Size) / row.IngestDocsPerS + row.ScreenS;
        return row with { PeerS = peerS, PeerF1 = f1, PeerTimeRatio = peerS / ours };
    }

    /// <summary>Prints the rows as Markdown tables: the whole-corpus scenario, then the yearly one.</summary>
    public static void Print(List<BenchRow> rows, TextWriter w)
    {
        static string Opt(double? v, string format) => v?.ToString(format, CultureInfo.InvariantCulture) ?? "-";
        static string Common(BenchRow r) => string.Create(CultureInfo.InvariantCulture,
            $"{r.PeakMb:0} | {r.ScreenPeakMb:0} | {r.ScreenPeakAnonMb:0} | ");
        static string Scores(BenchRow r) => string.Create(CultureInfo.InvariantCulture,
            $"{r.F1:0.000} | {r.Precision:0.000} | {r.Recall:0.000} | {r.TruePairs} | {Opt(r.PeerS, "0.0")} | {Opt(r.PeerF1, "0.000")} | {Opt(r.PeerTimeRatio, "0.0")} |");
        void Table(List<BenchRow> selected, string head, Func<BenchRow, string> cells)
        {
            if (selected.Count == 0)
            {
                return;
            }
            w.WriteLine(head + " peak MB | screen peak MB | screen anon MB | F1 | P | R | true pairs | peer s | peer F1 | peer/ours time |");
            w.WriteLine(string.Concat(Enumerable.Repeat("|---:", head.Count(c => c == '|') + 9)) + "|");
            foreach (var r in selected)
            {
                w.WriteLine(cells(r) + Common(r) + Scores(r));
                if (r.PeerNote is not null)
                {
                    w.WriteLine($"  peer: {r.PeerNote}");
                }
            }
            w.WriteLine();
        }
        Table(rows.Where(r => r.NewReports == 0).ToList(),
            "| size | ingest docs/s | ingest MB/s | screen s | check p50 ms | check p95 ms | kept open: check p50 ms | p95 ms | index/text |",
            r => string.Create(CultureInfo.InvariantCulture,
                $"| {r.Size} | {r.IngestDocsPerS:0.0} | {r.IngestMbPerS:0.00} | {r.ScreenS:0.0} | {r.CheckP50Ms:0} | {r.CheckP95Ms:0} | {r.ServeCheckP50Ms:0} | {r.ServeCheckP95Ms:0} | {r.IndexRatio:0.00} | "));
        Table(rows.Where(r => r.NewReports > 0).ToList(),
            "| archive | new year | archive ingest s | year ingest docs/s | year screen s | year total s |",
            r => string.Create(CultureInfo.InvariantCulture,
                $"| {r.Size} | {r.NewReports} | {r.ArchiveIngestS:0.0} | {r.IngestDocsPerS:0.0} | {r.ScreenS:0.0} | {r.NewReports / r.IngestDocsPerS + r.ScreenS:0.0} | "));
    }
}
