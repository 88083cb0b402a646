using System.Text;
using SimilarityEngine.Engine;
using SimilarityEngine.Indexing;
using SimilarityEngine.Ingest;
using SimilarityEngine.Reports;

namespace SimilarityEngine.Cli;

/// <summary>What each command does: build a request, call <see cref="SimEngine"/>, print or write its result.</summary>
internal static partial class Handlers
{
    /// <summary>The failure list written beside the outputs of <c>extract --out</c>.</summary>
    public const string ExtractErrorsFile = "extract-errors.csv";

    public static int Extract(CliContext ctx, string[] inputs, bool json, string? outDir, bool force, Reading reading, bool quiet)
    {
        var plan = Plan(() => InputPlanner.Expand(inputs));
        foreach (var w in plan.Warnings)
        {
            ctx.Stderr.WriteLine($"warning: {Terminal.Safe(w)}");
        }
        if (plan.Files.Count == 0)
        {
            ctx.Stderr.WriteLine($"simeng: không có tệp {DocumentFormats.ExtensionList} nào trong đầu vào");
            return ExitCodes.Ok;
        }
        if (outDir is not null)
        {
            if (File.Exists(outDir))
            {
                throw new UserException($"--out must be a folder; {outDir} is a file");
            }
            Directory.CreateDirectory(outDir);
        }
        string TxtOf(InputFile f) => Path.Combine(outDir!, f.Name + ".txt");
        using var isolation = reading.Isolation();
        var engine = new SimEngine(limits: reading.Limits, isolation: isolation);
        var request = new ExtractRequest(plan.Files)
        {
            // printing to the terminal keeps the input order; writing files goes as fast as the cores allow
            Parallelism = outDir is null ? 1 : Environment.ProcessorCount,
            Skip = outDir is null || force ? null : f => File.Exists(TxtOf(f)) && File.GetLastWriteTimeUtc(TxtOf(f)) >= File.GetLastWriteTimeUtc(f.Path),
        };
        var summary = engine.Extract(request, o =>
        {
            if (o.Error is not null)
            {
                ctx.Stderr.WriteLine($"FAILED {Terminal.Safe(o.File.Path)}: {Terminal.Safe(o.Error)}");
                return;
            }
            if (o.Document is null)
            {
                return;
            }
            string? report = json ? JsonContracts.Serialize(ExtractReport.From(o.Document)) : null;
            if (outDir is null)
            {
                ctx.Stdout.WriteLine(report ?? o.Document.Text);
                return;
            }
            string txt = TxtOf(o.File);
            Directory.CreateDirectory(Path.GetDirectoryName(txt)!);
            if (report is not null)
            {
                Output.WriteAtomically(Path.ChangeExtension(txt, null) + ".json", report);
            }
            // the .txt last: its time says the file is done
            Output.WriteAtomically(txt, o.Document.Text + "\n");
        }, ctx.Progress(quiet), ctx.Cancel);
        if (outDir is not null)
        {
            // failures were printed as they came; the list stays beside the outputs
            string errors = Path.Combine(outDir, ExtractErrorsFile);
            Output.WriteAtomically(errors, Csv.Write(["file", "reason"], summary.Failures.Select(f => new[] { f.File, f.Reason })));
            ctx.Stderr.WriteLine($"trích xuất: đã ghi {summary.Extracted}/{plan.Files.Count} tệp vào {Terminal.Safe(outDir)}" +
                                 (summary.Skipped > 0 ? $", {summary.Skipped} tệp không đổi (--force để làm lại)" : "") +
                                 (summary.Failures.Count > 0 ? $", {summary.Failures.Count} tệp lỗi (danh sách: {Terminal.Safe(errors)})" : ""));
        }
        return summary.Failures.Count == 0 ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
    }

