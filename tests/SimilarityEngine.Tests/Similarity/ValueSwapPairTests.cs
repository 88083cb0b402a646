using System.Text.Json;

namespace SimilarityEngine.Tests;

/// <summary>A copy whose only differences are values (years, classes, counts) is labelled as such, with the values listed.</summary>
public sealed class ValueSwapPairTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    private static string Report(string year, string cls, string count) =>
        $"Năm học {year}, lớp {cls} của trường có {count} học sinh, trong đó nhiều em còn rụt rè khi đọc trước lớp.\n" +
        $"{ParaphraseTests.P1}\n{ParaphraseTests.P2}\n{ParaphraseTests.P3}\n";

    private async Task<JsonElement> CheckAsync(string submissionText)
    {
        string source = Path.Combine(_dir.FullName, "nguon.txt");
        File.WriteAllText(source, Report("2021 - 2022", "5A", "35"));
        string index = Path.Combine(_dir.FullName, "index");
        var (ic, _, ie) = await CliRunner.Run("ingest", source, "--index", index, "--quiet");
        Assert.True(ic == 0, ie);
        string submission = Path.Combine(_dir.FullName, "bai-nop.txt");
        File.WriteAllText(submission, submissionText);
        string json = Path.Combine(_dir.FullName, "check.json");
        var (cc, _, ce) = await CliRunner.Run("check", submission, "--index", index, "--json", json, "--quiet");
        Assert.True(cc == 0, ce);
        return JsonDocument.Parse(File.ReadAllText(json)).RootElement.GetProperty("sources")[0].Clone();
    }

    [Fact]
    public async Task Check_CopyWithOnlyValuesChanged_LabelledWithTheValues()
    {
        var pair = await CheckAsync(Report("2023 - 2024", "4B", "38"));
        Assert.True(pair.GetProperty("only_values_changed").GetBoolean());
        var swaps = pair.GetProperty("value_swaps").EnumerateArray().Select(s => s.GetString()).ToList();
        Assert.Contains(swaps, s => s!.Contains("5A", StringComparison.Ordinal) && s.Contains("4B", StringComparison.Ordinal));
        Assert.Contains(swaps, s => s!.Contains("35", StringComparison.Ordinal) && s.Contains("38", StringComparison.Ordinal));
        Assert.Contains("2021 - 2022 → 2023 - 2024", swaps);
        Assert.Equal(3, swaps.Count);
    }

    // what a reviewer reads as "values swapped": names, numbers, years, classes, places; not a clause opened with a capital
    // after a list mark, not a renumbered measure or heading; a school year is one value
    [Theory]
    [InlineData("năm học 2023 - 2024 tại trường", "năm học 2022 - 2023 tại trường", "2022 - 2023 → 2023 - 2024")]
    [InlineData("năm học 2023-2024 tại trường", "năm học 2022-2023 tại trường", "2022-2023 → 2023-2024")]
    [InlineData("lớp 2C có 40 em tham gia", "lớp 2A có 35 em tham gia", "2A → 2C|35 → 40")]
    [InlineData("do cô giáo Trần Thị Hoa dạy", "do cô giáo Nguyễn Thị Lan dạy", "Nguyễn → Trần|Lan → Hoa")]
    [InlineData("ở Trường Tiểu học Lê Lợi năm đó", "ở Trường Tiểu học Kim Đồng năm đó", "Kim Đồng → Lê Lợi")]
    [InlineData("các ý sau:\nb) Rock và nhạc nhẹ được dùng", "các ý sau:\nb) Khi và nhạc nhẹ được dùng", "")]
    [InlineData("cách làm • Mỹ thuật giúp em", "cách làm • Những thuật giúp em", "")]
    [InlineData("Biện pháp 1: Tổ chức trò chơi học tập", "Biện pháp 4: Tổ chức trò chơi học tập", "")]
    [InlineData("nội dung.\n2. Lý do chọn đề tài", "nội dung.\n1. Lý do chọn đề tài", "")]
    public void ValueSwaps_AreValues(string submission, string source, string expected)
    {
        var swaps = Engine.ReportModels.Differences(submission, source).Where(d => d.Value).Select(d => $"{d.SourceText} → {d.SubmissionText}");
        Assert.Equal(expected, string.Join('|', swaps));
    }

    [Fact]
    public async Task Check_CopyWithWordsEditedToo_NotLabelledValuesOnly()
    {
        string edited = Report("2023 - 2024", "4B", "38").Replace("rụt rè khi đọc trước lớp", "ngại ngùng lúc phát biểu trước cả lớp", StringComparison.Ordinal);
        var pair = await CheckAsync(edited);
        Assert.False(pair.GetProperty("only_values_changed").GetBoolean());
    }
}
