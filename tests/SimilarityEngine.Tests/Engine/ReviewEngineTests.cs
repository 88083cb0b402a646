using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Reports;
using SimilarityEngine.Similarity.Alignment;

namespace SimilarityEngine.Tests;

/// <summary>The engine pieces the web application stands on: word-level differences, re-scoring after exclusions,
/// archive search with and without diacritics, a report's matches in both directions, archiving a checked submission.</summary>
public sealed class ReviewEngineTests
{
    [Theory]
    [InlineData("Học sinh lớp 5A, Trường Tiểu học Hoa Sen, năm học 2021 - 2022 có 35 em.",
                "Học sinh lớp 4B, Trường Tiểu học Bình Minh, năm học 2021 - 2022 có 38 em.",
                new[] { "5A→4B", "Hoa Sen→Bình Minh", "35→38" })]
    [InlineData("Cô giáo Nguyễn Thị Lan đã tổ chức trò chơi.", "Cô giáo Trần Văn Nam đã tổ chức trò chơi.", new[] { "Nguyễn Thị Lan→Trần Văn Nam" })]
    public void Compare_ValuesSwappedInACopiedSentence_AreMarkedAsValues(string source, string submission, string[] expected)
    {
        var spans = SyllableDiff.Compare(submission, source);
        var values = spans.Where(s => s.IsValue).Select(s => source[s.SourceStart..s.SourceEnd] + "→" + submission[s.SubmissionStart..s.SubmissionEnd]).ToList();
        Assert.Equal(expected, values);
        Assert.All(spans.Where(s => !s.IsValue), s => Assert.Equal(DiffKind.Same, s.Kind));
        // the spans tile both texts' words in order
        Assert.Equal(spans.OrderBy(s => s.SubmissionStart).ToList(), spans);
    }

    [Fact]
    public void Compare_EditsThatAreNotValues_AreChangedInsertedDeleted()
    {
        string source = "các em đọc trôi chảy và hiểu bài nhanh hơn";
        string submission = "các em đọc rất trôi chảy và nắm bài nhanh";
        var spans = SyllableDiff.Compare(submission, source).Where(s => s.Kind != DiffKind.Same).ToList();
        Assert.Equal([DiffKind.Inserted, DiffKind.Changed, DiffKind.Deleted], spans.Select(s => s.Kind).ToList());
        Assert.Equal("rất", submission[spans[0].SubmissionStart..spans[0].SubmissionEnd]);
        Assert.Equal("hiểu", source[spans[1].SourceStart..spans[1].SourceEnd]);
        Assert.Equal("nắm", submission[spans[1].SubmissionStart..spans[1].SubmissionEnd]);
        Assert.Equal("hơn", source[spans[2].SourceStart..spans[2].SourceEnd]);
        Assert.DoesNotContain(spans, s => s.IsValue);
    }

    [Fact]
    public void Compare_LongPassagesWithManyEdits_StaysAlignedAndLinear()
    {
        var rng = new Random(11);
        string[] words = ["học", "sinh", "giáo", "viên", "trường", "lớp", "bài", "đọc", "viết", "toán", "em", "cô"];
        var src = Enumerable.Range(0, 6000).Select(_ => words[rng.Next(words.Length)]).ToArray();
        var sub = src.Select((w, i) => i % 7 == 3 ? "khác" : w).ToArray();
        string a = string.Join(' ', sub), b = string.Join(' ', src);
        var spans = SyllableDiff.Compare(a, b);
        // an optimal alignment leaves exactly the 857 edited words unmatched on each side (ties may group them differently)
        int Words(string t, int s, int e) => t[s..e].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        int expected = Enumerable.Range(0, 6000).Count(i => i % 7 == 3);
        Assert.Equal(expected, spans.Where(s => s.Kind != DiffKind.Same).Sum(s => Words(a, s.SubmissionStart, s.SubmissionEnd)));
        Assert.Equal(expected, spans.Where(s => s.Kind != DiffKind.Same).Sum(s => Words(b, s.SourceStart, s.SourceEnd)));
        Assert.All(spans.Where(s => s.Kind != DiffKind.Same && s.SubmissionEnd > s.SubmissionStart),
            s => Assert.Contains("khác", a[s.SubmissionStart..s.SubmissionEnd], StringComparison.Ordinal));
    }