    private static T Plan<T>(Func<T> plan)
    {
        try
        {
            return plan();
        }
        catch (ManifestException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    public static int Ingest(CliContext ctx, string[] inputs, string? manifest, string index, Writing wait, Reading reading, bool quiet)
    {
        var summary = RunIngest(ctx, inputs, manifest, index, wait, reading, quiet, EngineOptions.Default);
        return summary.Failed == 0 ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
    }

    /// <summary>Where the broker is and how jobs are signed.</summary>
    /// <param name="Url">The address with its password put in (print only <see cref="Distributed.Broker.Mask"/> of it).</param>
    /// <param name="Secret">The signing secret, or null.</param>
    public sealed record BrokerAccess(string Url, byte[]? Secret);

    /// <summary>The broker's address with the password of <paramref name="passwordFile"/> (else SIMENG_BROKER_PASSWORD) put
    /// in, and the secret of <paramref name="secretFile"/> (else SIMENG_BROKER_SECRET).</summary>
    /// <exception cref="UserException">No address, an unreadable file, or a secret under 16 characters.</exception>
    public static BrokerAccess ResolveBroker(string? url, string? passwordFile, string? secretFile)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            throw new UserException("no broker: give --broker amqp://user@host:5672/ or set SIMENG_BROKER");
        }
        string? password = passwordFile is not null ? ReadSecretFile(passwordFile, "--broker-password-file")
            : Environment.GetEnvironmentVariable("SIMENG_BROKER_PASSWORD") is { Length: > 0 } p ? p : null;
        string? secret = secretFile is not null ? ReadSecretFile(secretFile, "--broker-secret-file")
            : Environment.GetEnvironmentVariable("SIMENG_BROKER_SECRET") is { Length: > 0 } s ? s.Trim() : null;
        if (secret is { Length: < 16 })
        {
            throw new UserException($"the broker secret has {secret.Length} characters; use at least 16 (e.g. head -c 32 /dev/urandom | base64 > secret)");
        }
        return new BrokerAccess(Distributed.Broker.WithPassword(url, password), secret is null ? null : Encoding.UTF8.GetBytes(secret));
    }

    private static string ReadSecretFile(string path, string option)
    {
        try
        {
            string text = File.ReadAllText(path).Trim();
            return text.Length > 0 ? text : throw new UserException($"{option}: {Terminal.Safe(path)} is empty");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{option}: cannot read {Terminal.Safe(path)} ({ex.Message})");
        }
    }

    public static int IngestThroughBroker(CliContext ctx, string[] inputs, string? manifest, string index, Writing wait, Reading reading, BrokerAccess broker,
        string queue, bool quiet)
    {
        var reports = PlanIngest(ctx, index, () => InputPlanner.ForIngest(inputs, manifest));
        IngestSummary summary;
        try
        {
            var request = new IngestRequest(index, reports)
            {
                WaitForLock = wait.WaitForLock,
                RetryQuarantined = reading.RetryQuarantined,
                Replace = wait.Replace,
                NewIndex = wait.NewIndex,
            };
            summary = OnBroker(broker.Url, () => Distributed.DistributedIngest.RunAsync(request, broker.Url, queue, EngineOptions.Default,
                new Ingest.DocumentReader(reading.Limits), ctx.Progress(quiet), ctx.Stderr, ctx.Cancel, broker.Secret));
        }
        catch (IndexInUseException ex)
        {
            throw new UserException(ex.Message);
        }
        catch (Distributed.BrokerLostException ex)
        {
            throw new UserException(ex.Message);
        }
        PrintSummary(ctx, index, summary);
        return summary.Failed == 0 ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
    }

    public static int Worker(CliContext ctx, BrokerAccess broker, string queue, int parallel, string[] sharedRoots, Reading reading)
    {
        foreach (var root in sharedRoots)
        {
            if (!Directory.Exists(root))
            {
                throw new UserException($"--shared-root {Terminal.Safe(root)}: no such folder");
            }
        }
        using var isolation = reading.Isolation();
        var trust = new Distributed.WorkerTrust(sharedRoots.Select(Path.GetFullPath).ToArray(), broker.Secret);
        var worker = new Distributed.BrokerWorker(new Ingest.DocumentReader(reading.Limits, isolation: isolation), parallel, ctx.Stderr, trust);
        OnBroker(broker.Url, async () =>
        {
            await worker.RunAsync(broker.Url, queue, ctx.Cancel).ConfigureAwait(false);
            return 0;
        });
        ctx.Stderr.WriteLine($"worker: đã dừng sau {worker.Done} việc{(worker.Refused > 0 ? $", từ chối {worker.Refused}" : "")}");
        return ExitCodes.Ok;
    }

