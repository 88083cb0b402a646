using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Ingest;
using SimilarityEngine.Ingest.Extractors;

namespace SimilarityEngine.Cli;

/// <summary><c>simeng doctor</c>: what an installation needs, checked one by one, in Vietnamese, each problem with its fix.
/// Exit 0 when nothing is wrong (notes allowed), 1 when something is.</summary>
internal static class Doctor
{
    private enum Level
    {
        Ok,
        Note,
        Fail,
    }

    private sealed record Finding(Level Level, string What, string Detail, string? Fix = null);

    /// <summary>Free space under which the index's disk is a problem (a batch of a province's reports needs room).</summary>
    public const long LowDiskBytes = 1L << 30;

    public static int Run(CliContext ctx, string index, string data, string urls, Handlers.BrokerAccess? broker)
    {
        var findings = new List<Finding>();
        void Add(Finding? f)
        {
            if (f is null)
            {
                return;
            }
            findings.Add(f);
            ctx.Stdout.WriteLine(Line(f));
        }
        ctx.Stdout.WriteLine($"simeng doctor {CliVersion()} — kiểm tra cài đặt / installation check");
        Add(LibreOffice());
        Add(Tesseract());
        Add(Poppler());
        Add(Fonts());
        Add(Folder("Thư mục chỉ mục (--index)", index));
        Add(DiskSpace(index));
        Add(IndexHealth(index));
        Add(FormatVersion(index));
        Add(Folder("Thư mục dữ liệu web (--data)", data));
        Add(Port(urls));
        if (broker is not null)
        {
            Add(Broker(broker));
        }
        int failed = findings.Count(f => f.Level == Level.Fail);
        int notes = findings.Count(f => f.Level == Level.Note);
        ctx.Stdout.WriteLine(failed == 0
            ? $"Kết quả: sẵn sàng — {findings.Count} mục kiểm tra, {notes} lưu ý / ready"
            : $"Kết quả: {failed} lỗi cần sửa, {notes} lưu ý / {failed} problem(s) to fix");
        return failed == 0 ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
    }

    private static string Line(Finding f)
    {
        string tag = f.Level switch
        {
            Level.Ok => "[ OK ]",
            Level.Note => "[LƯU Ý]",
            _ => "[LỖI]",
        };
        return $"{tag} {f.What}: {Terminal.Safe(f.Detail)}" + (f.Fix is null ? "" : $"\n       → cách sửa: {f.Fix}");
    }

    // LibreOffice reads .doc: a small RTF file saved as .doc goes through the same conversion as a teacher's old report
    private static Finding LibreOffice()
    {
        const string what = "LibreOffice (đọc tệp .doc)";
        const string fix = "sudo apt-get install -y --no-install-recommends libreoffice-writer-nogui";
        if (ExternalTool.Find("soffice") is null)
        {
            return new(Level.Fail, what, "không tìm thấy soffice trên PATH; tệp .doc sẽ không đọc được", fix);
        }
        var dir = ExternalTool.PrivateTempDirectory("simeng-doctor-");
        try
        {
            string doc = Path.Combine(dir.FullName, "thu.doc");
            File.WriteAllText(doc, @"{\rtf1\ansi\deff0 {\fonttbl {\f0 Times New Roman;}}\f0 Kiem tra chuyen doi tai lieu bang LibreOffice\par}");
            var read = new DocumentReader().Read(doc);
            return read.Text.Contains("Kiem tra chuyen doi", StringComparison.Ordinal)
                ? new(Level.Ok, what, $"{Version("soffice", "--version")}; chuyển thử một tệp .doc được")
                : new(Level.Fail, what, "chuyển thử một tệp .doc nhưng không ra chữ", fix);
        }
        catch (Exception ex) when (ex is DocumentFormatException or IOException or InvalidOperationException or TimeoutException)
        {
            return new(Level.Fail, what, $"chuyển thử một tệp .doc không được: {(ex is DocumentFormatException d ? d.Reason : ex.Message)}", fix);
        }
        finally
        {
            ExternalTool.TryDelete(dir);
        }
    }