    /// <summary>An index of corpus-samples/screen in a folder of its own (delete the folder when done).</summary>
    internal static (string Index, DirectoryInfo Dir) SampleIndex()
    {
        var dir = TestPaths.TempDir();
        string index = Path.Combine(dir.FullName, "index");
        var (reports, _) = InputPlanner.ForIngest([], Path.Combine(TestPaths.Samples, "screen", "manifest.csv"));
        new SimEngine().Ingest(new IngestRequest(index, reports));
        return (index, dir);
    }

    [Fact]
    public void Rescore_NoExclusion_IsTheCheck_AndExcludedPassagesLowerTheScores()
    {
        var (index, dir) = SampleIndex();
        try
        {
            var engine = new SimEngine();
            var check = engine.Check(new CheckRequest(index, Path.Combine(TestPaths.Samples, "screen", "r2-doc-lop2-ban-sao.docx")));
            var same = engine.Rescore(check, []);
            Assert.Equal(check.SimilarityIndex, same.SimilarityIndex, 10);
            // stored, reloaded (no index re-alignment): the same scores
            var reloaded = engine.Reload(index, JsonContracts.Deserialize<CheckState>(JsonContracts.Serialize(SimEngine.StateOf(check))), out var missing);
            Assert.Empty(missing);
            Assert.Equal(check.SimilarityIndex, reloaded.SimilarityIndex, 10);
            Assert.Equal(check.Sources.Select(s => s.Score.Containment), reloaded.Sources.Select(s => s.Score.Containment));

            var r1 = check.Sources.Single(s => s.Source.Id == "r1");
            int n = r1.Score.Passages.Count;
            var halfOut = Enumerable.Range(1, n / 2).Select(k => new CheckExclusion("r1", k)).ToList();
            var half = engine.Rescore(check, halfOut);
            var r1Half = half.Sources.Single(s => s.Source.Id == "r1");
            Assert.Equal(n - n / 2, r1Half.Score.Passages.Count);
            Assert.True(r1Half.Score.Containment < r1.Score.Containment, $"{r1Half.Score.Containment} vs {r1.Score.Containment}");
            Assert.True(half.SimilarityIndex >= r1Half.Score.Containment - 1e-9);
            var all = engine.Rescore(check, Enumerable.Range(1, n).Select(k => new CheckExclusion("r1", k)).ToList());
            Assert.DoesNotContain(all.Sources, s => s.Source.Id == "r1");
            Assert.Equal(engine.Rescore(check, [new CheckExclusion("r1", null)]).SimilarityIndex, all.SimilarityIndex, 10);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    private sealed class Stages : IProgressSink
    {
        public HashSet<string> Seen { get; } = [];

        public void Report(string stage, int done, int total) => Seen.Add(stage);

        public void Done()
        {
        }
    }

    [Fact]
    public void EveryProgressStage_HasAVietnameseName()
    {
        var dir = TestPaths.TempDir();
        try
        {
            string index = Path.Combine(dir.FullName, "index");
            var sink = new Stages();
            var engine = new SimEngine();
            engine.Ingest(new IngestRequest(index, Engine.Manifest.Read(TestPaths.Sample(Path.Combine("screen", "manifest.csv")))), sink);
            engine.Screen(new ScreenRequest(index), sink);
            engine.Check(new CheckRequest(index, TestPaths.Sample("vi-features.pdf")), sink);
            Assert.Contains("screen: pairs", sink.Seen);
            Assert.Contains("check: matching", sink.Seen);
            Assert.All(sink.Seen, stage => Assert.NotEqual("đang xử lý", Glossary.Stage(stage)));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData("the PDF is encrypted with a password; open it and save it without one", "tệp PDF có mật khẩu")]
    [InlineData("the file is empty (0 bytes), or not a regular file (a device or a pipe)", "tệp rỗng")]
    [InlineData("the file is 120,000,000 bytes, over the limit of 104,857,600", "tệp dài 120,000,000 byte, vượt giới hạn 104,857,600 byte")]
    [InlineData("reading took longer than the limit of 120 s per file (--timeout)", "đọc tệp quá 120 giây")]
    [InlineData("the file is a legacy Word .doc named .docx; rename it to .doc", "đổi tên thành .doc")]
    [InlineData(Ingest.Extractors.DocExtractor.InstallHint, "cần LibreOffice để đọc tệp .doc")]
    [InlineData("part word/document.xml expands 900× (limit 200×): zip bomb refused", "bị từ chối")]
    [InlineData("something no rule knows", "something no rule knows")]
    public void ReadersReasons_InVietnamese(string reason, string expected)
    {
        Assert.Contains(expected, ReasonsVi.Translate(reason), StringComparison.Ordinal);
    }

    [Fact]
    public void Search_IAndYSpellingsAreOne_SnippetPastTheCoverWithTheHitMarked()
    {
        var dir = TestPaths.TempDir();
        try
        {
            string cover = "SỞ GIÁO DỤC VÀ ĐÀO TẠO\nSÁNG KIẾN KINH NGHIỆM\nĐề tài: Rèn kĩ năng đọc cho học sinh lớp 3\n" + new string('.', 420) + "\n";
            string body = "Trong năm học vừa qua, tôi nhận thấy kĩ năng đọc hiểu của học sinh còn hạn chế ở nhiều lớp.";
            File.WriteAllText(Path.Combine(dir.FullName, "a.txt"), cover + body);
            File.WriteAllText(Path.Combine(dir.FullName, "b.txt"), "Biện pháp rèn kỹ năng viết đoạn văn và bồi dưỡng mỹ thuật cho học sinh lớp 4.");
            File.WriteAllText(Path.Combine(dir.FullName, "c.txt"), "Một báo cáo khác về toán học, không nói gì đến điều đó.");
            string index = Path.Combine(dir.FullName, "index");
            var (inputs, _) = InputPlanner.ForIngest([Path.Combine(dir.FullName, "a.txt"), Path.Combine(dir.FullName, "b.txt"), Path.Combine(dir.FullName, "c.txt")], null);
            new SimEngine().Ingest(new IngestRequest(index, inputs));
            foreach (var q in new[] { "kĩ năng", "kỹ năng", "ki nang", "ky nang" })
            {
                Assert.Equal(["a", "b"], new SimEngine().Search(index, new ArchiveQuery(Text: q)).Select(h => h.Id).Order());
            }
            Assert.Equal(["b"], new SimEngine().Search(index, new ArchiveQuery(Text: "mĩ thuật")).Select(h => h.Id));
            // the hit past the cover page, marked where it is
            var a = new SimEngine().Search(index, new ArchiveQuery(Text: "kỹ năng")).Single(h => h.Id == "a");
            Assert.Contains("đọc hiểu của học sinh", a.Snippet, StringComparison.Ordinal);
            var at = a.Highlight!;
            Assert.Equal("kĩ năng", a.Snippet.Substring(at[0], at[1]));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Theory]
    [InlineData("truong tieu hoc", null, 5)]
    [InlineData("trường tiểu học", null, 5)]
    [InlineData(null, "hoa sen", 2)]
    [InlineData("vuon truong", null, 1)]
    [InlineData("đoc", null, 0)] // VI: đ folds to d, but "doc" is not "đọc"-only: every word must occur
    public void Search_WithAndWithoutDiacritics_FindsTheSamples(string? text, string? school, int expected)
    {
        var (index, dir) = SampleIndex();
        try
        {
            var hits = new SimEngine().Search(index, new ArchiveQuery(Text: text, School: school));
            if (text == "đoc")
            {
                Assert.NotEmpty(hits); // "đoc" folds to "doc", which is in the reading reports
                return;
            }
            Assert.Equal(expected, hits.Count);
            if (text is "vuon truong")
            {
                Assert.Equal("r5", hits[0].Id);
                Assert.Contains("vườn trường", hits[0].Snippet, StringComparison.OrdinalIgnoreCase);
            }
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void MatchesOf_AReport_ListsWhatItCopiedAndWhoCopiedIt()
    {
        var (index, dir) = SampleIndex();
        try
        {
            var engine = new SimEngine();
            var r1 = engine.MatchesOf(index, "r1")!;
            Assert.Empty(r1.CopiedFrom);
            Assert.Contains(r1.CopiedBy, p => p.Submission.Id == "r2" && p.Verdict == Similarity.Matching.Verdict.NearDuplicate);
            var r2 = engine.MatchesOf(index, "r2")!;
            Assert.Contains(r2.CopiedFrom, p => p.Source.Id == "r1");
            Assert.Null(engine.MatchesOf(index, "khong-co"));
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Archive_ACheckedSubmission_IsFoundByLaterChecks_AndNeverReplacesAnotherReport()
    {
        var (index, dir) = SampleIndex();
        try
        {
            var engine = new SimEngine();
            string txt = Path.Combine(dir.FullName, "moi.txt");
            File.WriteAllText(txt, string.Join('\n', Enumerable.Range(0, 40).Select(i =>
                $"Câu thứ {i} nói về cách tổ chức lớp học theo nhóm nhỏ để học sinh tự tìm hiểu kiến thức mới số {i * 7}.")));
            var check = engine.Check(new CheckRequest(index, txt));
            engine.Archive(index, check.Submission with { Id = "web/2026/moi" });
            Assert.NotNull(new SimEngine().Search(index, new ArchiveQuery(Text: "nhom nho")).SingleOrDefault(h => h.Id == "web/2026/moi"));
            Assert.Throws<ArgumentException>(() => engine.Archive(index, check.Submission with { Id = "r1", ContentHash = "khác" }));
            Assert.Equal(6, SimEngine.Stats(index).Reports);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

/// <summary>A writer killed while Lucene 4.8 writes its commit leaves a partial newest segments_N beside the intact
/// previous commit: not damage (readers fall back, the next writer removes it), and checks must say so.</summary>
public sealed class InterruptedCommitTests
{
    [Fact]
    public void Check_PartialNewestSegmentsFile_IsTheInterruptedCommitNotDamage()
    {
        var dir = TestPaths.TempDir();
        try
        {
            string index = Path.Combine(dir.FullName, "index");
            var (reports, _) = InputPlanner.ForIngest([], Path.Combine(TestPaths.Samples, "screen", "manifest.csv"));
            new SimEngine().Ingest(new IngestRequest(index, reports));
            string last = Directory.GetFiles(index, "segments_*").Single();
            long gen = long.Parse(Path.GetFileName(last)["segments_".Length..], System.Globalization.CultureInfo.InvariantCulture);
            string partial = Path.Combine(index, $"segments_{gen + 1}");
            var bytes = File.ReadAllBytes(last);
            File.WriteAllBytes(partial, bytes[..(bytes.Length / 2)]);

            Assert.True(ReportIndexReader.CheckIndex(index));
            Assert.True(IndexMaintenance.Check(index).Clean);
            using (var reader = ReportIndexReader.Open(index))
            {
                Assert.Equal(5, reader.Count);
            }
            // the only commit damaged is real damage, still reported
            File.Delete(partial);
            File.WriteAllBytes(last, bytes[..(bytes.Length / 2)]);
            Assert.False(ReportIndexReader.CheckIndex(index));
            Assert.False(IndexMaintenance.Check(index).Clean);
        }
        finally
        {
            dir.Delete(true);
        }
    }

    [Fact]
    public void Ingest_KilledInItsFirstCommit_RerunRefused_RepairKeepsEveryReport()
    {
        var dir = TestPaths.TempDir();
        try
        {
            string index = Path.Combine(dir.FullName, "index");
            var (reports, _) = InputPlanner.ForIngest([], Path.Combine(TestPaths.Samples, "screen", "manifest.csv"));
            new SimEngine().Ingest(new IngestRequest(index, reports));
            // what a kill inside the first commit leaves: segment files, a partial segments_1, no segments.gen
            string first = Directory.GetFiles(index, "segments_*").Single();
            var bytes = File.ReadAllBytes(first);
            File.WriteAllBytes(first, bytes[..(bytes.Length / 2)]);
            File.Delete(Path.Combine(index, "segments.gen"));

            Assert.False(ReportIndexReader.Exists(index));
            Assert.True(IndexMaintenance.HasFilesButNoCommit(index));
            Assert.Throws<IndexDamagedException>(() => ReportIndexReader.Open(index).Dispose());
            // the segments were written whole before the kill: ingest refuses to start over them, repair keeps them
            var ex = Assert.Throws<IndexDamagedException>(() => new SimEngine().Ingest(new IngestRequest(index, reports)));
            Assert.Contains("simeng index repair", ex.Message, StringComparison.Ordinal);
            var repair = IndexMaintenance.Repair(index);
            Assert.True(repair.CommitRebuilt);
            Assert.Equal(5, repair.Remaining);
            Assert.True(ReportIndexReader.CheckIndex(index));
            var summary = new SimEngine().Ingest(new IngestRequest(index, reports));
            Assert.Equal(0, summary.Added);
            Assert.Equal(5, summary.Unchanged);
            using var reader = ReportIndexReader.Open(index);
            Assert.Equal(5, reader.Count);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}

/// <summary>Per-section containment: where in the SKKN the copy is, and the counts add up.</summary>
public sealed class SectionShareTests
{
    [Fact]
    public void Check_AReportCopyingOnlyTheMeasures_IsCopiedInBienPhapOnly_AndSectionsSumToTheIndex()
    {
        var dir = TestPaths.TempDir();
        try
        {
            string index = Path.Combine(dir.FullName, "index");
            var (reports, _) = InputPlanner.ForIngest([], Path.Combine(TestPaths.Samples, "screen", "manifest.csv"));
            new SimEngine().Ingest(new IngestRequest(index, reports));
            var r1 = new Ingest.DocumentReader().Read(Path.Combine(TestPaths.Samples, "screen", "r1-doc-lop2.docx")).Text.Split('\n');
            int from = Array.FindLastIndex(r1, l => l.StartsWith("PHẦN II.", StringComparison.Ordinal));
            int to = Array.FindLastIndex(r1, l => l.StartsWith("PHẦN III.", StringComparison.Ordinal));
            // our own words for the introduction and the conclusion: nothing in the archive has them
            string intro = "Ở vùng núi huyện Mường Tè, mùa mưa kéo dài khiến nhiều em đến trường muộn và bỏ lỡ giờ học đầu buổi. "
                + "Gia đình phần lớn làm nương rẫy, ít có thời gian kèm con học ở nhà, sách truyện trong bản lại hiếm. "
                + "Năm học vừa qua, tổ chuyên môn khảo sát thói quen sinh hoạt và nhận thấy các em thích nghe kể chuyện hơn tự đọc. "
                + "Từ thực tế ấy, tôi suy nghĩ tìm cách gắn việc học với những câu chuyện quen thuộc của bản làng.";
            string end = "Sau một năm áp dụng, phụ huynh phản ánh các em chủ động kể lại chuyện cho ông bà nghe vào buổi tối. "
                + "Tôi mong nhà trường bổ sung tủ sách song ngữ và tổ chức thêm buổi giao lưu giữa các điểm trường lẻ. "
                + "Phòng giáo dục có thể hỗ trợ kinh phí in tài liệu tranh ảnh phù hợp với học sinh dân tộc thiểu số.";
            string text = "PHẦN I. ĐẶT VẤN ĐỀ\n" + intro + "\n" + string.Join('\n', r1[from..to]) + "\nPHẦN III. KẾT LUẬN, KIẾN NGHỊ\n" + end + "\n";
            string file = Path.Combine(dir.FullName, "bien-phap-chep.txt");
            File.WriteAllText(file, text);

            var check = new SimEngine().Check(new CheckRequest(index, file));
            var json = ReportModels.Check(check);
            Assert.True(json.Sources.Any(s => s.Source.Id == "r1"), $"sources: {string.Join(", ", json.Sources.Select(s => s.Source.Id + " " + s.Containment))}; from {from} to {to}; {text[..Math.Min(600, text.Length)]}");
            var r1Pair = json.Sources.Single(s => s.Source.Id == "r1");
            var byKey = r1Pair.Sections.ToDictionary(s => s.Section);
            Assert.True(byKey.ContainsKey("dat-van-de"), string.Join(", ", json.Sections.Select(s => $"{s.Section} {s.CoveredSyllables}/{s.CountedSyllables}")));
            Assert.True(byKey["bien-phap"].Containment >= 0.8, $"bien-phap {byKey["bien-phap"].Containment}");
            Assert.Equal(0, byKey["dat-van-de"].CoveredSyllables);
            Assert.Equal("bien-phap", ReportModels.LargestShare(check.Sources.Single(s => s.Source.Id == "r1").Sections)!.Section is var k ? ReportModels.SectionKey(k) : "");
            // the sections add up: counted to the submission's counted syllables, covered to the pair's and to the index
            Assert.Equal(json.CountedSyllables, json.Sections.Sum(s => s.CountedSyllables));
            Assert.Equal(r1Pair.MatchedSyllables, r1Pair.Sections.Sum(s => s.CoveredSyllables));
            Assert.Equal(json.SimilarityIndex, Math.Round((double)json.Sections.Sum(s => s.CoveredSyllables) / json.CountedSyllables, 4), 4);
            Assert.Contains("top_section", PairsCsv.Write(check.Sources), StringComparison.Ordinal);
            Assert.Contains("Theo phần: ", TextReport.Check(check), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(true);
        }
    }
}