    // Runs work against the broker; a bad address or an unreachable broker is a one-line usage error (password masked).
    private static T OnBroker<T>(string broker, Func<Task<T>> work)
    {
        try
        {
            return work().GetAwaiter().GetResult();
        }
        catch (UriFormatException ex)
        {
            throw new UserException(ex.Message);
        }
        catch (RabbitMQ.Client.Exceptions.BrokerUnreachableException ex)
        {
            // the innermost reason ("Connection failed, host 127.0.0.1:5999"), not the wrappers' "one or more errors"
            var inner = ex.GetBaseException();
            string why = inner.Message.Contains("ACCESS_REFUSED", StringComparison.Ordinal)
                ? "the user name or password is refused; check --broker-password-file or SIMENG_BROKER_PASSWORD"
                : inner.Message;
            throw new UserException($"no RabbitMQ broker answers at {Terminal.Safe(Distributed.Broker.Mask(broker))} ({why}); start one (rabbitmq-server -detached) or check the address");
        }
    }

    // The reports to ingest, with the planner's warnings printed; the index must be a folder.
    private static IReadOnlyList<ReportInput> PlanIngest(CliContext ctx, string index, Func<(IReadOnlyList<ReportInput>, IReadOnlyList<string>)> plan)
    {
        var (reports, warnings) = Plan(plan);
        foreach (var w in warnings)
        {
            ctx.Stderr.WriteLine($"warning: {Terminal.Safe(w)}");
        }
        if (File.Exists(index))
        {
            throw new UserException($"--index must be a folder; {index} is a file");
        }
        return reports;
    }

    public static int CollectionAdd(CliContext ctx, string name, string[] inputs, string index, Writing wait, Reading reading, bool quiet)
    {
        var summary = RunIngest(ctx, inputs, null, index, wait, reading, quiet, EngineOptions.Default, () => InputPlanner.ForCollection(name, inputs));
        return summary.Failed == 0 ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
    }

    public static int CollectionList(CliContext ctx, string index)
    {
        IReadOnlyList<(string Name, int Documents)> collections;
        try
        {
            collections = SimEngine.Collections(index);
        }
        catch (FileNotFoundException ex)
        {
            throw new UserException(ex.Message);
        }
        if (collections.Count == 0)
        {
            ctx.Stdout.WriteLine("chưa có bộ tài liệu tham khảo nào (thêm bằng: simeng collection add TÊN TỆP-HOẶC-THƯ-MỤC)");
        }
        foreach (var (name, documents) in collections)
        {
            ctx.Stdout.WriteLine($"{Terminal.Safe(name)}\t{documents}");
        }
        return ExitCodes.Ok;
    }

    private static IngestSummary RunIngest(CliContext ctx, string[] inputs, string? manifest, string index, Writing wait, Reading reading, bool quiet,
        EngineOptions options, Func<(IReadOnlyList<ReportInput>, IReadOnlyList<string>)>? plan = null)
    {
        var reports = PlanIngest(ctx, index, plan ?? (() => InputPlanner.ForIngest(inputs, manifest)));
        IngestSummary summary;
        try
        {
            var request = new IngestRequest(index, reports)
            {
                WaitForLock = wait.WaitForLock,
                CommitEvery = wait.CommitEvery,
                RetryQuarantined = reading.RetryQuarantined,
                Replace = wait.Replace,
                NewIndex = wait.NewIndex,
            };
            using var isolation = reading.Isolation();
            summary = new SimEngine(options, reading.Limits, isolation: isolation).Ingest(request, ctx.Progress(quiet), ctx.Cancel);
        }
        catch (IndexInUseException ex)
        {
            throw new UserException(ex.Message);
        }
        PrintSummary(ctx, index, summary);
        return summary;
    }

    private static void PrintSummary(CliContext ctx, string index, IngestSummary summary)
    {
        foreach (var note in summary.Notes)
        {
            ctx.Stderr.WriteLine($"note: {Terminal.Safe(note)}");
        }
        foreach (var (file, reason) in summary.Failures)
        {
            ctx.Stderr.WriteLine($"FAILED {Terminal.Safe(file)}: {Terminal.Safe(reason)}");
        }
        ctx.Stderr.WriteLine($"nạp vào kho: thêm {summary.Added}, đã có {summary.Unchanged}, lỗi {summary.Failed}; " +
                             $"kho {Terminal.Safe(index)} có {summary.ReportsInIndex} báo cáo" +
                             (summary.Failed > 0 ? $" (danh sách lỗi: {Terminal.Safe(Path.Combine(index, IngestService.ErrorsFile))})" : ""));
    }

