using System.CommandLine;
using System.CommandLine.Parsing;
using Microsoft.Extensions.Configuration;

namespace SimilarityEngine.Cli;

/// <summary>Settings from a JSON file and the environment, below the command line: the file (<c>--config FILE</c>, else
/// <c>$SIMENG_CONFIG</c>, else <c>/etc/simeng/simeng.json</c> when it exists), then environment variables
/// <c>SIMENG__NAME</c> (<c>SIMENG__SERVE__URLS</c> for one command), then the command line. A key is an option's name
/// (<c>"index"</c>, <c>"max-file-mb"</c>, <c>"max_file_mb"</c> or <c>"maxFileMb"</c>: case, dashes and underscores do not
/// count), at the top level for every command that has that option or in a section named after the command
/// (<c>"serve": { "urls": … }</c>). A value given in the file or the environment is validated as if it had been typed.</summary>
public sealed class SimengConfig
{
    /// <summary>The file read when neither --config nor SIMENG_CONFIG names one (if it exists).</summary>
    public const string DefaultFile = "/etc/simeng/simeng.json";

    /// <summary>The commands whose options the configuration sets.</summary>
    public static readonly IReadOnlyList<string> Commands = ["serve", "ingest", "worker", "screen", "check", "doctor", "users", "index", "collection", "stats"];

    /// <summary>The options of a command and of its subcommands (<c>users add</c>, <c>index backup</c> …), one per name.</summary>
    public static IEnumerable<Option> OptionsOf(Command command) =>
        command.Options.Concat(command.Subcommands.SelectMany(OptionsOf)).Where(o => !o.Hidden && o is not System.CommandLine.Help.HelpOption && o is not VersionOption)
            .DistinctBy(o => o.Name);

    // the older single-underscore variables, at the environment's level
    private static readonly (string Variable, string Key)[] s_aliases = [("SIMENG_INDEX", "index"), ("SIMENG_DATA", "data"), ("SIMENG_URLS", "urls")];

    private readonly Dictionary<string, Setting> _file;
    private readonly Dictionary<string, Setting> _env;

    private SimengConfig(string? file, Dictionary<string, Setting> fromFile, Dictionary<string, Setting> fromEnv)
    {
        File = file;
        _file = fromFile;
        _env = fromEnv;
    }

    /// <summary>The configuration file read; null when none.</summary>
    public string? File { get; }

    /// <summary>A value and where it came from.</summary>
    public sealed record Setting(string Path, string? Value, IReadOnlyList<string> Values, string Source);

