using System.Diagnostics;
using System.Globalization;
using System.Text;
using SimilarityEngine.Indexing;

using SimilarityEngine.Engine;

namespace SimilarityEngine.Macro;

/// <summary>One row of the macro benchmark.</summary>
public sealed record BenchRow(int Size, double IngestDocsPerS, double IngestMbPerS, double ScreenS, double CheckP50Ms, double CheckP95Ms,
    double PeakMb, double IndexRatio, double F1, double Precision, double Recall, int TruePairs,
    double? PeerS = null, double? PeerF1 = null, double? PeerTimeRatio = null, string? PeerNote = null);

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
    }

    private sealed record Paragraph(int Id, string Text, int Syllables);

    private sealed record SyntheticReport(string Id, int Year, List<Paragraph> Body);

    private const string Template = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSÁNG KIẾN KINH NGHIỆM\nPHẦN I. ĐẶT VẤN ĐỀ\n";
    private const string Closing = "PHẦN III. KẾT LUẬN, KIẾN NGHỊ\nTrên đây là sáng kiến kinh nghiệm của tôi, rất mong nhận được sự đóng góp ý kiến của các cấp lãnh đạo và bạn bè đồng nghiệp.\nTôi xin chân thành cảm ơn.\n";

    /// <summary>Generates <paramref name="size"/> reports into a folder of .txt files; returns the truth pairs.</summary>
    public (string Folder, HashSet<(string, string)> Truth, long Bytes) Generate(int size, int seed = 20261126)
    {
        var rng = new Random(seed);
        int nextPid = 0;
        Paragraph NewParagraph()
        {
            int n = rng.Next(120, 260);
            var sb = new StringBuilder();
            for (int i = 0; i < n; i++)
            {
                if (i > 0)
                {
                    sb.Append(i % 17 == 0 ? ". " : " ");
                }
                sb.Append(_vocabulary[rng.Next(_vocabulary.Length)]);
            }
            sb.Append('.');
            return new Paragraph(nextPid++, sb.ToString(), n);
        }
        string Edit(string text)
        {
            var words = text.Split(' ');
            for (int i = 0; i < words.Length; i++)
            {
                if (rng.NextDouble() < 0.05)
                {
                    words[i] = _vocabulary[rng.Next(_vocabulary.Length)];
                }
            }
            return string.Join(' ', words);
        }
        var reports = new List<SyntheticReport>(size);
        for (int i = 0; i < size; i++)
        {
            int year = 2020 + i * 5 / size;
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
                        body = src.Where((_, k) => k != 1).Select(p => p with { Text = Edit(p.Text) }).ToList();
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
        string folder = Path.Combine(_workDir, $"corpus-{size}");
        Directory.CreateDirectory(folder);
        long bytes = 0;
        var manifest = new StringBuilder("id,file,submitted,year,author,school,district,title\n");
        for (int i = 0; i < reports.Count; i++)
        {
            var r = reports[i];
            string text = Template + string.Join('\n', r.Body.Select(p => p.Text)) + "\n" + Closing;
            string file = r.Id + ".txt";
            File.WriteAllText(Path.Combine(folder, file), text, new UTF8Encoding(false));
            bytes += Encoding.UTF8.GetByteCount(text);
            var day = new DateOnly(r.Year - 1, 9, 1).AddDays(i % 300);
            manifest.Append(CultureInfo.InvariantCulture, $"{r.Id},{file},{day:yyyy-MM-dd},{r.Year},,,,\n");
        }
        File.WriteAllText(Path.Combine(folder, "manifest.csv"), manifest.ToString(), new UTF8Encoding(false));
        return (folder, Truth(reports), bytes);
    }

    private static HashSet<(string, string)> Truth(List<SyntheticReport> reports)
    {
        var byPid = new Dictionary<int, List<int>>();
        for (int i = 0; i < reports.Count; i++)
        {
            foreach (var p in reports[i].Body.DistinctBy(p => p.Id))
            {
                (byPid.TryGetValue(p.Id, out var l) ? l : byPid[p.Id] = []).Add(i);
            }
        }
        var truth = new HashSet<(string, string)>();
        for (int i = 0; i < reports.Count; i++)
        {
            var shared = new Dictionary<int, int>();
            foreach (var p in reports[i].Body.DistinctBy(p => p.Id))
            {
                foreach (int j in byPid[p.Id])
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

        sw.Restart();
        var screen = engine.Screen(new ScreenRequest(index), _progress);
        double screenS = sw.Elapsed.TotalSeconds;
        _log.WriteLine($"  {size}: screen {screenS:0.0} s, {screen.Flagged.Count} flagged");
        var flagged = screen.Flagged.Select(p => Key(p.Submission.Id, p.Source.Id)).ToHashSet();
        var (f1, precision, recall) = Score(flagged, truth);

        var rng = new Random(7);
        var times = new List<double>();
        engine.Check(new CheckRequest(index, inputs[0].File)); // warm up
        for (int i = 0; i < Math.Min(checks, inputs.Count); i++)
        {
            var input = inputs[rng.Next(inputs.Count)];
            sw.Restart();
            engine.Check(new CheckRequest(index, input.File));
            times.Add(sw.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        double p50 = times[times.Count / 2];
        double p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(times.Count * 0.95) - 1)];
        long indexBytes;
        using (var reader = ReportIndexReader.Open(index))
        {
            indexBytes = reader.SizeOnDisk();
        }
        double peakMb = Process.GetCurrentProcess().PeakWorkingSet64 / 1024.0 / 1024.0;
        var row = new BenchRow(size, size / ingestS, bytes / 1024.0 / 1024.0 / ingestS, screenS, p50, p95, peakMb,
            (double)indexBytes / bytes, f1, precision, recall, truth.Count);
        if (peer is not null)
        {
            row = RunPeer(row, peer, folder, inputs, truth);
        }
        return row;
    }

    private BenchRow RunPeer(BenchRow row, string peer, string folder, IReadOnlyList<ReportInput> inputs, HashSet<(string, string)> truth)
    {
        string? exe = Ingest.Extractors.ExternalTool.Find(peer);
        if (exe is null)
        {
            return row with { PeerNote = $"{peer} not found (Debian: apt-get install similarity-tester)" };
        }
        // same texts: sim_text reads the .txt files; -p percentages, -s not a file against itself, -t20 the recycled threshold
        string list = Path.Combine(_workDir, "peer-files.txt");
        File.WriteAllLines(list, inputs.Select(i => i.File));
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
            p.StandardInput.Write(string.Join('\n', inputs.Select(i => i.File)) + "\n");
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
        // ours on the same texts: ingest (.txt, so extraction is trivial) plus screen
        double ours = row.Size / row.IngestDocsPerS + row.ScreenS;
        return row with { PeerS = peerS, PeerF1 = f1, PeerTimeRatio = peerS / ours };
    }

    /// <summary>Prints the rows as a Markdown table.</summary>
    public static void Print(List<BenchRow> rows, TextWriter w)
    {
        w.WriteLine("| size | ingest docs/s | ingest MB/s | screen s | check p50 ms | check p95 ms | peak MB | index/text | F1 | P | R | true pairs | peer s | peer F1 | peer/ours time |");
        w.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in rows)
        {
            w.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Size} | {r.IngestDocsPerS:0.0} | {r.IngestMbPerS:0.00} | {r.ScreenS:0.0} | {r.CheckP50Ms:0} | {r.CheckP95Ms:0} | {r.PeakMb:0} | {r.IndexRatio:0.00} | {r.F1:0.000} | {r.Precision:0.000} | {r.Recall:0.000} | {r.TruePairs} | {r.PeerS?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"} | {r.PeerF1?.ToString("0.000", CultureInfo.InvariantCulture) ?? "-"} | {r.PeerTimeRatio?.ToString("0.0", CultureInfo.InvariantCulture) ?? "-"} |"));
            if (r.PeerNote is not null)
            {
                w.WriteLine($"  peer: {r.PeerNote}");
            }
        }
    }
}