    public static int Check(CliContext ctx, string file, string index, string? json, string? html, string? author, string? school, EngineOptions options,
        Reading reading, bool quiet, string? pdf = null)
    {
        Output.EnsureWritable(json, "--json");
        Output.EnsureWritable(html, "--html");
        Output.EnsureWritable(pdf, "--pdf");
        if (pdf is not null && PdfReport.Printer() is null)
        {
            // said before the check runs, not after minutes of OCR
            throw new UserException($"--pdf: {PdfReport.Missing}");
        }
        var meta = new Dictionary<string, string>();
        if (author is not null)
        {
            meta["author"] = author;
        }
        if (school is not null)
        {
            meta["school"] = school;
        }
        CheckResult result;
        try
        {
            using var isolation = reading.Isolation();
            result = new SimEngine(options, reading.Limits, isolation: isolation).Check(new CheckRequest(index, file) { Metadata = meta }, ctx.Progress(quiet), ctx.Cancel);
        }
        catch (FileNotFoundException ex)
        {
            throw new UserException(ex.Message);
        }
        catch (DocumentFormatException ex)
        {
            ctx.Stderr.WriteLine($"FAILED {Terminal.Safe(ex.SourcePath)}: {Terminal.Safe(ex.Reason)}");
            return ExitCodes.SomeFilesFailed;
        }
        ctx.Stdout.WriteLine(Terminal.Safe(TextReport.Check(result), keepNewlines: true));
        if (json is not null)
        {
            Output.WriteAtomically(json, JsonContracts.Serialize(ReportModels.Check(result)));
            ctx.Stderr.WriteLine($"báo cáo JSON: {Terminal.Safe(json)}");
        }
        if (html is not null)
        {
            Output.WriteAtomically(html, HtmlReport.Check(result, verdicts: options.Verdicts));
            ctx.Stderr.WriteLine($"báo cáo HTML: {Terminal.Safe(html)}");
        }
        if (pdf is not null)
        {
            try
            {
                Output.WriteAtomically(pdf, PdfReport.FromHtml(HtmlReport.Check(result, verdicts: options.Verdicts), ct: ctx.Cancel));
            }
            catch (PdfReportException ex)
            {
                throw new UserException(ex.Message);
            }
            ctx.Stderr.WriteLine($"báo cáo PDF: {Terminal.Safe(pdf)}");
        }
        return ExitCodes.Ok;
    }

    public static int Screen(CliContext ctx, string[] inputs, string? manifest, string index, int? year, string? outCsv, string? json, Writing wait,
        EngineOptions options, Reading reading, bool quiet)
    {
        Output.EnsureWritable(outCsv, "--out");
        Output.EnsureWritable(json, "--json");
        int code = ExitCodes.Ok;
        if (inputs.Length > 0 || manifest is not null)
        {
            var summary = RunIngest(ctx, inputs, manifest, index, wait, reading, quiet, options);
            code = summary.Failed == 0 ? ExitCodes.Ok : ExitCodes.SomeFilesFailed;
        }
        ScreenResult result;
        try
        {
            result = new SimEngine(options, reading.Limits).Screen(new ScreenRequest(index, year), ctx.Progress(quiet), ctx.Cancel);
        }
        catch (FileNotFoundException ex)
        {
            throw new UserException(ex.Message);
        }
        ctx.Stdout.WriteLine(Terminal.Safe(TextReport.Screen(result, options), keepNewlines: true));
        if (outCsv is not null)
        {
            Output.WriteAtomically(outCsv, PairsCsv.Write(result.Flagged));
            ctx.Stderr.WriteLine($"các cặp nghi vấn: {Terminal.Safe(outCsv)}");
        }
        if (json is not null)
        {
            Output.WriteAtomically(json, JsonContracts.Serialize(ReportModels.Screen(result)));
            ctx.Stderr.WriteLine($"báo cáo JSON: {Terminal.Safe(json)}");
        }
        return code;
    }

