using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using SimilarityEngine.Engine;
using SimilarityEngine.Ingest;

namespace SimilarityEngine.Cli;

/// <summary>The commands, their options and validation. Handlers are in <see cref="Handlers"/>.</summary>
internal static class CommandTree
{
    public const int MaxTimeoutSeconds = 86_400;
    public const long MaxFileMbLimit = 1_048_576;

    // options shared by several commands: one definition each, added where they apply
    public static readonly Option<string?> Index = new("--index")
    {
        Description = "index folder (default: $SIMENG_INDEX, else ./simeng-index)",
        HelpName = "DIR",
    };

    public static readonly Option<string?> Manifest = new("--manifest")
    {
        Description = "CSV with id,file,submitted,year,author,school,district,title (files relative to it)",
        HelpName = "FILE.csv",
    };

    public static readonly Option<string?> Official = new("--official")
    {
        Description = "folder of .txt official texts (laws, circulars) whose passages count as legitimate quotation",
        HelpName = "DIR",
    };

    public static readonly Option<double?> Recycled = new("--recycled")
    {
        Description = "containment of either side at or above X: recycled (default 0.15)",
        HelpName = "X",
    };

    public static readonly Option<double?> NearDuplicate = new("--near-duplicate")
    {
        Description = "both containments at or above X: near-duplicate (default 0.7)",
        HelpName = "X",
    };

    public static readonly Option<int?> CommonDocs = new("--common-docs")
    {
        Description = "fingerprints in more reports than N are boilerplate (default 10, whatever the archive's size)",
        HelpName = "N",
    };

    public static readonly Option<bool> Wait = new("--wait") { Description = "wait for another writer to finish instead of failing" };

    public static readonly Option<bool> Replace = new("--replace")
    {
        Description = "a report whose id is already stored with another text replaces it (a correction); without it that file is a failure row and the archive keeps the stored report",
    };

    public static readonly Option<bool> NewIndex = new("--new-index")
    {
        Description = "when the index folder holds index files but no readable commit point, move them aside and start an empty index (else refused: 'simeng index repair' keeps every readable report)",
    };

    public static readonly Option<long?> MaxFileMb = new("--max-file-mb") { Description = "largest file read, in MiB (default 100)", HelpName = "N" };

    public static readonly Option<int?> Timeout = new("--timeout")
    {
        Description = "longest time per file in seconds, or without a page done while OCR reads a scan (default 120)",
        HelpName = "S",
    };

    public static readonly Option<int?> OcrPages = new("--ocr-pages") { Description = "most pages OCR'd per file (default 300)", HelpName = "N" };

    public static readonly Option<int?> OcrMinutes = new("--ocr-minutes") { Description = "most minutes of OCR per file (default 30)", HelpName = "M" };

    // how OCR and LibreOffice run: the defaults are the measured best; these repeat the measurements (benchmarks/README.md)
    public static readonly Option<int?> OcrDpi = new("--ocr-dpi") { Description = "OCR every page at this resolution (default: the scan's own, else 300; for measuring)", HelpName = "DPI" };

    public static readonly Option<string?> OcrPsm = new("--ocr-psm") { Description = "Tesseract's page segmentation mode (default 3; for measuring)", HelpName = "MODE" };

    public static readonly Option<int?> OcrThreads = new("--ocr-threads") { Description = "one page at a time with N Tesseract threads (default: pages in parallel, one thread each; for measuring)", HelpName = "N" };

    public static readonly Option<bool> NoDocBatches = new("--no-doc-batches") { Description = "one LibreOffice start per .doc file instead of batches (for measuring)" };

    public static readonly Option<int?> CommitEvery = new("--commit-every")
    {
        Description = "reports per commit (default: every 2,000 reports or 5 seconds, and at the end)",
        HelpName = "N",
    };

    public static readonly Option<bool> Quiet = new("--quiet", "-q") { Description = "no progress bar" };

    public static readonly Option<int?> WorkerMemoryMb = new("--worker-memory-mb")
    {
        Description = "memory cap of each extraction process in MiB (default 1024); a file needing more is refused",
        HelpName = "N",
    };

    public static readonly Option<bool> InProcess = new("--in-process")
    {
        Description = "read files in this process instead of isolated child processes (debugging: a crashing file then ends the run)",
    };

    public static readonly Option<bool> RetryQuarantined = new("--retry-quarantined")
    {
        Description = "read again the files that crashed the reader before (listed in <index>/quarantine.csv)",
    };

