using Lucene.Net.Codecs;
using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace SimilarityEngine.Indexing;

/// <summary>What <see cref="IndexMaintenance.Check"/> found.</summary>
/// <param name="Clean">Every segment opened and every file passed its checksum.</param>
/// <param name="Segments">Segments in the last commit.</param>
/// <param name="BrokenSegments">Names of the segments that failed.</param>
/// <param name="Reports">Reports in the last commit (including those in broken segments).</param>
/// <param name="ReportsInBrokenSegments">Reports that a repair would drop.</param>
/// <param name="Problem">What is wrong, when it is not clean.</param>
public sealed record IndexCheckResult(bool Clean, int Segments, IReadOnlyList<string> BrokenSegments, int Reports, int ReportsInBrokenSegments, string? Problem)
{
    /// <summary>Fingerprint postings files (in <c>postings/</c>) that fail their checksum. They are derived data: a repair
    /// deletes them and writes them again from the stored fields.</summary>
    public IReadOnlyList<string> BrokenPostings { get; init; } = [];
}

/// <summary>What <see cref="IndexMaintenance.Repair"/> did.</summary>
/// <param name="Dropped">Reports dropped with their segments.</param>
/// <param name="LostIds">Ids of the dropped reports that could still be read (to ingest again).</param>
/// <param name="Remaining">Reports left.</param>
public sealed record IndexRepairResult(int Dropped, IReadOnlyList<string> LostIds, int Remaining)
{
    /// <summary>Postings files that failed their checksum and were written again from the stored fields.</summary>
    public IReadOnlyList<string> RebuiltPostings { get; init; } = [];

    /// <summary>The segments dropped (their files are in the before-repair folder).</summary>
    public IReadOnlyList<string> DroppedSegments { get; init; } = [];

    /// <summary>Older copies of reports stored twice under one id, dropped.</summary>
    public int DuplicatesDropped { get; init; }

    /// <summary>True when no commit point could be read and a new one was made from the segments' own files.</summary>
    public bool CommitRebuilt { get; init; }

    /// <summary>True when nothing had to change (every segment whole, no duplicate, no postings file rewritten).</summary>
    public bool WasClean => Dropped == 0 && RebuiltPostings.Count == 0 && !CommitRebuilt && DroppedSegments.Count == 0;
}

/// <summary>Index health and safety: check (checksums of every file), repair (drop broken segments), hot backup.</summary>
public static class IndexMaintenance
{
    /// <summary>True when the folder holds index files (segments, postings) but no commit point that reads: the archive is
    /// damaged, not absent; <see cref="Repair"/> rebuilds it from every readable segment.</summary>
    public static bool HasFilesButNoCommit(string path) => IndexHealth.IsDamagedWithoutCommit(path);

