using Lucene.Net.Index;
using Lucene.Net.Store;

namespace SimilarityEngine.Indexing;

/// <summary>The index folder as of its last complete commit. Lucene 4.8 writes <c>segments_N</c> under its final name
/// before the commit is finished; a writer killed in that window leaves a partial newest <c>segments_N</c> next to the
/// intact previous one. Readers fall back to the previous commit and the next writer deletes the partial file, but
/// Lucene's CheckIndex reads only the newest and calls the index damaged. This view hides such a file from checks.</summary>
internal sealed class CommittedView : NIOFSDirectory
{
    private readonly string? _hidden;

    private CommittedView(DirectoryInfo path, string? hidden) : base(path) => _hidden = hidden;

    /// <summary>The interrupted commit's file, hidden from this view, or null.</summary>
    public string? Interrupted => _hidden;

    /// <summary>Opens the view of <paramref name="path"/>.</summary>
    public static CommittedView OpenLastComplete(string path)
    {
        string? hidden = null;
        using (var probe = FSDirectory.Open(path))
        {
            var files = probe.ListAll();
            string? last = SegmentInfos.GetLastCommitSegmentsFileName(files);
            var others = files.Where(f => f.StartsWith(IndexFileNames.SEGMENTS + "_", StringComparison.Ordinal) && f != last).ToArray();
            if (last is not null && others.Length > 0)
            {
                try
                {
                    new SegmentInfos().Read(probe, last);
                }
                catch (Exception ex) when (IndexHealth.IsDamage(ex) || ex is IOException)
                {
                    // only when the commit before it is whole: otherwise the damage is real and is reported
                    string? previous = SegmentInfos.GetLastCommitSegmentsFileName(others);
                    try
                    {
                        new SegmentInfos().Read(probe, previous);
                        hidden = last;
                    }
                    catch (Exception ex2) when (IndexHealth.IsDamage(ex2) || ex2 is IOException)
                    {
                    }
                }
            }
        }
        return new CommittedView(new DirectoryInfo(path), hidden);
    }

    /// <inheritdoc />
    public override string[] ListAll() => _hidden is null ? base.ListAll() : base.ListAll().Where(f => f != _hidden).ToArray();
}