    public static int Stats(CliContext ctx, string index, bool json)
    {
        StatsResult stats;
        try
        {
            stats = SimEngine.Stats(index);
        }
        catch (FileNotFoundException ex)
        {
            throw new UserException(ex.Message);
        }
        if (json)
        {
            ctx.Stdout.WriteLine(JsonContracts.Serialize(ReportModels.Stats(stats)));
            return ExitCodes.Ok;
        }
        var w = ctx.Stdout;
        w.WriteLine($"chỉ mục       {Terminal.Safe(stats.Index)} (commit {stats.Commit})");
        w.WriteLine($"báo cáo       {ViFormat.Number(stats.Reports)}");
        foreach (var (y, n) in stats.ByYear)
        {
            w.WriteLine($"  năm {y,-6} {ViFormat.Number(n)}");
        }
        w.WriteLine($"dấu vân tay   {ViFormat.Number(stats.Fingerprints)} khác nhau");
        w.WriteLine($"dung lượng    {ViFormat.Fraction(stats.SizeBytes / 1024.0 / 1024.0, 1)} MiB, {ViFormat.Fraction((double)stats.SizeBytes / Math.Max(1, stats.TextBytes))}× văn bản chuẩn hoá " +
                    $"({ViFormat.Fraction(stats.TextBytes / 1024.0 / 1024.0, 1)} MiB UTF-8, {ViFormat.Number(stats.TextCharacters)} ký tự)");
        return ExitCodes.Ok;
    }

    public static int IndexCheck(CliContext ctx, string index)
    {
        var r = Guard(() => IndexMaintenance.Check(index));
        if (r.Clean)
        {
            ctx.Stdout.WriteLine($"chỉ mục {Terminal.Safe(index)}: không lỗi / clean — {ViFormat.Number(r.Reports)} báo cáo, {r.Segments} segment(s), every checksum verified");
            return ExitCodes.Ok;
        }
        ctx.Stdout.WriteLine($"chỉ mục {Terminal.Safe(index)}: HỎNG / damaged — {Terminal.Safe(r.Problem)}");
        if (r.BrokenSegments.Count > 0)
        {
            ctx.Stdout.WriteLine($"'simeng index repair --index {Terminal.Safe(index)}' drops them and lists the reports to ingest again");
        }
        return ExitCodes.Usage;
    }

    public static int ConfigShow(CliContext ctx, System.CommandLine.RootCommand root, string? only)
    {
        var config = ctx.Config ?? throw new InvalidOperationException("no configuration loaded");
        var o = ctx.Stdout;
        o.WriteLine(config.File is null
            ? $"simeng config: không có tệp cấu hình ({SimengConfig.DefaultFile} không có; --config FILE hoặc SIMENG_CONFIG để chọn tệp khác)"
            : $"simeng config: tệp {Terminal.Safe(config.File)}");
        o.WriteLine("thứ tự / order: tệp < biến môi trường SIMENG__TÊN (SIMENG__SERVE__URLS cho một lệnh) < dòng lệnh; mật khẩu và khóa bí mật hiện ***");
        foreach (var name in SimengConfig.Commands.Where(c => only is null || c == only))
        {
            var cmd = root.Subcommands.First(c => c.Name == name);
            o.WriteLine();
            o.WriteLine(name);
            foreach (var option in SimengConfig.OptionsOf(cmd))
            {
                string value, source;
                if (config.For(name, option) is { } s)
                {
                    value = SimengConfig.Masked(option.Name, string.Join(", ", s.Values));
                    source = s.Source;
                }
                else
                {
                    var d = System.Text.RegularExpressions.Regex.Match(option.Description ?? "", @"\(default:? ([^)]*)\)");
                    value = d.Success ? d.Groups[1].Value : option.ValueType == typeof(bool) ? "false" : "—";
                    source = "mặc định / default";
                }
                o.WriteLine($"  {option.Name,-26} {Terminal.Safe(value),-40} ({Terminal.Safe(source)})");
            }
        }
        foreach (var unknown in config.Unknown(root))
        {
            o.WriteLine();
            o.WriteLine($"cảnh báo: khóa '{Terminal.Safe(unknown.Path)}' ({Terminal.Safe(unknown.Source)}) không ứng với tùy chọn nào, bị bỏ qua");
        }
        return ExitCodes.Ok;
    }

