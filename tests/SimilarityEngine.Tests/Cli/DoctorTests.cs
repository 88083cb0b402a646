namespace SimilarityEngine.Tests;

/// <summary><c>simeng doctor</c>: every check says in Vietnamese what it found, and each problem comes with its fix.</summary>
public sealed class DoctorTests : IDisposable
{
    private readonly DirectoryInfo _dir = TestPaths.TempDir();

    public void Dispose() => _dir.Delete(true);

    [SkippableFact]
    [Trait("Category", "Slow")]
    public async Task Installed_EverythingOk_IndexChecked_Exit0()
    {
        TestPaths.RequireSoffice();
        TestPaths.RequireOcr();
        string index = Path.Combine(_dir.FullName, "idx");
        var (ingest, _, ingestErr) = await CliRunner.Run("ingest", TestPaths.Sample("vi-features.docx"), "--index", index, "--quiet");
        Assert.True(ingest == 0, ingestErr);

        var (code, output, err) = await CliRunner.Run("doctor", "--index", index, "--data", Path.Combine(_dir.FullName, "data"), "--urls", "http://127.0.0.1:0");

        Assert.True(code == 0, output + err);
        Assert.Contains("[ OK ] LibreOffice (đọc tệp .doc): LibreOffice", output, StringComparison.Ordinal);
        Assert.Contains("chuyển thử một tệp .doc được", output, StringComparison.Ordinal);
        Assert.Contains("có dữ liệu tiếng Việt (vie)", output, StringComparison.Ordinal);
        Assert.Contains("[ OK ] Tình trạng chỉ mục: không lỗi — 1 báo cáo", output, StringComparison.Ordinal);
        Assert.Contains("Kết quả: sẵn sàng", output, StringComparison.Ordinal);
        Assert.DoesNotContain("[LỖI]", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NothingInstalled_UnwritableIndex_DeadBroker_EachAFailureWithItsFix_Exit1()
    {
        string file = Path.Combine(_dir.FullName, "a-file");
        File.WriteAllText(file, "x");
        using var p = CliRunner.StartWith(new Dictionary<string, string>
        {
            ["PATH"] = Path.Combine(_dir.FullName, "empty-path"),
            ["SIMENG_BROKER_PASSWORD"] = "mat-khau-bi-mat",
        }, "doctor", "--index", Path.Combine(file, "idx"), "--data", Path.Combine(_dir.FullName, "data"),
            "--broker", "amqp://guest@127.0.0.1:1/", "--urls", "http://127.0.0.1:0");
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        string output = await stdout + await stderr;

        Assert.True(p.ExitCode == 1, output);
        Assert.Contains("[LỖI] LibreOffice (đọc tệp .doc): không tìm thấy soffice", output, StringComparison.Ordinal);
        Assert.Contains("apt-get install -y --no-install-recommends libreoffice-writer-nogui", output, StringComparison.Ordinal);
        Assert.Contains("tesseract-ocr-vie", output, StringComparison.Ordinal);
        Assert.Contains("poppler-utils", output, StringComparison.Ordinal);
        Assert.Contains("[LỖI] Thư mục chỉ mục (--index):", output, StringComparison.Ordinal);
        Assert.Contains("không ghi được", output, StringComparison.Ordinal);
        Assert.Contains("[ OK ] Thư mục dữ liệu web (--data):", output, StringComparison.Ordinal);
        Assert.Contains("[LỖI] RabbitMQ (amqp://guest:***@127.0.0.1:1/): không kết nối được", output, StringComparison.Ordinal);
        Assert.DoesNotContain("mat-khau-bi-mat", output, StringComparison.Ordinal);
        Assert.Contains("lỗi cần sửa", output, StringComparison.Ordinal);
    }
}
