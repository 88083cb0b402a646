using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Similarity.Corpus;

namespace SimilarityEngine.Tests;

/// <summary>Readers kept open between a server's requests: one per commit, a newer commit seen on the next request, the
/// old reader closed only when the last request reading it is done.</summary>
public sealed class ReaderPoolTests
{
    private static (string Index, DirectoryInfo Dir) SampleIndex() => ReviewEngineTests.SampleIndex();

    // 40 sentences of words drawn at random: a text of its own for each seed
    private static string NewText(DirectoryInfo dir, string name, int seed)
    {
        string[] words = ["học", "sinh", "giáo", "viên", "trường", "lớp", "bài", "đọc", "viết", "toán", "em", "cô", "trải", "nghiệm",
            "ngoài", "trời", "nhóm", "thảo", "luận", "kết", "quả", "phương", "pháp", "dạy", "tiết", "hoạt", "động", "sáng", "tạo"];
        var rng = new Random(seed);
        string txt = Path.Combine(dir.FullName, name);
        File.WriteAllText(txt, "Hoạt động trải nghiệm ngoài trời\n" + string.Join('\n', Enumerable.Range(0, 40).Select(i =>
            string.Join(' ', Enumerable.Range(0, 14).Select(_ => words[rng.Next(words.Length)])) + ".")));
        return txt;
    }

