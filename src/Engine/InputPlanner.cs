using System.Text;
using SimilarityEngine.Similarity.Corpus;

namespace SimilarityEngine.Engine;

/// <summary>A document file to read, with the name that identifies it: its path relative to the folder given, without
/// extension (<c>TruongA/SKKN</c>), or the file name when the file itself was given.</summary>
/// <param name="Path">The file's path as found.</param>
/// <param name="Name">Its unique name in this batch: the default report id and the output name of <c>extract --out</c>.</param>
public sealed record InputFile(string Path, string Name)
{
    /// <summary>Why the file is not read (a link leaving the folder given), or null.</summary>
    public string? Refused { get; init; }
}

/// <summary>Files to work on, and what was decided on the way (renamed duplicates).</summary>
public sealed record InputPlan(IReadOnlyList<InputFile> Files, IReadOnlyList<string> Warnings);

/// <summary>Turns files and folders into a list of documents with names that never collide.</summary>
public static class InputPlanner
{
    /// <summary>File extensions read when a folder is given.</summary>
    public static IReadOnlyList<string> Extensions => Ingest.DocumentReader.Extensions;

    /// <summary>Expands <paramref name="inputs"/> (files and folders, recursively) into document files with unique names.</summary>
    /// <exception cref="ManifestException">An input does not exist.</exception>
    public static InputPlan Expand(IEnumerable<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var found = new List<InputFile>();
        var warnings = new List<string>();
        foreach (var input in inputs)
        {
            if (Directory.Exists(input))
            {
                string root = Path.GetFullPath(input);
                found.AddRange(Walk(root, warnings).Order(StringComparer.Ordinal)
                    .Select(f => new InputFile(f, NameOf(Path.GetRelativePath(root, f)))
                    {
                        Refused = LinkLeaving(f, root) ?? Ingest.FileKind.NotRegularReason(f) ?? IdTooLong(NameOf(Path.GetRelativePath(root, f))),
                    }));
            }
            else if (File.Exists(input))
            {
                found.Add(new InputFile(input, NameOf(Path.GetFileName(input))) { Refused = Ingest.FileKind.NotRegularReason(input) });
            }
            else
            {
                throw new ManifestException($"no such file or folder: {input}");
            }
        }
        var plan = Deduplicate(found, []);
        return plan with { Warnings = [.. warnings, .. plan.Warnings] };
    }

    // the document files below a folder; links to folders are not followed (no loops, no escape), links to files are listed;
    // the other files are counted by extension in one warning
    private static IEnumerable<string> Walk(string root, List<string> warnings)
    {
        var pending = new Stack<string>();
        var skipped = new Dictionary<string, (int Count, string First)>(StringComparer.Ordinal);
        pending.Push(root);
        var options = new EnumerationOptions { IgnoreInaccessible = true, RecurseSubdirectories = false, AttributesToSkip = 0 };
        while (pending.Count > 0)
        {
            string dir = pending.Pop();
            foreach (var d in Directory.EnumerateDirectories(dir, "*", options))
            {
                if (new DirectoryInfo(d).LinkTarget is { } target)
                {
                    warnings.Add($"{d}: a link to a folder ({target}) is not followed");
                    continue;
                }
                pending.Push(d);
            }
            foreach (var f in Directory.EnumerateFiles(dir, "*", options))
            {
                string ext = Path.GetExtension(f).ToLowerInvariant();
                if (Path.GetFileName(f).StartsWith("~$", StringComparison.Ordinal))
                {
                    Tally(skipped, "~$ (Word's lock files)", f);
                }
                else if (Extensions.Contains(ext))
                {
                    yield return f;
                }
                else
                {
                    Tally(skipped, ext.Length == 0 ? "(no extension)" : ext, f);
                }
            }
        }
        // every file of the folder is read or named here: what was left, by kind, with an example of each
        if (skipped.Count > 0)
        {
            int total = skipped.Values.Sum(v => v.Count);
            string kinds = string.Join(", ", skipped.OrderByDescending(kv => kv.Value.Count).ThenBy(kv => kv.Key, StringComparer.Ordinal)
                .Select(kv => $"{kv.Key} {kv.Value.Count} (e.g. {Path.GetRelativePath(root, kv.Value.First)})"));
            warnings.Add($"{root}: {total} file(s) not read, not documents ({string.Join(' ', Extensions)} are read): {kinds}");
        }
    }

    private static void Tally(Dictionary<string, (int Count, string First)> skipped, string kind, string file) =>
        skipped[kind] = skipped.TryGetValue(kind, out var seen) ? (seen.Count + 1, seen.First) : (1, file);

    /// <summary>Longest id, in UTF-8 bytes (the index keeps ids as terms, which hold at most 32,766 bytes; an id is a name, not a
    /// text).</summary>
    public const int MaxIdBytes = 1000;

    /// <summary>Why an id is refused (too long), or null. A refused input is a failure row; the batch goes on.</summary>
    public static string? IdTooLong(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        int bytes = Encoding.UTF8.GetByteCount(id);
        return bytes > MaxIdBytes ? $"its id is {bytes:N0} bytes long (at most {MaxIdBytes:N0}): give it a shorter id in the manifest" : null;
    }