    /// <summary>Runs Lucene's CheckIndex on the last commit: opens every segment and verifies every file's checksum.</summary>
    /// <exception cref="FileNotFoundException">There is no index there.</exception>
    public static IndexCheckResult Check(string path, TextWriter? log = null)
    {
        if (!System.IO.Directory.Exists(path))
        {
            throw new FileNotFoundException($"no index at {path}");
        }
        using var dir = CommittedView.OpenLastComplete(path);
        if (!DirectoryReader.IndexExists(dir))
        {
            var files = System.IO.Directory.EnumerateFiles(path, "_*").Count();
            if (files == 0)
            {
                throw new FileNotFoundException($"no index at {path}");
            }
            return new IndexCheckResult(false, 0, [], 0, 0,
                $"no readable segments_N commit point, {files} segment file(s) without one: 'simeng index repair' makes a new commit point from every segment that reads back whole, or restore a backup");
        }
        var checker = new CheckIndex(dir);
        if (log is not null)
        {
            checker.InfoStream = log;
        }
        CheckIndex.Status status;
        try
        {
            status = checker.DoCheckIndex();
        }
        catch (Exception ex) when (IndexHealth.IsDamage(ex))
        {
            return new IndexCheckResult(false, 0, [], 0, 0, "the commit point cannot be read: " + IndexHealth.Describe(ex)
                + "; 'simeng index repair' makes a new one from every segment that reads back whole, or restore a backup");
        }
        if (status.MissingSegments || status.CantOpenSegments)
        {
            return new IndexCheckResult(false, 0, [], 0, 0, "the commit point or a segment's .si file cannot be read; "
                + "'simeng index repair' makes a new commit point from every segment that reads back whole, or restore a backup");
        }
        var badFiles = FooterFailures(dir);
        if (badFiles.Any(f => f.StartsWith("segments", StringComparison.Ordinal)))
        {
            return new IndexCheckResult(false, status.NumSegments, [], 0, 0, "the commit point (segments_N) fails its checksum; restore a backup");
        }
        bool luceneClean = status.Clean && badFiles.Count == 0;
        var broken = luceneClean ? [] : Broken(dir);
        int reports = status.SegmentInfos.Sum(Live);
        int lost = status.SegmentInfos.Where(s => broken.Contains(s.Name)).Sum(Live);
        var badPostings = BrokenPostings(path, dir);
        var problems = new List<string>();
        if (!luceneClean)
        {
            problems.Add($"{broken.Count} of {status.NumSegments} segment(s) broken ({string.Join(", ", broken)}), {lost} report(s) in them" +
                (badFiles.Count > 0 ? $"; files failing their checksum: {string.Join(", ", badFiles)}" : ""));
        }
        if (badPostings.Count > 0)
        {
            problems.Add($"postings file(s) failing their checksum: {string.Join(", ", badPostings.Select(p => $"{Path.GetFileName(p.Path)} ({p.Reason})"))}; " +
                "they are derived from the stored reports: 'simeng index repair' writes them again");
        }
        return new IndexCheckResult(luceneClean && badPostings.Count == 0, status.NumSegments, broken, reports, lost,
            problems.Count == 0 ? null : string.Join("; ", problems))
        {
            BrokenPostings = badPostings.Select(p => Path.GetFileName(p.Path)).ToList(),
        };
    }

    // the postings files of the last commit's chain whose records fail their checksum
    private static List<(string Path, string Reason)> BrokenPostings(string path, LuceneDirectory dir)
    {
        var data = ReportIndexReader.ReadCommitData(dir);
        if (!data.TryGetValue(Fields.IndexId, out var s) || !Guid.TryParse(s, out var id))
        {
            return [];
        }
        var bad = new List<(string, string)>();
        foreach (var (_, _, file) in FingerprintPostings.Chain(Path.Combine(path, PostingsRun.Folder), id, int.MaxValue))
        {
            try
            {
                if (PostingsRun.Verify(file) is { } reason)
                {
                    bad.Add((file, reason));
                }
            }
            catch (FileNotFoundException)
            {
                // merged away by a writer meanwhile
            }
        }
        return bad;
    }

    private static int Live(CheckIndex.Status.SegmentInfoStatus s) => s.DocCount - (s.HasDeletions ? s.NumDeleted : 0);