    private static Finding Tesseract()
    {
        const string what = "Tesseract (đọc bản scan, OCR)";
        const string fix = "sudo apt-get install -y --no-install-recommends tesseract-ocr tesseract-ocr-vie";
        if (ExternalTool.Find("tesseract") is not { } exe)
        {
            return new(Level.Fail, what, "không tìm thấy tesseract trên PATH; bản scan và ảnh chụp sẽ không đọc được", fix);
        }
        try
        {
            var (_, listOut, listErr) = ExternalTool.Run(exe, ["--list-langs"], TimeSpan.FromSeconds(30));
            var langs = (listOut + "\n" + listErr).Split('\n', StringSplitOptions.TrimEntries);
            return langs.Contains("vie")
                ? new(Level.Ok, what, $"{Version("tesseract", "--version")}; có dữ liệu tiếng Việt (vie)")
                : new(Level.Fail, what, "có tesseract nhưng thiếu dữ liệu tiếng Việt (vie)", "sudo apt-get install -y tesseract-ocr-vie");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return new(Level.Fail, what, $"không chạy được tesseract: {ex.Message}", fix);
        }
    }

    private static Finding Poppler() => ExternalTool.Find("pdftoppm") is null
        ? new(Level.Fail, "Poppler (dựng trang PDF để OCR)", "không tìm thấy pdftoppm trên PATH; PDF scan sẽ không đọc được",
            "sudo apt-get install -y --no-install-recommends poppler-utils")
        : new(Level.Ok, "Poppler (dựng trang PDF để OCR)", Version("pdftoppm", "-v"));

    // LibreOffice lays out a .doc with the fonts it has; without Vietnamese-capable fonts the text is still read (it is the
    // characters that count), so a missing font is a note, not a failure
    private static Finding Fonts()
    {
        const string what = "Phông chữ tiếng Việt";
        if (ExternalTool.Find("fc-list") is not { } exe)
        {
            return new(Level.Note, what, "không có fc-list để kiểm tra phông chữ", "sudo apt-get install -y fontconfig fonts-dejavu-core");
        }
        try
        {
            var (_, output, _) = ExternalTool.Run(exe, [":lang=vi", "family"], TimeSpan.FromSeconds(30));
            int families = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Count();
            return families > 0
                ? new(Level.Ok, what, $"{families} họ phông có chữ tiếng Việt")
                : new(Level.Note, what, "không có phông nào có chữ tiếng Việt (chữ vẫn đọc được; bản PDF/HTML in ra có thể thiếu dấu)",
                    "sudo apt-get install -y fonts-dejavu-core fonts-liberation");
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return new(Level.Note, what, $"không chạy được fc-list: {ex.Message}");
        }
    }

    // a folder the service writes: made if missing (as the commands do), then a file written and deleted in it
    private static Finding Folder(string what, string path)
    {
        try
        {
            Directory.CreateDirectory(path);
            string probe = Path.Combine(path, ".simeng-doctor-" + Environment.ProcessId.ToString(CultureInfo.InvariantCulture));
            File.WriteAllText(probe, "ok");
            File.Delete(probe);
            return new(Level.Ok, what, $"{Path.GetFullPath(path)} ghi được");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new(Level.Fail, what, $"{Path.GetFullPath(path)} không ghi được ({ex.Message})",
                $"cấp quyền ghi cho người dùng chạy simeng, ví dụ: sudo chown -R {Environment.UserName} {Path.GetFullPath(path)}");
        }
    }

    private static Finding DiskSpace(string index)
    {
        const string what = "Dung lượng đĩa của chỉ mục";
        try
        {
            var drive = new DriveInfo(Path.GetFullPath(index));
            long free = drive.AvailableFreeSpace;
            string text = $"còn trống {ViFormat.Fraction(free / (1024.0 * 1024 * 1024), 1)} GiB";
            return free < LowDiskBytes
                ? new(Level.Fail, what, text + " (dưới 1 GiB)", "giải phóng đĩa hoặc chuyển chỉ mục sang đĩa lớn hơn (simeng index backup rồi index restore)")
                : new(Level.Ok, what, text);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException)
        {
            return new(Level.Note, what, $"không đo được ({ex.Message})");
        }
    }

    private static Finding IndexHealth(string index)
    {
        const string what = "Tình trạng chỉ mục";
        if (!Directory.Exists(index))
        {
            return new(Level.Note, what, "chưa có thư mục chỉ mục để kiểm tra");
        }
        if (!Directory.EnumerateFileSystemEntries(index).Any(f => !Path.GetFileName(f).StartsWith(".simeng-doctor-", StringComparison.Ordinal)))
        {
            return new(Level.Note, what, "chỉ mục còn trống (chưa nạp báo cáo nào)", "simeng ingest <thư mục báo cáo> --index " + index);
        }
        try
        {
            var r = IndexMaintenance.Check(index);
            return r.Clean
                ? new(Level.Ok, what, $"không lỗi — {ViFormat.Number(r.Reports)} báo cáo, mọi tệp đúng checksum")
                : new(Level.Fail, what, $"HỎNG — {r.Problem}", $"simeng index repair --index {index} (hoặc simeng index restore <bản sao lưu>)");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidOperationException or IndexInUseException)
        {
            return new(Level.Fail, what, $"không đọc được chỉ mục: {ex.Message}", $"simeng index check --index {index}");
        }
    }