    /// <summary>Reads the file and the environment; takes <c>--config FILE</c> out of <paramref name="args"/>.</summary>
    /// <exception cref="UserException">The file named does not exist or is not valid JSON.</exception>
    public static SimengConfig Load(ref string[] args, IDictionary<string, string?>? environment = null)
    {
        environment ??= Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .ToDictionary(e => (string)e.Key, e => (string?)e.Value, StringComparer.Ordinal);
        string? named = null;
        var rest = new List<string>(args.Length);
        for (int i = 0; i < args.Length; i++)
        {
            if (args[i] == "--")
            {
                rest.AddRange(args[i..]);
                break;
            }
            if (args[i] == "--config")
            {
                if (i + 1 >= args.Length)
                {
                    throw new UserException("--config cần tên một tệp JSON / --config needs a JSON file");
                }
                named = args[++i];
            }
            else if (args[i].StartsWith("--config=", StringComparison.Ordinal))
            {
                named = args[i]["--config=".Length..];
            }
            else
            {
                rest.Add(args[i]);
            }
        }
        args = [.. rest];
        named ??= environment.TryGetValue("SIMENG_CONFIG", out var e) && !string.IsNullOrEmpty(e) ? e : null;
        // SIMENG_CONFIG=none: no file, not even /etc/simeng/simeng.json (the tests run so on a server that has one)
        string? file = named == "none" ? null : named ?? (System.IO.File.Exists(DefaultFile) ? DefaultFile : null);
        var fromFile = new Dictionary<string, Setting>(StringComparer.Ordinal);
        if (file is not null)
        {
            if (!System.IO.File.Exists(file))
            {
                throw new UserException($"không có tệp cấu hình {file} / no configuration file {file}");
            }
            IConfigurationRoot root;
            try
            {
                root = new ConfigurationBuilder().AddJsonFile(Path.GetFullPath(file), optional: false, reloadOnChange: false).Build();
            }
            catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException or UnauthorizedAccessException)
            {
                string why = ex.InnerException?.Message ?? ex.Message;
                throw new UserException($"tệp cấu hình {file} không đọc được: {why} / the configuration file cannot be read");
            }
            Collect(root, "tệp " + file, fromFile);
        }
        var fromEnv = new Dictionary<string, Setting>(StringComparer.Ordinal);
        foreach (var (variable, key) in s_aliases)
        {
            if (environment.TryGetValue(variable, out var v) && !string.IsNullOrEmpty(v))
            {
                fromEnv[Normalise(key)] = new Setting(key, v, [v], "biến môi trường " + variable);
            }
        }
        var envVars = environment.Where(kv => kv.Key.StartsWith("SIMENG__", StringComparison.OrdinalIgnoreCase) && kv.Value is not null)
            .ToDictionary(kv => kv.Key["SIMENG__".Length..].Replace("__", ":", StringComparison.Ordinal), kv => kv.Value);
        foreach (var (key, value) in envVars)
        {
            fromEnv[Normalise(key)] = new Setting(key, value, [value!], "biến môi trường SIMENG__" + key.Replace(":", "__", StringComparison.Ordinal).ToUpperInvariant());
        }
        return new SimengConfig(file, fromFile, fromEnv);
    }

    // every leaf of the file; arrays ("shared-root": ["/a", "/b"]) as one setting with several values
    private static void Collect(IConfiguration section, string source, Dictionary<string, Setting> into)
    {
        foreach (var child in section.GetChildren())
        {
            var kids = child.GetChildren().ToList();
            if (kids.Count > 0 && kids.All(k => int.TryParse(k.Key, out _)) && kids.All(k => !k.GetChildren().Any()))
            {
                var values = kids.OrderBy(k => int.Parse(k.Key, System.Globalization.CultureInfo.InvariantCulture)).Select(k => k.Value ?? "").ToList();
                into[Normalise(child.Path)] = new Setting(child.Path, values.FirstOrDefault(), values, source);
            }
            else if (kids.Count > 0)
            {
                Collect(child, source, into);
            }
            else
            {
                into[Normalise(child.Path)] = new Setting(child.Path, child.Value, child.Value is null ? [] : [child.Value], source);
            }
        }
    }

    private static string Normalise(string path) =>
        string.Join(':', path.Split(':').Select(p => new string(p.Where(c => c is not ('-' or '_')).ToArray()).ToLowerInvariant()));

    private static string KeyOf(Option option) => Normalise(option.Name.TrimStart('-'));

    /// <summary>The setting for <paramref name="option"/> of <paramref name="command"/>: the environment before the file, a
    /// command's section before the top level; null when neither sets it.</summary>
    public Setting? For(string command, Option option)
    {
        string key = KeyOf(option);
        string scoped = Normalise(command) + ":" + key;
        foreach (var layer in new[] { _env, _file })
        {
            if (layer.TryGetValue(scoped, out var s) || layer.TryGetValue(key, out s))
            {
                return s;
            }
        }
        return null;
    }

    /// <summary>Keys of the file and the environment that name no option of any configurable command (probably misspelt).</summary>
    public IEnumerable<Setting> Unknown(RootCommand root)
    {
        var known = new HashSet<string>(StringComparer.Ordinal);
        foreach (var name in Commands)
        {
            if (root.Subcommands.FirstOrDefault(c => c.Name == name) is { } cmd)
            {
                foreach (var o in OptionsOf(cmd))
                {
                    known.Add(KeyOf(o));
                    known.Add(Normalise(name) + ":" + KeyOf(o));
                }
            }
        }
        return _file.Concat(_env).Where(kv => !known.Contains(kv.Key)).Select(kv => kv.Value);
    }

    /// <summary>The command line with the options it does not give added from the configuration, for the command it
    /// calls (the command line wins). Unchanged when the command takes no configuration or the line does not parse.</summary>
    public string[] Apply(RootCommand root, string[] args)
    {
        var parse = root.Parse(args);
        var command = parse.CommandResult.Command;
        // the command under the root names the section: "users" for 'simeng users add', "index" for 'simeng index backup'
        SymbolResult result = parse.CommandResult;
        while (result.Parent is CommandResult { Command: not RootCommand } parent)
        {
            result = parent;
        }
        string section = ((CommandResult)result).Command.Name;
        if (command is RootCommand || !Commands.Contains(section) || parse.Errors.Count > 0 || args.Contains("--"))
        {
            return args;
        }
        var added = new List<string>();
        foreach (var option in command.Options)
        {
            if (option.Hidden || option is System.CommandLine.Help.HelpOption || option is VersionOption
                || parse.GetResult(option) is { Implicit: false } || For(section, option) is not { } s)
            {
                continue;
            }
            if (option.ValueType == typeof(bool))
            {
                if (bool.TryParse(s.Value, out bool on) && !on)
                {
                    continue;
                }
                added.Add(option.Name);
                if (!bool.TryParse(s.Value, out _))
                {
                    added.Add(s.Value ?? ""); // parsed as the option's value: an error naming it
                }
                continue;
            }
            foreach (var v in s.Values)
            {
                added.Add(option.Name);
                added.Add(v);
            }
        }
        return [.. args, .. added];
    }

    /// <summary>A value for showing: the password in an address and secrets replaced by ***.</summary>
    public static string Masked(string key, string? value)
    {
        if (value is null)
        {
            return "";
        }
        string k = key.ToLowerInvariant();
        if ((k.Contains("password", StringComparison.Ordinal) || k.Contains("secret", StringComparison.Ordinal) || k.Contains("token", StringComparison.Ordinal))
            && !k.EndsWith("file", StringComparison.Ordinal))
        {
            return "***";
        }
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.UserInfo.Contains(':', StringComparison.Ordinal))
        {
            string user = uri.UserInfo[..uri.UserInfo.IndexOf(':', StringComparison.Ordinal)];
            return value.Replace(uri.UserInfo + "@", user + ":***@", StringComparison.Ordinal);
        }
        return value;
    }
}