    // every file of the last commit read whole against the checksum in its footer; CheckIndex reads the files inside a
    // compound file, but not the compound file's own footer
    private static List<string> FooterFailures(LuceneDirectory dir)
    {
        var infos = new SegmentInfos();
        infos.Read(dir);
        var failures = new List<string>();
        foreach (var name in infos.GetFiles(dir, true).Order(StringComparer.Ordinal))
        {
            try
            {
                using var input = dir.OpenInput(name, IOContext.READ_ONCE);
                CodecUtil.ChecksumEntireFile(input);
            }
            catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException)
            {
                failures.Add(name);
            }
        }
        return failures;
    }

    // the segments that fail to open or fail their files' checksums
    private static List<string> Broken(LuceneDirectory dir)
    {
        var broken = new List<string>();
        var infos = new SegmentInfos();
        infos.Read(dir);
        var badFiles = FooterFailures(dir);
        foreach (var sci in infos.Segments)
        {
            if (sci.GetFiles().Any(badFiles.Contains))
            {
                broken.Add(sci.Info.Name);
                continue;
            }
            try
            {
                using var reader = new SegmentReader(sci, 1, IOContext.READ_ONCE);
                reader.CheckIntegrity();
            }
            catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException)
            {
                broken.Add(sci.Info.Name);
            }
        }
        return broken;
    }

    /// <summary>Drops what cannot be read and keeps every readable report: the broken segments of the last readable commit,
    /// or, when no commit point can be read (segments_N truncated or lost, a damaged .si), every segment whose own files
    /// open and pass their checksums. Crash-safe: the repaired index is one new commit point written after everything it
    /// names is in place, so a process killed at any moment leaves either the index as it was or the repaired one. Broken
    /// files are moved to <see cref="BeforeRepairFolder"/>-TIME/ afterwards. Takes the writer lock: no writer may run.</summary>
    /// <exception cref="IndexInUseException">A writer holds the index.</exception>
    /// <exception cref="FileNotFoundException">There is no index there.</exception>
    public static IndexRepairResult Repair(string path, TextWriter? log = null)
    {
        if (!System.IO.Directory.Exists(path))
        {
            throw new FileNotFoundException($"no index at {path}");
        }
        if (IndexFormat.Read(path) is int version && version > IndexFormat.Current)
        {
            throw new IndexFormatException(path, version);
        }
        var writerLock = WriterLock.Acquire(path, TimeSpan.Zero);
        IndexRepairResult result;
        try
        {
            result = RepairLocked(path, log);
        }
        finally
        {
            writerLock.Dispose();
        }
        // the next writer writes the postings files that are missing (derived data) and deletes what no commit names
        using (ReportIndexWriter.Open(path))
        {
        }
        return result;
    }

    private static IndexRepairResult RepairLocked(string path, TextWriter? log)
    {
        using var dir = FSDirectory.Open(path);
        var last = LastReadableCommit(dir);
        string aside = Path.Combine(path, BeforeRepairFolder + "-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture));
        // derived data: deleted here, written again from the stored reports by the writer opened at the end
        var badPostings = last is null ? [] : BrokenPostings(path, dir);
        foreach (var (file, _) in badPostings)
        {
            File.Delete(file);
        }
        Faults.Point("repair:postings");
        var rebuilt = badPostings.Select(p => Path.GetFileName(p.Path)).ToList();
        if (last is not null)
        {
            var broken = BrokenSegments(dir, last, log);
            if (broken.Count == 0)
            {
                int duplicates = DropDuplicateIds(dir);
                return new IndexRepairResult(duplicates, [], LiveDocs(dir)) { RebuiltPostings = rebuilt, DuplicatesDropped = duplicates };
            }
            var lostIds = broken.SelectMany(b => TryReadIds(dir, b)).ToList();
            int dropped = broken.Sum(b => b.Info.DocCount - b.DelCount);
            var next = (SegmentInfos)last.Clone();
            foreach (var b in broken)
            {
                next.Remove(next.Segments.First(s => s.Info.Name == b.Info.Name));
            }
            CommitPoint(dir, next);
            MoveAside(path, aside, broken.SelectMany(b => SegmentFiles(path, b.Info.Name)));
            int duplicatesAfter = DropDuplicateIds(dir);
            return new IndexRepairResult(dropped + duplicatesAfter, lostIds, LiveDocs(dir))
            {
                RebuiltPostings = rebuilt,
                DroppedSegments = broken.Select(b => b.Info.Name).ToList(),
                DuplicatesDropped = duplicatesAfter,
            };
        }
        // no commit point can be read: the index is rebuilt from its segments' own files
        var (good, bad, unreadable) = SegmentsFromFiles(dir, log);
        if (good.Count == 0 && bad.Count == 0 && IndexHealth.IndexData(path).Count == 0)
        {
            throw new FileNotFoundException($"no index at {path}");
        }
        // the unreadable commit points go first (a new segments_1 must not meet a partial segments_5)
        MoveAside(path, aside, System.IO.Directory.GetFiles(path, "segments*").Select(Path.GetFileName).OfType<string>());
        var infos = new SegmentInfos { Counter = NextSegmentNumber(path) };
        foreach (var sci in good)
        {
            infos.Add(sci);
        }
        CommitPoint(dir, infos);
        // the broken segments' files, and stray files of a flush or merge cut short that no segment names
        var kept = good.SelectMany(g => g.GetFiles()).ToHashSet(StringComparer.Ordinal);
        MoveAside(path, aside, bad.SelectMany(name => SegmentFiles(path, name))
            .Concat(System.IO.Directory.GetFiles(path, "_*").Select(Path.GetFileName).OfType<string>().Where(f => !kept.Contains(f))));
        int duplicatesDropped = DropDuplicateIds(dir);
        return new IndexRepairResult(duplicatesDropped, unreadable, LiveDocs(dir))
        {
            DroppedSegments = bad,
            DuplicatesDropped = duplicatesDropped,
            CommitRebuilt = true,
        };
    }

    /// <summary>Name of the folder (inside the index folder) where a repair leaves the files it replaced.</summary>
    public const string BeforeRepairFolder = "before-repair";

    // The newest commit point that reads whole, or null.
    private static SegmentInfos? LastReadableCommit(LuceneDirectory dir)
    {
        var commits = dir.ListAll().Where(f => f.StartsWith(IndexFileNames.SEGMENTS + "_", StringComparison.Ordinal))
            .OrderByDescending(f => SegmentInfos.GenerationFromSegmentsFileName(f)).ToList();
        foreach (var name in commits)
        {
            try
            {
                var infos = new SegmentInfos();
                infos.Read(dir, name);
                return infos;
            }
            catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException)
            {
                // a partial or damaged commit point, or one naming a damaged .si: try the one before
            }
        }
        return null;
    }

    private static int LiveDocs(LuceneDirectory dir)
    {
        using var reader = DirectoryReader.Open(dir);
        return reader.NumDocs;
    }

    // the segments of a commit that fail to open or whose files fail their checksums
    private static List<SegmentCommitInfo> BrokenSegments(LuceneDirectory dir, SegmentInfos infos, TextWriter? log)
    {
        var broken = new List<SegmentCommitInfo>();
        foreach (var sci in infos.Segments)
        {
            if (SegmentProblem(dir, sci) is { } problem)
            {
                log?.WriteLine($"segment {sci.Info.Name}: {problem}");
                broken.Add(sci);
            }
        }
        return broken;
    }

    // why a segment cannot be kept (a file fails its checksum, or it does not open), or null
    private static string? SegmentProblem(LuceneDirectory dir, SegmentCommitInfo sci)
    {
        try
        {
            foreach (var name in sci.GetFiles())
            {
                using var input = dir.OpenInput(name, IOContext.READ_ONCE);
                CodecUtil.ChecksumEntireFile(input);
            }
            using var reader = new SegmentReader(sci, 1, IOContext.READ_ONCE);
            reader.CheckIntegrity();
            var visitor = new HashSet<string> { Fields.Id };
            for (int d = 0; d < reader.MaxDoc; d++)
            {
                reader.Document(d, visitor);
            }
            return null;
        }
        catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException or ArgumentException or InvalidOperationException)
        {
            return IndexHealth.Describe(ex);
        }
    }

    // Every segment with a .si file in the folder: those whose files all read back (good, with their latest deletions),
    // the others by name (bad), and the ids readable from the bad ones.
    private static (List<SegmentCommitInfo> Good, List<string> Bad, List<string> LostIds) SegmentsFromFiles(LuceneDirectory dir, TextWriter? log)
    {
        var good = new List<SegmentCommitInfo>();
        var bad = new List<string>();
        var lostIds = new List<string>();
        var files = dir.ListAll();
        foreach (var si in files.Where(f => f.StartsWith('_') && f.EndsWith(".si", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            string name = si[..^3];
            try
            {
                var info = Codec.Default.SegmentInfoFormat.SegmentInfoReader.Read(dir, name, IOContext.READ_ONCE);
                // the codec is named by the commit point, not by the .si: every segment of ours is written by the default one
                info.Codec = Codec.Default;
                // the newest deletions written for it (_N_G.del)
                long delGen = files.Where(f => f.StartsWith(name + "_", StringComparison.Ordinal) && f.EndsWith(".del", StringComparison.Ordinal))
                    .Select(f => long.TryParse(f.AsSpan(name.Length + 1, f.Length - name.Length - 5), System.Globalization.NumberStyles.None,
                        System.Globalization.CultureInfo.InvariantCulture, out long g) ? g : -1)
                    .DefaultIfEmpty(-1).Max();
                var probe = new SegmentCommitInfo(info, 0, delGen, -1);
                int deleted = 0;
                if (delGen > 0)
                {
                    var live = Codec.Default.LiveDocsFormat.ReadLiveDocs(dir, probe, IOContext.READ_ONCE);
                    for (int d = 0; d < info.DocCount; d++)
                    {
                        deleted += live.Get(d) ? 0 : 1;
                    }
                }
                var sci = new SegmentCommitInfo(info, deleted, delGen, -1);
                if (SegmentProblem(dir, sci) is { } problem)
                {
                    log?.WriteLine($"segment {name}: {problem}");
                    bad.Add(name);
                    lostIds.AddRange(IdsOf(sci));
                    continue;
                }
                good.Add(sci);
            }
            catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException or ArgumentException or InvalidOperationException)
            {
                log?.WriteLine($"segment {name}: {IndexHealth.Describe(ex)}");
                bad.Add(name);
            }
        }
        return (good, bad, lostIds);
    }

    // one past the highest segment number in the folder (Lucene names segments _N in base 36), so that a new segment never
    // takes an old one's name
    private static int NextSegmentNumber(string path)
    {
        long max = -1;
        foreach (var f in System.IO.Directory.GetFiles(path, "_*"))
        {
            var name = Path.GetFileName(f).AsSpan(1);
            int end = name.IndexOfAny('.', '_');
            if (end <= 0)
            {
                continue;
            }
            long n = 0;
            bool ok = true;
            foreach (char c in name[..end])
            {
                int digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'z' ? c - 'a' + 10 : -1;
                ok &= digit >= 0;
                n = n * 36 + Math.Max(0, digit);
            }
            if (ok)
            {
                max = Math.Max(max, n);
            }
        }
        return (int)Math.Min(int.MaxValue, max + 1);
    }

    private static readonly System.Reflection.MethodInfo s_prepareCommit = CommitMethod("PrepareCommit");
    private static readonly System.Reflection.MethodInfo s_finishCommit = CommitMethod("FinishCommit");

    private static System.Reflection.MethodInfo CommitMethod(string name) =>
        typeof(SegmentInfos).GetMethod(name, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic, [typeof(LuceneDirectory)])
        ?? throw new InvalidOperationException($"Lucene.Net's SegmentInfos.{name}(Directory) is gone: the repair needs it (written for 4.8.0-beta00017)");

    // Writes infos as the next commit point, as Lucene's own IndexSplitter does (SegmentInfos.Commit is internal to Lucene.Net):
    // segments_N+1 written and synced, then segments.gen; until the second step is done readers keep the previous commit.
    internal static void CommitPoint(LuceneDirectory dir, SegmentInfos infos)
    {
        infos.Changed();
        Faults.Point("repair:before-commit");
        try
        {
            s_prepareCommit.Invoke(infos, [dir]);
            Faults.Point("repair:prepared");
            s_finishCommit.Invoke(infos, [dir]);
        }
        catch (System.Reflection.TargetInvocationException ex) when (ex.InnerException is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerException).Throw();
            throw;
        }
        Faults.Point("repair:committed");
    }

    // the files of a segment: _N.*, _N_*.*
    private static IEnumerable<string> SegmentFiles(string path, string segment) =>
        System.IO.Directory.GetFiles(path, segment + ".*").Concat(System.IO.Directory.GetFiles(path, segment + "_*")).Select(Path.GetFileName).OfType<string>();

    private static void MoveAside(string path, string aside, IEnumerable<string> names)
    {
        foreach (var name in names.Distinct(StringComparer.Ordinal).ToList())
        {
            string from = Path.Combine(path, name);
            if (!File.Exists(from))
            {
                continue;
            }
            System.IO.Directory.CreateDirectory(aside);
            File.Move(from, Path.Combine(aside, name), overwrite: true);
            Faults.Point("repair:aside");
        }
    }

    // Reports stored twice under one id (a segment kept by a rebuilt commit after its reports were stored again): the copy
    // with the highest sequence number stays. Returns the number dropped.
    private static int DropDuplicateIds(LuceneDirectory dir)
    {
        using (var reader = DirectoryReader.Open(dir))
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            bool any = false;
            var live = MultiFields.GetLiveDocs(reader);
            var fields = new HashSet<string> { Fields.Id };
            for (int d = 0; d < reader.MaxDoc && !any; d++)
            {
                if (live is null || live.Get(d))
                {
                    any = !seen.Add(reader.Document(d, fields).Get(Fields.Id));
                }
            }
            if (!any)
            {
                return 0;
            }
        }
        using var analyzer = new Lucene.Net.Analysis.Core.KeywordAnalyzer();
        var cfg = new IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, analyzer) { OpenMode = OpenMode.APPEND };
        using var writer = new IndexWriter(dir, cfg);
        using var r = DirectoryReader.Open(writer, applyAllDeletes: true);
        var best = new Dictionary<string, (int Doc, int Seq)>(StringComparer.Ordinal);
        var dropped = new List<int>();
        var liveDocs = MultiFields.GetLiveDocs(r);
        var wanted = new HashSet<string> { Fields.Id, Fields.Seq };
        for (int d = 0; d < r.MaxDoc; d++)
        {
            if (liveDocs is not null && !liveDocs.Get(d))
            {
                continue;
            }
            var doc = r.Document(d, wanted);
            string id = doc.Get(Fields.Id);
            int seq = doc.GetField(Fields.Seq)?.GetInt32Value() ?? 0;
            if (best.TryGetValue(id, out var b))
            {
                dropped.Add(seq > b.Seq ? b.Doc : d);
                if (seq > b.Seq)
                {
                    best[id] = (d, seq);
                }
            }
            else
            {
                best[id] = (d, seq);
            }
        }
        foreach (int d in dropped)
        {
            writer.TryDeleteDocument(r, d);
        }
        writer.SetCommitData(ReportIndexReader.ReadCommitData(dir));
        writer.Commit();
        Faults.Point("repair:deduplicated");
        return dropped.Count;
    }

    private static List<string> IdsOf(SegmentCommitInfo sci)
    {
        var ids = new List<string>();
        try
        {
            using var reader = new SegmentReader(sci, 1, IOContext.READ_ONCE);
            var visitor = new HashSet<string> { Fields.Id };
            for (int d = 0; d < reader.MaxDoc; d++)
            {
                try
                {
                    if (reader.LiveDocs is null || reader.LiveDocs.Get(d))
                    {
                        ids.Add(reader.Document(d, visitor).Get(Fields.Id));
                    }
                }
                catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException or ArgumentException)
                {
                    // this document's stored fields are damaged: its id is lost with it
                }
            }
        }
        catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException or ArgumentException or InvalidOperationException)
        {
            // the segment cannot be opened at all: its ids cannot be listed
        }
        return ids;
    }

    private static List<string> TryReadIds(LuceneDirectory dir, SegmentCommitInfo segment) => IdsOf(segment);

    /// <summary>Brings an index written by an older simeng to <see cref="IndexFormat.Current"/> in place: its id and version
    /// in a new commit point, the postings files it lacks written. Crash-safe as every commit; takes the writer lock.</summary>
    /// <returns>The version before, the version after and the number of reports.</returns>
    /// <exception cref="FileNotFoundException">There is no index there.</exception>
    /// <exception cref="IndexFormatException">The index is newer than this build.</exception>
    public static (int Before, int After, int Reports) Upgrade(string path, TimeSpan waitFor = default)
    {
        if (!ReportIndexReader.Exists(path))
        {
            if (IndexHealth.IsDamagedWithoutCommit(path))
            {
                throw new IndexDamagedException(path, "it holds index files but no readable commit point: repair it first ('simeng index repair')");
            }
            throw new FileNotFoundException($"no index at {path}");
        }
        using var writer = ReportIndexWriter.Open(path, waitFor);
        return (writer.FormatBefore, IndexFormat.Current, writer.Count);
    }

    /// <summary>Copies the last commit of the index to <paramref name="destination"/> while readers and a writer keep
    /// running. Every file of the commit is opened before copying (a writer's next commit may delete a file, but an open
    /// file stays readable), the copy is written to a temporary folder, checked, then moved into place.</summary>
    /// <returns>The commit generation and the number of reports copied.</returns>
    /// <exception cref="IOException">The destination exists and is not empty.</exception>
    public static (long Generation, int Reports) Backup(string path, string destination)
    {
        if (System.IO.Directory.Exists(destination) && System.IO.Directory.EnumerateFileSystemEntries(destination).Any())
        {
            throw new IOException($"the backup folder {destination} is not empty");
        }
        if (!ReportIndexReader.Exists(path))
        {
            if (IndexHealth.IsDamagedWithoutCommit(path))
            {
                throw new IndexDamagedException(path, "it holds index files but no readable commit point: there is nothing whole to back up");
            }
            throw new FileNotFoundException($"no index at {path}");
        }
        string tmp = destination.TrimEnd('/', '\\') + ".partial-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        try
        {
            return IndexHealth.Guard(path, () => BackupTo(path, destination, tmp));
        }
        catch
        {
            // a failed backup (disk full, damage found) leaves no partial copy holding the space
            try
            {
                if (System.IO.Directory.Exists(tmp))
                {
                    System.IO.Directory.Delete(tmp, true);
                }
            }
            catch (Exception cleanup) when (cleanup is IOException or UnauthorizedAccessException)
            {
                // best effort: the error that stopped the backup is the one to report
            }
            throw;
        }
    }

    private static (long Generation, int Reports) BackupTo(string path, string destination, string tmp)
    {
        for (int attempt = 0; ; attempt++)
        {
            using var dir = FSDirectory.Open(path);
            using var reader = IndexHealth.Guard(path, () => DirectoryReader.Open(dir));
            var commit = reader.IndexCommit;
            var streams = new List<(string Name, FileStream Stream)>();
            try
            {
                foreach (var name in commit.FileNames)
                {
                    streams.Add((name, new FileStream(Path.Combine(path, name), FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)));
                }
            }
            catch (FileNotFoundException) when (attempt < 10)
            {
                // a writer committed and deleted a file of this commit before it was opened: take the new commit
                streams.ForEach(s => s.Stream.Dispose());
                continue;
            }
            // the postings files of this commit too (derived data, but a restored index then needs no rebuild); a file merged
            // away meanwhile is simply left out: the restored index computes those postings and its next writer writes them
            if (commit.UserData.TryGetValue(Fields.IndexId, out var idText) && Guid.TryParse(idText, out var id)
                && commit.UserData.TryGetValue(Fields.NextSeq, out var nextText) && int.TryParse(nextText, out int nextSeq))
            {
                foreach (var (_, _, file) in FingerprintPostings.Chain(Path.Combine(path, PostingsRun.Folder), id, nextSeq))
                {
                    try
                    {
                        streams.Add((Path.Combine(PostingsRun.Folder, Path.GetFileName(file)),
                            new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete)));
                    }
                    catch (FileNotFoundException)
                    {
                        break;
                    }
                }
            }
            try
            {
                if (System.IO.Directory.Exists(tmp))
                {
                    System.IO.Directory.Delete(tmp, true);
                }
                System.IO.Directory.CreateDirectory(Path.Combine(tmp, PostingsRun.Folder));
                foreach (var (name, stream) in streams)
                {
                    using var output = File.Create(Path.Combine(tmp, name));
                    stream.CopyTo(output);
                    output.Flush(flushToDisk: true);
                }
            }
            finally
            {
                streams.ForEach(s => s.Stream.Dispose());
            }
            var check = Check(tmp);
            if (!check.Clean)
            {
                System.IO.Directory.Delete(tmp, true);
                throw new IndexDamagedException(path, "the copy does not pass CheckIndex: " + check.Problem);
            }
            if (System.IO.Directory.Exists(destination))
            {
                System.IO.Directory.Delete(destination);
            }
            System.IO.Directory.Move(tmp, destination);
            return (commit.Generation, reader.NumDocs);
        }
    }

    /// <summary>Suffix of the copy a restore prepares beside the index folder before it switches.</summary>
    public const string RestoreSuffix = ".restore-tmp";

    /// <summary>Suffix of the folder the replaced index is kept in after a restore.</summary>
    public const string BeforeRestoreSuffix = ".before-restore-";

    /// <summary>Makes the index folder exactly <paramref name="backup"/> (a folder made by <see cref="Backup"/>): the backup is
    /// copied beside the index and checked, then the index folder is renamed aside (kept as INDEX.before-restore-TIME) and the
    /// copy renamed into its place. A process killed between the two renames leaves no index at the path and a whole copy
    /// beside it: the next restore finishes the switch, and no ingest starts a new index there meanwhile.</summary>
    /// <returns>The folder the replaced index was moved to (null when there was none), and the reports restored.</returns>
    /// <exception cref="IndexInUseException">A writer holds the index.</exception>
    /// <exception cref="IndexDamagedException">The backup does not check clean.</exception>
    public static (string? Aside, int Reports) Restore(string backup, string path)
    {
        string full = Path.GetFullPath(path).TrimEnd(Path.DirectorySeparatorChar);
        string tmp = full + RestoreSuffix;
        bool switchPending = System.IO.Directory.Exists(tmp) && !ReportIndexReader.Exists(full) && !IndexHealth.IsDamagedWithoutCommit(full)
            && System.IO.File.Exists(Path.Combine(tmp, RestoreReadyFile));
        if (!switchPending)
        {
            if (!System.IO.Directory.Exists(backup))
            {
                throw new FileNotFoundException($"no backup folder at {backup}");
            }
            var check = Check(backup);
            if (!check.Clean)
            {
                throw new IndexDamagedException(backup, "the backup does not check clean: " + check.Problem);
            }
            if (System.IO.Directory.Exists(tmp))
            {
                System.IO.Directory.Delete(tmp, true);
            }
            CopyFolder(backup, tmp);
            var copy = Check(tmp);
            if (!copy.Clean)
            {
                System.IO.Directory.Delete(tmp, true);
                throw new IndexDamagedException(backup, "the copy of the backup does not check clean: " + copy.Problem);
            }
            File.WriteAllText(Path.Combine(tmp, RestoreReadyFile), DateTime.UtcNow.ToString("o", System.Globalization.CultureInfo.InvariantCulture));
            Faults.Point("restore:copied");
        }
        string? aside = null;
        if (System.IO.Directory.Exists(full) && System.IO.Directory.EnumerateFileSystemEntries(full).Any())
        {
            // no writer may work while the folder moves: the lock is held across the rename (its file moves with the folder)
            using (WriterLock.Acquire(full, TimeSpan.Zero))
            {
                aside = full + BeforeRestoreSuffix + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
                System.IO.Directory.Move(full, aside);
            }
            Faults.Point("restore:aside");
        }
        else if (System.IO.Directory.Exists(full))
        {
            System.IO.Directory.Delete(full);
        }
        System.IO.Directory.Move(tmp, full);
        File.Delete(Path.Combine(full, RestoreReadyFile));
        using var reader = ReportIndexReader.Open(full);
        return (aside, reader.Count);
    }

    // Marks a restore copy as whole and checked (a copy cut short has no such file and is made again).
    private const string RestoreReadyFile = "simeng-restore-ready";

    private static void CopyFolder(string from, string to)
    {
        System.IO.Directory.CreateDirectory(to);
        foreach (var dir in System.IO.Directory.GetDirectories(from, "*", SearchOption.AllDirectories))
        {
            System.IO.Directory.CreateDirectory(Path.Combine(to, Path.GetRelativePath(from, dir)));
        }
        foreach (var file in System.IO.Directory.GetFiles(from, "*", SearchOption.AllDirectories))
        {
            string target = Path.Combine(to, Path.GetRelativePath(from, file));
            using (var input = File.OpenRead(file))
            using (var output = File.Create(target))
            {
                input.CopyTo(output);
                output.Flush(flushToDisk: true);
            }
        }
    }
}