    private static Finding? FormatVersion(string index)
    {
        const string what = "Định dạng chỉ mục";
        if (IndexFormat.Read(index) is not int v)
        {
            return null;
        }
        return v == IndexFormat.Current
            ? new(Level.Ok, what, $"định dạng {v} (bản này ghi định dạng {IndexFormat.Current})")
            : v < IndexFormat.Current
                ? new(Level.Note, what, $"định dạng cũ {v}: đọc được; lần nạp tới sẽ nâng lên định dạng {IndexFormat.Current}",
                    $"simeng index upgrade --index {index} (nên sao lưu trước: simeng index backup)")
                : new(Level.Fail, what, $"định dạng {v}, mới hơn bản simeng này (đọc tới định dạng {IndexFormat.Current})", "cài bản simeng mới hơn");
    }

    // the address 'simeng serve --urls' will listen on must be free (or already ours: a running service is a note)
    private static Finding Port(string urls)
    {
        string what = $"Cổng web ({urls})";
        if (!Uri.TryCreate(urls.Split(';')[0], UriKind.Absolute, out var uri))
        {
            return new(Level.Fail, what, "địa chỉ không hợp lệ", "ví dụ: --urls http://0.0.0.0:5080");
        }
        var address = uri.Host is "localhost" ? IPAddress.Loopback
            : uri.Host is "*" or "+" || !IPAddress.TryParse(uri.Host, out var parsed) ? IPAddress.Any : parsed;
        try
        {
            using var listener = new TcpListener(address, uri.Port);
            listener.Start();
            listener.Stop();
            return new(Level.Ok, what, $"cổng {uri.Port} còn trống");
        }
        catch (SocketException ex)
        {
            return new(Level.Note, what, $"cổng {uri.Port} đang có chương trình khác dùng ({ex.SocketErrorCode}); nếu đó là simeng serve đang chạy thì không sao",
                $"dừng chương trình kia, hoặc chọn cổng khác: --urls http://0.0.0.0:{uri.Port + 1}");
        }
    }

    private static Finding Broker(Handlers.BrokerAccess broker)
    {
        string what = $"RabbitMQ ({Distributed.Broker.Mask(broker.Url)})";
        try
        {
            var factory = Distributed.Broker.Factory(broker.Url);
            factory.AutomaticRecoveryEnabled = false;
            factory.RequestedConnectionTimeout = TimeSpan.FromSeconds(10);
            using var connection = factory.CreateConnectionAsync().GetAwaiter().GetResult();
            return new(Level.Ok, what, "kết nối được" + (broker.Secret is null ? "; chưa có khoá ký việc (SIMENG_BROKER_SECRET)" : "; có khoá ký việc"));
        }
        catch (Exception ex) when (ex is RabbitMQ.Client.Exceptions.BrokerUnreachableException or RabbitMQ.Client.Exceptions.AuthenticationFailureException
            or UriFormatException or IOException or TimeoutException or SocketException)
        {
            return new(Level.Fail, what, $"không kết nối được ({Distributed.Broker.Mask(ex.InnerException?.Message ?? ex.Message)})",
                "rabbitmq-server -detached (trên máy chủ hàng đợi); kiểm tra địa chỉ, tên người dùng và mật khẩu (--broker-password-file)");
        }
    }

    // the first line of a tool's version output (soffice prints on stdout, pdftoppm on stderr)
    private static string Version(string tool, string flag)
    {
        try
        {
            var (_, output, err) = ExternalTool.Run(ExternalTool.Find(tool)!, [flag], TimeSpan.FromSeconds(60));
            string line = (output + "\n" + err).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault(l => !l.Contains("javaldx", StringComparison.Ordinal)) ?? tool;
            return line.Length > 80 ? line[..80] : line;
        }
        catch (Exception ex) when (ex is IOException or InvalidOperationException or TimeoutException or System.ComponentModel.Win32Exception)
        {
            return tool;
        }
    }

    // the version and commit, as --version prints them
    private static string CliVersion() =>
        typeof(Doctor).Assembly.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion ?? "?";
}