    [Fact]
    public void Acquire_SameCommit_OneReader_ANewerCommit_ANewReader_TheOldClosedWhenItsLastLeaseReturns()
    {
        var (index, dir) = SampleIndex();
        try
        {
            using var pool = new ReaderPool();
            var first = pool.Acquire(index);
            using (var again = pool.Acquire(index))
            {
                Assert.Same(first.Reader, again.Reader);
            }
            Assert.Equal(1, pool.Opened);
            int before = first.Reader.Count;

            // a commit lands while a request still reads the old commit
            var engine = new SimEngine();
            var check = engine.Check(new CheckRequest(index, NewText(dir, "a.txt", 3)));
            engine.Archive(index, check.Submission with { Id = "web/a" });
            using (var next = pool.Acquire(index))
            {
                Assert.NotSame(first.Reader, next.Reader);
                Assert.Equal(before + 1, next.Reader.Count);
                Assert.NotNull(next.Reader.Find("web/a"));
            }
            Assert.Equal(2, pool.Opened);
            // the old request goes on reading its commit
            Assert.Equal(before, first.Reader.Count);
            Assert.Null(first.Reader.Find("web/a"));
            var old = first.Reader;
            first.Dispose();
            Assert.ThrowsAny<ObjectDisposedException>(() => old.Find("r1"));
            // returning a lease twice does nothing more
            first.Dispose();
            using var current = pool.Acquire(index);
            Assert.NotNull(current.Reader.Find("r1"));
            Assert.Equal(2, pool.Opened);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Engine_WithAPool_ChecksSeeEachArchivedReport_AndReadTheIndexOncePerCommit()
    {
        var (index, dir) = SampleIndex();
        try
        {
            using var archive = new ArchiveHost();
            var engine = new SimEngine(archive: archive);
            string a = NewText(dir, "a.txt", 5);
            var first = engine.Check(new CheckRequest(index, a));
            Assert.Empty(first.Sources);
            // searched before the report is archived: the answer kept for that commit must not hide it afterwards
            Assert.DoesNotContain(engine.Search(index, new ArchiveQuery(Text: "trai nghiem ngoai troi")), h => h.Id == "web/a");
            engine.Check(new CheckRequest(index, a));
            Assert.Equal(1, archive.ReadersOpened);
            engine.Archive(index, first.Submission with { Id = "web/a", Submitted = "2024-01-10" });
            // the same text submitted later: the archived copy is its source, found through the reopened reader
            string b = Path.Combine(dir.FullName, "b.txt");
            File.Copy(a, b);
            File.AppendAllText(b, "\nMột đoạn thêm vào cuối bài để văn bản khác đi đôi chút.");
            var second = engine.Check(new CheckRequest(index, b) { Metadata = new Dictionary<string, string> { ["submitted"] = "2025-01-10" } });
            Assert.Contains(second.Sources, p => p.Source.Id == "web/a");
            Assert.Equal(2, archive.ReadersOpened);
            Assert.Single(engine.Search(index, new ArchiveQuery(Text: "trai nghiem ngoai troi")), h => h.Id == "web/a");
            Assert.Equal(2, archive.ReadersOpened);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public async Task Acquire_ManyRequestsWhileCommitsLand_EveryRequestReadsAWholeCommit()
    {
        var (index, dir) = SampleIndex();
        try
        {
            using var pool = new ReaderPool();
            var engine = new SimEngine();
            int start;
            using (var l = pool.Acquire(index))
            {
                start = l.Reader.Count;
            }
            using var stop = new CancellationTokenSource();
            var errors = new System.Collections.Concurrent.ConcurrentBag<Exception>();
            var counts = new System.Collections.Concurrent.ConcurrentBag<int>();
            // threads of their own: a loaded thread pool must not leave them unstarted
            var readers = Enumerable.Range(0, 4).Select(_ => Task.Factory.StartNew(() =>
            {
                while (!stop.IsCancellationRequested)
                {
                    try
                    {
                        using var lease = pool.Acquire(index);
                        // the whole commit: its count and every report of it readable
                        int n = lease.Reader.Count;
                        Assert.Equal(n, lease.Reader.Ids().Count);
                        Assert.NotNull(lease.Reader.Find("r1"));
                        counts.Add(n);
                    }
                    catch (Exception ex)
                    {
                        errors.Add(ex);
                    }
                }
            }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default)).ToList();
            Assert.True(SpinWait.SpinUntil(() => counts.Count >= 4, TimeSpan.FromSeconds(60)), "the readers did not start");
            for (int i = 0; i < 4; i++)
            {
                var check = engine.Check(new CheckRequest(index, NewText(dir, $"n{i}.txt", 11 + i)));
                engine.Archive(index, check.Submission with { Id = $"web/n{i}" });
            }
            // the readers see the last commit before they stop
            using (var last = pool.Acquire(index))
            {
                Assert.Equal(start + 4, last.Reader.Count);
            }
            Assert.True(SpinWait.SpinUntil(() => counts.Contains(start + 4), TimeSpan.FromSeconds(60)), "no reader saw the last commit");
            await stop.CancelAsync();
            await Task.WhenAll(readers);
            Assert.Empty(errors);
            Assert.All(counts, n => Assert.InRange(n, start, start + 4));
            // a reader per commit, and at most one more per request that raced to open the same commit (5 at once)
            Assert.InRange(pool.Opened, 2, 1 + (4 * 5));
            Assert.True(counts.Count > pool.Opened, $"{counts.Count} requests, {pool.Opened} readers opened");
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

/// <summary>Archive searches of the web application wait for a place: at most two per core read the index at once.</summary>
public sealed class SearchGateTests
{
    [Fact]
    public async Task Run_MoreSearchesThanPlaces_TheRestWait_AndAllFinish()
    {
        using var gate = new SimilarityEngine.Web.Jobs.SearchGate();
        int places = Math.Max(2, 2 * Environment.ProcessorCount);
        int inside = 0, most = 0;
        using var release = new ManualResetEventSlim();
        // each request on a thread of its own, as the server's requests are
        var runs = Enumerable.Range(0, places + 5).Select(i => Task.Factory.StartNew(() => gate.Run(() =>
        {
            int now = Interlocked.Increment(ref inside);
            InterlockedMax(ref most, now);
            release.Wait(TimeSpan.FromSeconds(60));
            Interlocked.Decrement(ref inside);
            return i;
        }, CancellationToken.None), CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default).Unwrap()).ToList();
        Assert.True(SpinWait.SpinUntil(() => Volatile.Read(ref inside) == places, TimeSpan.FromSeconds(60)), $"{inside} searches inside");
        // the others are waiting, not inside (whatever the scheduling, never more than the places)
        Thread.Sleep(200);
        Assert.Equal(places, Volatile.Read(ref inside));
        release.Set();
        var done = await Task.WhenAll(runs);
        Assert.Equal(Enumerable.Range(0, places + 5), done.Order());
        Assert.Equal(places, most);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        while (value > (seen = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, seen) != seen)
        {
        }
    }
}
