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
}

/// <summary>Index health and safety: check (checksums of every file), repair (drop broken segments), hot backup.</summary>
public static class IndexMaintenance
{
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
            return new IndexCheckResult(false, 0, [], 0, 0, $"no segments_N commit point, {files} segment file(s) without one: restore a backup");
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
            return new IndexCheckResult(false, 0, [], 0, 0, "the commit point cannot be read: " + IndexHealth.Describe(ex) + "; restore a backup");
        }
        if (status.MissingSegments || status.CantOpenSegments)
        {
            return new IndexCheckResult(false, 0, [], 0, 0, "the commit point cannot be read (segments_N damaged); restore a backup");
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

    /// <summary>Drops the broken segments of the last commit, keeping every readable report, and lists the dropped reports
    /// whose ids can still be read. Takes the writer lock: no writer may run.</summary>
    /// <exception cref="IndexInUseException">A writer holds the index.</exception>
    public static IndexRepairResult Repair(string path, TextWriter? log = null)
    {
        using var writerLock = WriterLock.Acquire(path, TimeSpan.Zero);
        using var dir = FSDirectory.Open(path);
        var checker = new CheckIndex(dir);
        if (log is not null)
        {
            checker.InfoStream = log;
        }
        var status = checker.DoCheckIndex();
        if (status.MissingSegments || status.CantOpenSegments)
        {
            throw new IndexDamagedException(path, "the commit point itself cannot be read; only a backup can restore it");
        }
        // derived data: deleted here, written again from the stored reports by the writer opened at the end
        var badPostings = BrokenPostings(path, dir);
        foreach (var (file, _) in badPostings)
        {
            File.Delete(file);
        }
        var rebuilt = badPostings.Select(p => Path.GetFileName(p.Path)).ToList();
        var broken = Broken(dir);
        if (status.Clean && broken.Count == 0)
        {
            writerLock.Dispose();
            if (rebuilt.Count > 0)
            {
                using (ReportIndexWriter.Open(path))
                {
                }
            }
            return new IndexRepairResult(0, [], status.SegmentInfos.Sum(Live)) { RebuiltPostings = rebuilt };
        }
        var lostIds = new List<string>();
        foreach (var name in broken)
        {
            lostIds.AddRange(TryReadIds(dir, name));
        }
        int dropped = status.SegmentInfos.Where(s => broken.Contains(s.Name)).Sum(Live);
        RebuildWithout(path, dir, broken);
        writerLock.Dispose();
        using (ReportIndexWriter.Open(path))
        {
            // the postings files of the reports kept stay valid (they name reports by sequence number); any missing is written
        }
        using var repaired = FSDirectory.Open(path);
        using var reader = DirectoryReader.Open(repaired);
        return new IndexRepairResult(dropped, lostIds, reader.NumDocs) { RebuiltPostings = rebuilt };
    }

    /// <summary>Name of the folder (inside the index folder) where a repair leaves the files it replaced.</summary>
    public const string BeforeRepairFolder = "before-repair";

    // a new index from the readable segments (their reports, with deletions applied, and the commit data), swapped in; the
    // old files are kept in before-repair/ until the user deletes them
    private static void RebuildWithout(string path, LuceneDirectory dir, List<string> broken)
    {
        var infos = new SegmentInfos();
        infos.Read(dir);
        string tmp = Path.Combine(path, "repair-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        if (System.IO.Directory.Exists(tmp))
        {
            System.IO.Directory.Delete(tmp, true);
        }
        var readers = infos.Segments.Where(s => !broken.Contains(s.Info.Name)).Select(s => new SegmentReader(s, 1, IOContext.READ)).ToList();
        try
        {
            using var tmpDir = FSDirectory.Open(tmp);
            var cfg = new IndexWriterConfig(Lucene.Net.Util.LuceneVersion.LUCENE_48, new Lucene.Net.Analysis.Core.KeywordAnalyzer()) { OpenMode = OpenMode.CREATE };
            using var writer = new IndexWriter(tmpDir, cfg);
            writer.AddIndexes(readers.Cast<IndexReader>().ToArray());
            writer.SetCommitData(infos.UserData);
            writer.Commit();
        }
        finally
        {
            readers.ForEach(r => r.Dispose());
        }
        string aside = Path.Combine(path, BeforeRepairFolder + "-" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture));
        System.IO.Directory.CreateDirectory(aside);
        foreach (var f in System.IO.Directory.GetFiles(path))
        {
            string name = Path.GetFileName(f);
            if (name.StartsWith('_') || name.StartsWith("segments", StringComparison.Ordinal))
            {
                File.Move(f, Path.Combine(aside, name));
            }
        }
        foreach (var f in System.IO.Directory.GetFiles(tmp))
        {
            if (Path.GetFileName(f) != "write.lock")
            {
                File.Move(f, Path.Combine(path, Path.GetFileName(f)));
            }
        }
        System.IO.Directory.Delete(tmp, true);
    }

    private static List<string> TryReadIds(LuceneDirectory dir, string segment)
    {
        var ids = new List<string>();
        try
        {
            var infos = new SegmentInfos();
            infos.Read(dir);
            var info = infos.Segments.First(s => s.Info.Name == segment);
            using var reader = new SegmentReader(info, 1, IOContext.READ_ONCE);
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
                catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException)
                {
                    // this document's stored fields are damaged: its id is lost with it
                }
            }
        }
        catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException or InvalidOperationException)
        {
            // the segment cannot be opened at all: its ids cannot be listed
        }
        return ids;
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
        string tmp = destination.TrimEnd('/', '\\') + ".partial-" + Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
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
}