    /// <summary>Why <paramref name="file"/> is refused when it is a link whose final target is outside <paramref name="root"/>
    /// (or cannot be resolved); null when it is fine.</summary>
    public static string? LinkLeaving(string file, string root)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentNullException.ThrowIfNull(root);
        var info = new FileInfo(file);
        if (info.LinkTarget is null)
        {
            return null;
        }
        try
        {
            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            string full = Path.GetFullPath(target?.FullName ?? "");
            string prefix = Path.GetFullPath(root).TrimEnd(Path.DirectorySeparatorChar) + Path.DirectorySeparatorChar;
            return full.StartsWith(prefix, StringComparison.Ordinal) ? null
                : $"a link to {full}, outside {Path.GetFullPath(root)}: refused (links may not leave the folder given)";
        }
        catch (IOException ex)
        {
            return $"a broken or looping link: {ex.Message}";
        }
    }

    /// <summary>A name from a relative path: without extension, '/' as separator, NFC.</summary>
    public static string NameOf(string relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        string dir = Path.GetDirectoryName(relativePath) ?? "";
        string name = Path.Combine(dir, Path.GetFileNameWithoutExtension(relativePath));
        return name.Replace('\\', '/').Normalize(NormalizationForm.FormC);
    }

    /// <summary>Makes the names of <paramref name="files"/> unique and distinct from <paramref name="taken"/>: files that
    /// share a name keep their extension (<c>empty.docx</c>, <c>empty.pdf</c>); any that still collide get <c>~2</c>, <c>~3</c>.</summary>
    public static InputPlan Deduplicate(IReadOnlyList<InputFile> files, IEnumerable<string> taken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var warnings = new List<string>();
        var used = new HashSet<string>(taken, StringComparer.Ordinal);
        var result = new List<InputFile>(files.Count);
        var clashing = files.GroupBy(f => f.Name, StringComparer.Ordinal).Where(g => g.Count() > 1 || used.Contains(g.Key))
            .Select(g => g.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var f in files)
        {
            string name = f.Name;
            if (clashing.Contains(name))
            {
                name += Path.GetExtension(f.Path).ToLowerInvariant();
            }
            string unique = name;
            for (int n = 2; !used.Add(unique); n++)
            {
                unique = $"{name}~{n}";
            }
            if (unique != f.Name)
            {
                warnings.Add($"{f.Path}: the name '{f.Name}' is taken by another input; it is '{unique}' in this batch");
            }
            result.Add(f with { Name = unique });
        }
        return new InputPlan(result, warnings);
    }

    /// <summary>What to ingest into reference collection <paramref name="name"/>: every file of <paramref name="inputs"/> as a
    /// collection document with id <c>NAME:relative/name</c>, no submission date or year (it comes before every report) and
    /// its file name as title.</summary>
    /// <exception cref="ManifestException">The name is not usable, or an input does not exist.</exception>
    public static (IReadOnlyList<ReportInput> Reports, IReadOnlyList<string> Warnings) ForCollection(string name, IReadOnlyList<string> inputs)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        name = (name ?? "").Normalize(NormalizationForm.FormC).Trim();
        if (!IsCollectionName(name))
        {
            throw new ManifestException($"collection name '{name}': use 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit (e.g. sgk-toan-5, wikipedia)");
        }
        if (inputs.Count == 0)
        {
            throw new ManifestException("a collection needs files or folders");
        }
        var (reports, warnings) = ForIngest(inputs, null);
        var named = reports.Select(r => r with
        {
            Id = $"{name}:{r.Id}",
            Metadata = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                [StoredReport.CollectionKey] = name,
                ["title"] = r.Id,
            },
        }).ToList();
        return (named, warnings);
    }

    /// <summary>True for a usable collection name: 1 to 64 letters, digits, '.', '_' or '-', starting with a letter or digit.</summary>
    public static bool IsCollectionName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= 64 && char.IsLetterOrDigit(name[0])
        && name.All(c => char.IsLetterOrDigit(c) || c is '.' or '_' or '-');

    /// <summary>What to ingest: the manifest's rows (all, or those among <paramref name="inputs"/>) and the other files of
    /// <paramref name="inputs"/>, each with a unique id.</summary>
    /// <exception cref="ManifestException">The manifest cannot be used, or an input does not exist.</exception>
    public static (IReadOnlyList<ReportInput> Reports, IReadOnlyList<string> Warnings) ForIngest(IReadOnlyList<string> inputs, string? manifestPath)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var reports = new List<ReportInput>();
        var warnings = new List<string>();
        IReadOnlyList<InputFile> loose = [];
        if (manifestPath is not null)
        {
            var manifest = Manifest.Read(manifestPath);
            if (inputs.Count == 0)
            {
                reports.AddRange(manifest);
            }
            else
            {
                var plan = Expand(inputs);
                warnings.AddRange(plan.Warnings);
                var byPath = plan.Files.ToDictionary(f => Path.GetFullPath(f.Path), StringComparer.Ordinal);
                reports.AddRange(manifest.Where(m => byPath.ContainsKey(m.File)));
                var listed = manifest.Select(m => m.File).ToHashSet(StringComparer.Ordinal);
                loose = plan.Files.Where(f => !listed.Contains(Path.GetFullPath(f.Path))).ToList();
            }
        }
        else if (inputs.Count > 0)
        {
            var plan = Expand(inputs);
            warnings.AddRange(plan.Warnings);
            loose = plan.Files;
        }
        if (loose.Count > 0)
        {
            var named = Deduplicate(loose, reports.Select(r => r.Id));
            warnings.AddRange(named.Warnings);
            reports.AddRange(named.Files.Select(f => new ReportInput(f.Name, f.Path, null, null, new Dictionary<string, string>()) { Refused = f.Refused }));
        }
        return (reports, warnings);
    }
}