    public static int IndexUpgrade(CliContext ctx, string index, bool wait)
    {
        try
        {
            var (before, after, reports) = Guard(() => IndexMaintenance.Upgrade(index, wait ? TimeSpan.FromMinutes(30) : TimeSpan.Zero));
            ctx.Stdout.WriteLine(before == after
                ? $"chỉ mục {Terminal.Safe(index)}: đã ở định dạng {after}, không cần nâng cấp ({ViFormat.Number(reports)} báo cáo)"
                : $"chỉ mục {Terminal.Safe(index)}: đã nâng từ định dạng {before} lên {after} ({ViFormat.Number(reports)} báo cáo, không mất báo cáo nào)");
            return ExitCodes.Ok;
        }
        catch (IndexInUseException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    public static int IndexRepair(CliContext ctx, string index)
    {
        IndexRepairResult r;
        try
        {
            r = Guard(() => IndexMaintenance.Repair(index));
        }
        catch (IndexInUseException ex)
        {
            throw new UserException(ex.Message);
        }
        if (r.WasClean)
        {
            ctx.Stdout.WriteLine($"không có gì phải sửa / nothing to repair: {ViFormat.Number(r.Remaining)} báo cáo, every segment whole");
            return ExitCodes.Ok;
        }
        if (r.RebuiltPostings.Count > 0)
        {
            ctx.Stdout.WriteLine($"postings file(s) failing their checksum written again from the stored reports: {Terminal.Safe(string.Join(", ", r.RebuiltPostings))}");
        }
        if (r.CommitRebuilt)
        {
            ctx.Stdout.WriteLine("no commit point could be read: a new one was made from every segment whose files read back whole");
        }
        if (r.DuplicatesDropped > 0)
        {
            ctx.Stdout.WriteLine($"{r.DuplicatesDropped} older copy(ies) of reports stored twice under one id dropped (the newest kept)");
        }
        if (r.DroppedSegments.Count > 0 || r.Dropped > r.DuplicatesDropped)
        {
            ctx.Stdout.WriteLine($"dropped: segment(s) {Terminal.Safe(string.Join(", ", r.DroppedSegments))} that cannot be read, " +
                $"{(r.CommitRebuilt ? "with their reports" : $"{ViFormat.Number(r.Dropped - r.DuplicatesDropped)} report(s) in them")}; " +
                $"their files are in {Terminal.Safe(Path.Combine(index, IndexMaintenance.BeforeRepairFolder))}-*/ until you delete them");
            string list = Path.Combine(index, "repair-lost-ids.txt");
            Output.WriteAtomically(list, string.Join('\n', r.LostIds) + (r.LostIds.Count > 0 ? "\n" : ""));
            ctx.Stdout.WriteLine(r.LostIds.Count > 0
                ? $"ids of the dropped reports that could be read (ingest them again): {Terminal.Safe(list)}"
                : "no id of the dropped reports could be read: ingest your folders or manifest again (unchanged reports are skipped)");
        }
        ctx.Stdout.WriteLine($"repaired: {ViFormat.Number(r.Remaining)} báo cáo kept, the index checks clean");
        return ExitCodes.Ok;
    }

    public static int IndexRestore(CliContext ctx, string index, string backup)
    {
        try
        {
            var (aside, reports) = Guard(() => IndexMaintenance.Restore(backup, index));
            ctx.Stdout.WriteLine($"restored: {Terminal.Safe(index)} is now the backup {Terminal.Safe(backup)} ({ViFormat.Number(reports)} báo cáo), checked" +
                (aside is null ? "" : $"; the replaced index is kept in {Terminal.Safe(aside)} until you delete it"));
            return ExitCodes.Ok;
        }
        catch (IOException ex) when (ex is not FileNotFoundException)
        {
            throw new UserException($"restore: {ex.Message}");
        }
    }

    public static int IndexBackup(CliContext ctx, string index, string destination)
    {
        try
        {
            var (generation, reports) = Guard(() => IndexMaintenance.Backup(index, destination));
            ctx.Stdout.WriteLine($"backup of commit {generation} ({ViFormat.Number(reports)} báo cáo) in {Terminal.Safe(destination)}, checked; " +
                $"to put it back: simeng index restore {Terminal.Safe(destination)} --index {Terminal.Safe(index)}");
            return ExitCodes.Ok;
        }
        catch (IOException ex)
        {
            throw new UserException($"backup: {ex.Message}");
        }
    }

    private static T Guard<T>(Func<T> f)
    {
        try
        {
            return f();
        }
        catch (FileNotFoundException ex)
        {
            throw new UserException(ex.Message);
        }
    }

    public static string CompletionScript(string shell) => shell switch
    {
        // System.CommandLine's [suggest] directive answers with the completions for a position in a command line
        "zsh" => """
            _simeng_complete() {
              local -a completions
              completions=("${(@f)$(simeng "[suggest:${#BUFFER}]" "$BUFFER" 2>/dev/null)}")
              compadd -a completions
            }
            compdef _simeng_complete simeng

            """,
        _ => """
            _simeng_complete() {
              local IFS=$'\n'
              COMPREPLY=( $(simeng "[suggest:${COMP_POINT}]" "${COMP_LINE}" 2>/dev/null) )
            }
            complete -o default -F _simeng_complete simeng

            """,
    };
}

/// <summary>How a command that stores reports writes the index.</summary>
/// <param name="Wait">Wait for another writer instead of failing.</param>
/// <param name="Replace">A report whose id is stored with another text replaces it (else it is a failure row).</param>
/// <param name="NewIndex">Start a new index over the files of one that cannot be read (moved aside).</param>
internal sealed record Writing(bool Wait, bool Replace = false, bool NewIndex = false, int? CommitEvery = null)
{
    /// <summary>How long to wait for another writer.</summary>
    public TimeSpan WaitForLock => Wait ? TimeSpan.FromHours(1) : TimeSpan.Zero;
}

/// <summary>How files are read: limits, isolation in child processes (memory cap), quarantine.</summary>
/// <param name="Limits">Input limits.</param>
/// <param name="WorkerMemoryMb">Memory cap per extraction process; null: read in this process.</param>
/// <param name="RetryQuarantined">Read again the files that crashed the reader before.</param>
internal sealed record Reading(IngestLimits Limits, int? WorkerMemoryMb, bool RetryQuarantined)
{
    /// <summary>A pool of extraction processes running this program's hidden <c>extract-worker</c> command, or null.</summary>
    public Ingest.Isolation.IsolatedExtraction? Isolation() =>
        WorkerMemoryMb is int mb ? new Ingest.Isolation.IsolatedExtraction(WorkerStartInfo, mb) : null;

    private static System.Diagnostics.ProcessStartInfo WorkerStartInfo()
    {
        string? self = Environment.ProcessPath;
        System.Diagnostics.ProcessStartInfo psi;
        if (self is not null && Path.GetFileNameWithoutExtension(self) == "simeng")
        {
            psi = new(self);
        }
        else
        {
            // under dotnet (dotnet run, dotnet simeng.dll, a test host): run simeng.dll with the same host
            string host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } h ? h
                : self is not null && Path.GetFileNameWithoutExtension(self) == "dotnet" ? self : "dotnet";
            psi = new(host);
            psi.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "simeng.dll"));
        }
        psi.ArgumentList.Add("extract-worker");
        return psi;
    }
}