    static CommandTree()
    {
        Recycled.Validators.Add(r => Fraction(r, Recycled));
        NearDuplicate.Validators.Add(r => Fraction(r, NearDuplicate));
        MaxFileMb.Validators.Add(r =>
        {
            if (ValueOf<long?>(r) is long v && v is < 1 or > MaxFileMbLimit)
            {
                r.AddError(CliApp.Invariant($"--max-file-mb must be between 1 and {MaxFileMbLimit} (MiB); got {v}"));
            }
        });
        CommonDocs.Validators.Add(r =>
        {
            if (ValueOf<int?>(r) is int v && v < 2)
            {
                r.AddError(CliApp.Invariant($"--common-docs must be at least 2; got {v}"));
            }
        });
        WorkerMemoryMb.Validators.Add(r =>
        {
            if (ValueOf<int?>(r) is int v && v is < 128 or > 65_536)
            {
                r.AddError(CliApp.Invariant($"--worker-memory-mb must be between 128 and 65536; got {v}"));
            }
        });
        Timeout.Validators.Add(r =>
        {
            if (ValueOf<int?>(r) is int v && v is < 1 or > MaxTimeoutSeconds)
            {
                r.AddError(CliApp.Invariant($"--timeout must be between 1 and {MaxTimeoutSeconds} seconds; got {v}"));
            }
        });
        OcrPages.Validators.Add(r =>
        {
            if (ValueOf<int?>(r) is int v && v is < 0 or > 100_000)
            {
                r.AddError(CliApp.Invariant($"--ocr-pages must be between 0 and 100000; got {v}"));
            }
        });
        CommitEvery.Validators.Add(r =>
        {
            if (ValueOf<int?>(r) is int v && v < 1)
            {
                r.AddError(CliApp.Invariant($"--commit-every must be at least 1; got {v}"));
            }
        });
        OcrDpi.Validators.Add(r =>
        {
            if (ValueOf<int?>(r) is int v && v is < 50 or > 1200)
            {
                r.AddError(CliApp.Invariant($"--ocr-dpi must be between 50 and 1200; got {v}"));
            }
        });
        OcrPsm.Validators.Add(r =>
        {
            if (ValueOf<string?>(r) is { } v && !(int.TryParse(v, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n is >= 0 and <= 13))
            {
                r.AddError($"--ocr-psm must be a page segmentation mode of Tesseract, 0 to 13; got {v}");
            }
        });
        OcrThreads.Validators.Add(r =>
        {
            if (ValueOf<int?>(r) is int v && v is < 1 or > 64)
            {
                r.AddError(CliApp.Invariant($"--ocr-threads must be between 1 and 64; got {v}"));
            }
        });
        OcrMinutes.Validators.Add(r =>
        {
            if (ValueOf<int?>(r) is int v && v is < 1 or > 10_000)
            {
                r.AddError(CliApp.Invariant($"--ocr-minutes must be between 1 and 10000; got {v}"));
            }
        });
    }

    // A value as parsed, or the default when it did not parse: the parse error names it already, a validator must not throw.
    private static T? ValueOf<T>(OptionResult r)
    {
        try
        {
            return r.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private static T? ValueOf<T>(CommandResult r, Option<T> o)
    {
        try
        {
            return r.GetValue(o);
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }

    private static void Fraction(OptionResult r, Option<double?> o)
    {
        if (ValueOf<double?>(r) is double v && v is < 0 or > 1 or double.NaN)
        {
            r.AddError(CliApp.Invariant($"{o.Name} needs a fraction between 0 and 1, e.g. {o.Name} 0.2; got {v}"));
        }
    }

    /// <summary>Positional inputs: an unknown option (a token starting with '-') is an error, not a file name.</summary>
    private static Argument<string[]> Inputs(string description, ArgumentArity arity)
    {
        var a = new Argument<string[]>("inputs") { Description = description, Arity = arity, HelpName = "file-or-folder" };
        a.Validators.Add(r =>
        {
            foreach (var t in r.Tokens)
            {
                if (t.Value.Length > 1 && t.Value[0] == '-')
                {
                    string cmd = r.Parent is CommandResult c ? c.Command.Name : "";
                    r.AddError($"unknown option {t.Value} for 'simeng {cmd}'");
                }
            }
        });
        return a;
    }

    private static void ValidThresholds(CommandResult r)
    {
        var d = Similarity.Matching.VerdictOptions.Default;
        double rec = ValueOf(r, Recycled) ?? d.Recycled;
        double near = ValueOf(r, NearDuplicate) ?? d.NearDuplicate;
        // out-of-range values are reported by the options' own validators
        if (rec is >= 0 and <= 1 && near is >= 0 and <= 1 && rec > near)
        {
            r.AddError(CliApp.Invariant($"--recycled ({rec}) must not be above --near-duplicate ({near}): a near-duplicate is also recycled"));
        }
    }

    public static RootCommand Build(CliContext ctx)
    {
        var root = new RootCommand("simeng — tìm sáng kiến kinh nghiệm sao chép / find copied and recycled SKKN reports, offline.\n" +
                                   "Exit codes: 0 ok, 1 some files failed, 2 usage or index error, 3 internal error, 130 cancelled.");
        root.Subcommands.Add(Extract(ctx));
        root.Subcommands.Add(IngestCommand(ctx));
        root.Subcommands.Add(CollectionCommands(ctx));
        root.Subcommands.Add(Check(ctx));
        root.Subcommands.Add(Screen(ctx));
        root.Subcommands.Add(Stats(ctx));
        root.Subcommands.Add(IndexCommands(ctx));
        root.Subcommands.Add(Bench(ctx));
        root.Subcommands.Add(Completion(ctx));
        root.Subcommands.Add(Serve(ctx));
        root.Subcommands.Add(DoctorCommand(ctx));
        root.Subcommands.Add(Users(ctx));
        root.Subcommands.Add(Worker(ctx));
        root.Subcommands.Add(ConfigCommand(ctx, root));
        var worker = new Command("extract-worker", "serve isolated extraction requests on standard input (started by simeng itself)") { Hidden = true };
        worker.SetAction(_ =>
        {
            // UTF-8 whatever the locale: requests and answers carry Vietnamese file names and text
            using var input = new StreamReader(Console.OpenStandardInput(), new System.Text.UTF8Encoding(false));
            using var output = new StreamWriter(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(false)) { AutoFlush = false };
            return Ingest.Isolation.ExtractionWorker.Serve(input, output);
        });
        root.Subcommands.Add(worker);
        return root;
    }

    private static Command ConfigCommand(CliContext ctx, RootCommand root)
    {
        var of = new Option<string?>("--for") { Description = "only this command's settings (serve, ingest, worker, screen, check, doctor, users, index, collection, stats)", HelpName = "COMMAND" };
        of.AcceptOnlyFromAmong([.. SimengConfig.Commands]);
        var show = new Command("show", "the effective settings of serve, ingest, worker …: each value and where it comes from (file, environment, default); secrets masked")
        {
            of,
        };
        show.SetAction(pr => Handlers.ConfigShow(ctx, root, pr.GetValue(of)));
        return new Command("config",
            "settings from /etc/simeng/simeng.json (or --config FILE, or $SIMENG_CONFIG), then SIMENG__NAME environment variables, then the command line")
        {
            show,
        };
    }

    private static Command Extract(CliContext ctx)
    {
        var inputs = Inputs("documents (.docx .doc .pdf .txt) or folders", ArgumentArity.OneOrMore);
        var json = new Option<bool>("--json") { Description = "JSON with blocks, pages, encodings, quality and warnings (with --out: NAME.json beside NAME.txt)" };
        var outDir = new Option<string?>("--out") { Description = "write NAME.txt per file into DIR (mirroring the input folders) as each is done", HelpName = "DIR" };
        var force = new Option<bool>("--force") { Description = "with --out: redo files whose output is newer than the input" };
        var cmd = new Command("extract", "print the canonical text of documents, or write it per file with --out")
        {
            inputs, json, outDir, force, MaxFileMb, Timeout, OcrPages, OcrMinutes, OcrDpi, OcrPsm, OcrThreads, NoDocBatches, WorkerMemoryMb, InProcess, Quiet,
        };
        cmd.SetAction(pr => Handlers.Extract(ctx, pr.GetValue(inputs)!, pr.GetValue(json), pr.GetValue(outDir), pr.GetValue(force), ReadingOf(pr), pr.GetValue(Quiet)));
        return cmd;
    }

    private static Command IngestCommand(CliContext ctx)
    {
        var inputs = Inputs("documents or folders (ids: path relative to the folder, without extension)", ArgumentArity.ZeroOrMore);
        var cmd = new Command("ingest", "extract, normalise, fingerprint and store reports in the index; idempotent")
        {
            inputs, Index, Manifest, Wait, Replace, NewIndex, CommitEvery, MaxFileMb, Timeout, OcrPages, OcrMinutes, OcrDpi, OcrPsm, OcrThreads, NoDocBatches, WorkerMemoryMb, InProcess, RetryQuarantined, BrokerOption,
            QueueOption, BrokerPasswordFile, BrokerSecretFile, Quiet,
        };
        cmd.Validators.Add(r =>
        {
            if (r.GetValue(inputs) is not { Length: > 0 } && r.GetValue(Manifest) is null)
            {
                r.AddError("ingest needs files, folders or --manifest FILE.csv");
            }
        });
        cmd.SetAction(pr => pr.GetValue(BrokerOption) is { } broker
            ? Handlers.IngestThroughBroker(ctx, pr.GetValue(inputs) ?? [], pr.GetValue(Manifest), IndexPath(pr), WritingOf(pr), ReadingOf(pr),
                BrokerOf(pr, broker), pr.GetValue(QueueOption) ?? Distributed.Broker.JobsQueue, pr.GetValue(Quiet))
            : Handlers.Ingest(ctx, pr.GetValue(inputs) ?? [], pr.GetValue(Manifest), IndexPath(pr), WritingOf(pr), ReadingOf(pr), pr.GetValue(Quiet)));
        return cmd;
    }

    private static Command CollectionCommands(CliContext ctx)
    {
        var name = new Argument<string>("name") { Description = "the collection's name (letters, digits, '.', '_', '-'), e.g. sgk-toan-5, wikipedia" };
        var inputs = Inputs("texts, documents or folders of the collection", ArgumentArity.OneOrMore);
        var add = new Command("add", "ingest reference texts (textbooks, official documents, a website's reports …): sources of matches, never submissions")
        {
            name, inputs, Index, Wait, Replace, MaxFileMb, Timeout, OcrPages, OcrMinutes, OcrDpi, OcrPsm, OcrThreads, NoDocBatches, WorkerMemoryMb, InProcess, Quiet,
        };
        add.SetAction(pr => Handlers.CollectionAdd(ctx, pr.GetValue(name)!, pr.GetValue(inputs)!, IndexPath(pr), WritingOf(pr), ReadingOf(pr), pr.GetValue(Quiet)));
        var list = new Command("list", "the reference collections in the index and their documents") { Index };
        list.SetAction(pr => Handlers.CollectionList(ctx, IndexPath(pr)));
        return new Command("collection", "reference collections: texts that are sources but never submissions") { add, list };
    }

    private static Command Check(CliContext ctx)
    {
        var file = new Argument<string>("file") { Description = "the submission (.docx .doc .pdf .txt)" };
        var json = new Option<string?>("--json") { Description = "write the JSON report (schema 1, docs/json-contracts.md)", HelpName = "FILE" };
        var html = new Option<string?>("--html") { Description = "write the self-contained HTML report (Vietnamese)", HelpName = "FILE" };
        var pdf = new Option<string?>("--pdf") { Description = "write the report as PDF (the HTML report printed by Chromium, else LibreOffice)", HelpName = "FILE" };
        var author = new Option<string?>("--author") { Description = "the submission's author (else read from the cover page)", HelpName = "NAME" };
        var school = new Option<string?>("--school") { Description = "the submission's school (else read from the cover page)", HelpName = "NAME" };
        var cmd = new Command("check", "the reviewer's report: one submission against everything submitted before it (not stored)")
        {
            file, Index, json, html, pdf, author, school, Official, Recycled, NearDuplicate, CommonDocs, MaxFileMb, Timeout, OcrPages, OcrMinutes, OcrDpi, OcrPsm, OcrThreads, NoDocBatches, WorkerMemoryMb, InProcess, Quiet,
        };
        file.Validators.Add(r =>
        {
            string v = r.GetValueOrDefault<string>();
            if (v.Length > 1 && v[0] == '-')
            {
                r.AddError($"unknown option {v} for 'simeng check'");
            }
            else if (!File.Exists(v))
            {
                r.AddError(Directory.Exists(v) ? $"check takes one file, not a folder: {v}" : $"no such file: {v}");
            }
        });
        cmd.Validators.Add(ValidThresholds);
        cmd.SetAction(pr => Handlers.Check(ctx, pr.GetValue(file)!, IndexPath(pr), pr.GetValue(json), pr.GetValue(html), pr.GetValue(author),
            pr.GetValue(school), EngineOptionsOf(pr), ReadingOf(pr), pr.GetValue(Quiet), pr.GetValue(pdf)));
        return cmd;
    }

    private static Command Screen(CliContext ctx)
    {
        var inputs = Inputs("documents or folders to ingest first (optional)", ArgumentArity.ZeroOrMore);
        var year = new Option<int?>("--year") { Description = "screen this school year (end year) against earlier years and itself (default: all)", HelpName = "N" };
        var outCsv = new Option<string?>("--out") { Description = "write the flagged pairs as CSV", HelpName = "pairs.csv" };
        var json = new Option<string?>("--json") { Description = "write the JSON report with clusters (schema 1)", HelpName = "FILE" };
        var cmd = new Command("screen", "batch screening: every report of a year (default all) against earlier years and the rest of its year")
        {
            inputs, Index, Manifest, year, outCsv, json, Official, Recycled, NearDuplicate, CommonDocs, Wait, Replace, MaxFileMb, Timeout, OcrPages, OcrMinutes, OcrDpi, OcrPsm, OcrThreads, NoDocBatches, WorkerMemoryMb, InProcess,
            RetryQuarantined, Quiet,
        };
        year.Validators.Add(r =>
        {
            if (ValueOf<int?>(r) is int y && y is < 1900 or > 2200)
            {
                r.AddError(CliApp.Invariant($"--year takes a school year such as 2024; got {y}"));
            }
        });
        cmd.Validators.Add(ValidThresholds);
        cmd.SetAction(pr => Handlers.Screen(ctx, pr.GetValue(inputs) ?? [], pr.GetValue(Manifest), IndexPath(pr), pr.GetValue(year), pr.GetValue(outCsv),
            pr.GetValue(json), WritingOf(pr), EngineOptionsOf(pr), ReadingOf(pr), pr.GetValue(Quiet)));
        return cmd;
    }

    private static Command Stats(CliContext ctx)
    {
        var json = new Option<bool>("--json") { Description = "print JSON (schema 1)" };
        var cmd = new Command("stats", "reports by year, fingerprints, size on disk") { Index, json };
        cmd.SetAction(pr => Handlers.Stats(ctx, IndexPath(pr), pr.GetValue(json)));
        return cmd;
    }

    private static Command IndexCommands(CliContext ctx)
    {
        var check = new Command("check", "verify every file of the last commit (checksums, segments); exit 2 when damaged") { Index };
        check.SetAction(pr => Handlers.IndexCheck(ctx, IndexPath(pr)));
        var repair = new Command("repair", "drop broken segments, keep every readable report, list the reports to ingest again") { Index };
        repair.SetAction(pr => Handlers.IndexRepair(ctx, IndexPath(pr)));
        var dest = new Argument<string>("folder") { Description = "an empty or new folder for the copy" };
        var backup = new Command("backup", "a consistent copy of the last commit, while check, screen, ingest or the web server keep running")
        {
            dest, Index,
        };
        backup.SetAction(pr => Handlers.IndexBackup(ctx, IndexPath(pr), pr.GetValue(dest)!));
        var source = new Argument<string>("backup") { Description = "a folder made by 'simeng index backup'" };
        var restore = new Command("restore", "make the index folder exactly the backup (the replaced folder is kept beside it as INDEX.before-restore-TIME)")
        {
            source, Index,
        };
        restore.SetAction(pr => Handlers.IndexRestore(ctx, IndexPath(pr), pr.GetValue(source)!));
        var upgrade = new Command("upgrade", "bring an index written by an older simeng to this version's format, in place (a newer writer also does it on its first write)")
        {
            Index, Wait,
        };
        upgrade.SetAction(pr => Handlers.IndexUpgrade(ctx, IndexPath(pr), pr.GetValue(Wait)));
        return new Command("index", "index health: check, repair, backup, restore, upgrade") { check, repair, backup, restore, upgrade };
    }

    private static Command Bench(CliContext ctx)
    {
        var sizes = new Option<string>("--sizes") { Description = "numbers of synthetic reports, one child process each", DefaultValueFactory = _ => "1000,5000,20000", HelpName = "N,N,…" };
        var peer = new Option<string?>("--peer") { Description = "also run this peer on the same texts (sim_text)", HelpName = "PROGRAM" };
        var json = new Option<string?>("--json") { Description = "write the rows as JSON", HelpName = "FILE" };
        var samples = new Option<string>("--samples") { Description = "folder whose .docx give the vocabulary", DefaultValueFactory = _ => "corpus-samples", HelpName = "DIR" };
        var outDir = new Option<string?>("--out") { Description = "keep the generated corpora and indexes in DIR", HelpName = "DIR" };
        var inProcess = new Option<bool>("--in-process") { Hidden = true };
        var yearly = new Option<bool>("--yearly")
        {
            Description = "per size N: an archive of N reports, then a new year of N/10 ingested and screened against it (the peer gets new / old)",
        };
        var cmd = new Command("bench", "macro benchmark on synthetic corpora with planted copies (see benchmarks/README.md)")
        {
            sizes, peer, json, samples, outDir, inProcess, yearly, Quiet,
        };
        sizes.Validators.Add(r =>
        {
            foreach (var s in r.GetValueOrDefault<string>().Split(',', StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(s, NumberStyles.Integer, CultureInfo.InvariantCulture, out int n) || n < 20)
                {
                    r.AddError($"--sizes takes numbers of reports (at least 20), e.g. --sizes 1000,5000; got '{s}'");
                }
            }
        });
        cmd.SetAction(pr => BenchCommand.Run(ctx, pr.GetValue(sizes)!, pr.GetValue(peer), pr.GetValue(json), pr.GetValue(samples)!, pr.GetValue(outDir),
            pr.GetValue(inProcess), pr.GetValue(Quiet), pr.GetValue(yearly)));
        return cmd;
    }

    public static readonly Option<string?> Data = new("--data")
    {
        Description = "the web server's own state: users, jobs, decisions, audit log (default: $SIMENG_DATA, else ./simeng-data)",
        HelpName = "DIR",
    };

    private static string DataPath(ParseResult pr) =>
        pr.GetValue(Data) ?? (Environment.GetEnvironmentVariable("SIMENG_DATA") is { Length: > 0 } env ? env : "simeng-data");

    private static Command Serve(CliContext ctx)
    {
        var urls = new Option<string>("--urls") { Description = "where to listen (default http://127.0.0.1:5080, loopback only)", HelpName = "URL" };
        var workers = new Option<int?>("--workers") { Description = "jobs run at once (default 2)", HelpName = "N" };
        var maxUpload = new Option<int?>("--max-upload-mb") { Description = "largest upload in MiB (default 50)", HelpName = "N" };
        var cmd = new Command("serve", "the reviewers' web application and HTTP API (owns the index while it runs)")
        {
            Index, Data, urls, workers, maxUpload, MaxFileMb, Timeout, OcrPages, OcrMinutes, OcrDpi, OcrPsm, OcrThreads, NoDocBatches, WorkerMemoryMb, InProcess,
            Official, Recycled, NearDuplicate, CommonDocs,
        };
        cmd.Validators.Add(ValidThresholds);
        cmd.SetAction(pr => Handlers.Serve(ctx, IndexPath(pr), DataPath(pr), pr.GetValue(urls) ?? "http://127.0.0.1:5080", pr.GetValue(workers),
            pr.GetValue(maxUpload), ReadingOf(pr), EngineOptionsOf(pr)));
        return cmd;
    }

    public static readonly Option<string?> BrokerOption = new("--broker")
    {
        Description = "RabbitMQ address (amqp://user:password@host:5672/): files are read by 'simeng worker' processes on any machine",
        HelpName = "URL",
    };

    public static readonly Option<string?> QueueOption = new("--queue")
    {
        Description = "the RabbitMQ jobs queue (default simeng.extract); workers and ingest must name the same",
        HelpName = "NAME",
    };

    public static readonly Option<string?> BrokerPasswordFile = new("--broker-password-file")
    {
        Description = "a file holding the broker's password (or the environment variable SIMENG_BROKER_PASSWORD), so that it is not on the command line",
        HelpName = "FILE",
    };

    public static readonly Option<string?> BrokerSecretFile = new("--broker-secret-file")
    {
        Description = "a file holding the secret that jobs are signed with (or SIMENG_BROKER_SECRET); ingest and every worker must have the same",
        HelpName = "FILE",
    };

    // The broker's address (the --broker value, else SIMENG_BROKER) with its password and the signing secret.
    private static Handlers.BrokerAccess BrokerOf(ParseResult pr, string? url) =>
        Handlers.ResolveBroker(url ?? Environment.GetEnvironmentVariable("SIMENG_BROKER"), pr.GetValue(BrokerPasswordFile), pr.GetValue(BrokerSecretFile));

    private static Command Worker(CliContext ctx)
    {
        var broker = new Option<string?>("--broker")
        {
            Description = "RabbitMQ address (amqp://user@host:5672/; default SIMENG_BROKER); the password from --broker-password-file or SIMENG_BROKER_PASSWORD",
            HelpName = "URL",
        };
        var parallel = new Option<int?>("--parallel") { Description = "files read at once (default: the cores)", HelpName = "N" };
        var roots = new Option<string[]>("--shared-root")
        {
            Description = "a shared folder whose files jobs may name by path (large files); repeat for more. Without it only files sent inside jobs are read",
            HelpName = "DIR",
            AllowMultipleArgumentsPerToken = false,
        };
        var cmd = new Command("worker", "read files for 'simeng ingest --broker' from the RabbitMQ jobs queue, until stopped")
        {
            broker, QueueOption, parallel, roots, BrokerPasswordFile, BrokerSecretFile, WorkerMemoryMb, InProcess,
        };
        cmd.SetAction(pr => Handlers.Worker(ctx, BrokerOf(pr, pr.GetValue(broker)), pr.GetValue(QueueOption) ?? Distributed.Broker.JobsQueue,
            pr.GetValue(parallel) ?? Environment.ProcessorCount, pr.GetValue(roots) ?? [], ReadingOf(pr)));
        return cmd;
    }

    private static Command DoctorCommand(CliContext ctx)
    {
        var urls = new Option<string>("--urls") { Description = "the address 'simeng serve' will listen on (default http://127.0.0.1:5080)", HelpName = "URL" };
        var broker = new Option<string?>("--broker") { Description = "RabbitMQ address to try (default SIMENG_BROKER; none: not checked)", HelpName = "URL" };
        var cmd = new Command("doctor", "check the installation in Vietnamese, with the fix for each problem: LibreOffice, Tesseract (vie), Poppler, fonts, index and data folders, disk space, index health, web port, broker; exit 1 when something is wrong")
        {
            Index, Data, urls, broker, BrokerPasswordFile, BrokerSecretFile,
        };
        cmd.SetAction(pr =>
        {
            string? url = pr.GetValue(broker) ?? Environment.GetEnvironmentVariable("SIMENG_BROKER");
            return Doctor.Run(ctx, IndexPath(pr), DataPath(pr), pr.GetValue(urls) ?? "http://127.0.0.1:5080",
                string.IsNullOrWhiteSpace(url) ? null : BrokerOf(pr, url));
        });
        return cmd;
    }

    private static Command Users(CliContext ctx)
    {
        var name = new Argument<string>("NAME") { Description = "user name" };
        var role = new Option<string>("--role") { Description = "admin, reviewer or viewer (default reviewer)", HelpName = "ROLE" };
        role.Validators.Add(r =>
        {
            if (!SimilarityEngine.Web.Data.Roles.All.Contains(r.GetValueOrDefault<string>()))
            {
                r.AddError($"vai trò '{r.GetValueOrDefault<string>()}' không có; dùng {SimilarityEngine.Web.Data.Roles.Listed}");
            }
        });
        var add = new Command("add", "add a user; the password is read from standard input") { name, role, Data };
        add.SetAction(pr => Handlers.UsersAdd(ctx, DataPath(pr), pr.GetValue(name)!, pr.GetValue(role) ?? "reviewer"));
        var tokenName = new Argument<string>("NAME") { Description = "user name" };
        var label = new Option<string?>("--name") { Description = "a name for the token (which program or person uses it)", HelpName = "LABEL" };
        var days = new Option<int?>("--expires-days") { Description = "the token stops working after N days (default: never)", HelpName = "N" };
        days.Validators.Add(r =>
        {
            if (ValueOf<int?>(r) is int v && v is < 1 or > 3650)
            {
                r.AddError(CliApp.Invariant($"--expires-days must be between 1 and 3650; got {v}"));
            }
        });
        var token = new Command("token", "make an API token for a user (printed once; only its hash is kept)") { tokenName, label, days, Data };
        token.SetAction(pr => Handlers.UsersToken(ctx, DataPath(pr), pr.GetValue(tokenName)!, pr.GetValue(label), pr.GetValue(days)));
        var list = new Command("list", "list users, roles and state (disabled, locked)") { Data };
        list.SetAction(pr => Handlers.UsersList(ctx, DataPath(pr)));
        Command One(string verb, string description, Func<string, string, int> run)
        {
            var who = new Argument<string>("NAME") { Description = "user name" };
            var cmd = new Command(verb, description) { who, Data };
            cmd.SetAction(pr => run(DataPath(pr), pr.GetValue(who)!));
            return cmd;
        }
        var disable = One("disable", "stop a user from signing in (sessions and API tokens stop working at once)", (d, n) => Handlers.UsersState(ctx, d, n, "disable"));
        var enable = One("enable", "let a disabled user sign in again", (d, n) => Handlers.UsersState(ctx, d, n, "enable"));
        var unlock = One("unlock", "lift the lock-out after failed sign-ins", (d, n) => Handlers.UsersState(ctx, d, n, "unlock"));
        var reset = One("reset-password", "set a new password (read from standard input) and lift a lock-out", (d, n) => Handlers.UsersState(ctx, d, n, "reset-password"));
        var tokens = One("tokens", "list a user's API tokens: name, made, expiry, revoked (never the token)", (d, n) => Handlers.UsersTokens(ctx, d, n));
        var revokeWho = new Argument<string>("NAME") { Description = "user name" };
        var revokeWhich = new Option<string?>("--token") { Description = "the token's name or id (from 'simeng users tokens'); default: every token of the user", HelpName = "LABEL" };
        var revoke = new Command("revoke-token", "revoke a user's API token(s) at once") { revokeWho, revokeWhich, Data };
        revoke.SetAction(pr => Handlers.UsersRevoke(ctx, DataPath(pr), pr.GetValue(revokeWho)!, pr.GetValue(revokeWhich)));
        return new Command("users", "users of the web application: add, list, disable, enable, unlock, reset-password, token, tokens, revoke-token")
        {
            add, list, disable, enable, unlock, reset, token, tokens, revoke,
        };
    }

    private static Command Completion(CliContext ctx)
    {
        var shell = new Argument<string>("shell") { Description = "bash or zsh", DefaultValueFactory = _ => "bash" };
        shell.AcceptOnlyFromAmong("bash", "zsh");
        var cmd = new Command("completion", "print a shell completion script: eval \"$(simeng completion bash)\"") { shell };
        cmd.SetAction(pr =>
        {
            ctx.Stdout.Write(Handlers.CompletionScript(pr.GetValue(shell)!));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    private static string IndexPath(ParseResult pr) =>
        pr.GetValue(Index) ?? (Environment.GetEnvironmentVariable("SIMENG_INDEX") is { Length: > 0 } env ? env : "simeng-index");

    private static Writing WritingOf(ParseResult pr) => new(pr.GetValue(Wait), pr.GetValue(Replace), pr.GetValue(NewIndex), pr.GetValue(CommitEvery));

    private static Reading ReadingOf(ParseResult pr) => new(Limits(pr),
        pr.GetValue(InProcess) ? null : pr.GetValue(WorkerMemoryMb) ?? Ingest.Isolation.IsolatedExtraction.DefaultMemoryMb,
        pr.GetValue(RetryQuarantined));

    private static IngestLimits Limits(ParseResult pr) => IngestLimits.Default with
    {
        MaxFileBytes = pr.GetValue(MaxFileMb) is long mb ? mb * 1024 * 1024 : IngestLimits.DefaultMaxFileBytes,
        TimePerFile = pr.GetValue(Timeout) is int t ? TimeSpan.FromSeconds(t) : null,
        OcrMaxPages = pr.GetValue(OcrPages) ?? IngestLimits.Default.OcrMaxPages,
        OcrTime = pr.GetValue(OcrMinutes) is int m ? TimeSpan.FromMinutes(m) : null,
        Ocr = new OcrSettings(pr.GetValue(OcrDpi), pr.GetValue(OcrPsm) ?? OcrSettings.Default.PageSegmentation, pr.GetValue(OcrThreads)),
        DocBatches = !pr.GetValue(NoDocBatches),
    };

    private static EngineOptions EngineOptionsOf(ParseResult pr)
    {
        try
        {
            var opts = EngineOptions.Default.WithOfficialFolder(pr.GetValue(Official));
            var v = opts.Verdicts;
            v = v with { Recycled = pr.GetValue(Recycled) ?? v.Recycled, NearDuplicate = pr.GetValue(NearDuplicate) ?? v.NearDuplicate };
            var b = pr.GetValue(CommonDocs) is int n ? opts.Boilerplate with { CommonDocuments = n } : opts.Boilerplate;
            return opts with { Verdicts = v, Boilerplate = b };
        }
        catch (ManifestException ex)
        {
            throw new UserException(ex.Message);
        }
    }
}