/// <summary>Output files: checked before long work starts, written to a temporary file and moved into place.</summary>
internal static class Output
{
    /// <summary>Fails at once (exit 2) when <paramref name="path"/> cannot be written (a folder, or a folder that cannot be
    /// made); creates its missing parent folders.</summary>
    public static void EnsureWritable(string? path, string option)
    {
        if (path is null)
        {
            return;
        }
        if (Directory.Exists(path))
        {
            throw new UserException($"{option} must name a file; {path} is a folder");
        }
        if (Ingest.FileKind.OfLink(path) == Ingest.FileKindValue.Link)
        {
            throw new UserException($"{option}: {path} is a symbolic link (to {new FileInfo(path).LinkTarget}); give the file itself");
        }
        string dir = Path.GetDirectoryName(Path.GetFullPath(path))!;
        try
        {
            Directory.CreateDirectory(dir);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"{option}: cannot make the folder {dir}: {ex.Message}");
        }
    }

    /// <summary>Writes <paramref name="text"/> to <paramref name="path"/> through a temporary file in the same folder, so
    /// that a reader never sees half a file.</summary>
    public static void WriteAtomically(string path, string text) => WriteAtomically(path, new UTF8Encoding(false).GetBytes(text));

    public static void WriteAtomically(string path, byte[] bytes)
    {
        switch (Ingest.FileKind.OfLink(path))
        {
            case Ingest.FileKindValue.Link:
                // a planted link would make simeng (run by root, say) replace its target: give the target itself
                throw new UserException($"cannot write {path}: it is a symbolic link (to {new FileInfo(path).LinkTarget}); give the file itself");
            case Ingest.FileKindValue.Fifo or Ingest.FileKindValue.Device or Ingest.FileKindValue.Socket:
                // /dev/stdout, a pipe: written in place, never replaced by a regular file
                try
                {
                    using var special = new FileStream(path, FileMode.Open, FileAccess.Write);
                    special.Write(bytes);
                    return;
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    throw new UserException($"cannot write {path}: {ex.Message}");
                }
        }
        try
        {
            AtomicFile.WriteAllBytes(path, bytes);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new UserException($"cannot write {path}: {ex.Message}");
        }
    }
}
