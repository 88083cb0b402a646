using System.Diagnostics;
using SimilarityEngine.Cli;

namespace SimilarityEngine.Tests;

/// <summary>Runs simeng in this process (exit code and both outputs) or as a child process (the built simeng.dll).</summary>
internal static class CliRunner
{
    public static async Task<(int Code, string Out, string Err)> Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = await CliApp.RunAsync(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    public static string SimengDll => Path.Combine(AppContext.BaseDirectory, "simeng.dll");

    /// <summary>Starts simeng as a child process with its outputs redirected.</summary>
    public static Process Start(params string[] args) => StartWith(new Dictionary<string, string>(), args);

    /// <summary>Starts simeng as a child process with <paramref name="environment"/> added to its environment.</summary>
    public static Process StartWith(IReadOnlyDictionary<string, string> environment, params string[] args) => Launch(environment, false, args);

    /// <summary>Starts simeng as a child process whose standard input the test writes (a password, a pipe).</summary>
    public static Process StartWithInput(params string[] args) => Launch(new Dictionary<string, string>(), true, args);

    /// <summary>Runs simeng with <paramref name="input"/> as one line on its standard input (a password).</summary>
    public static async Task<(int Code, string Out, string Err)> RunWithInput(string input, params string[] args)
    {
        using var p = StartWithInput(args);
        await p.StandardInput.WriteLineAsync(input);
        p.StandardInput.Close();
        string o = await p.StandardOutput.ReadToEndAsync();
        string e = await p.StandardError.ReadToEndAsync();
        await p.WaitForExitAsync();
        return (p.ExitCode, o, e);
    }

    private static Process Launch(IReadOnlyDictionary<string, string> environment, bool input, string[] args)
    {
        var psi = new ProcessStartInfo("dotnet")
        {
            UseShellExecute = false,
            RedirectStandardInput = input,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (k, v) in environment)
        {
            psi.Environment[k] = v;
        }
        psi.ArgumentList.Add(SimengDll);
        foreach (var a in args)
        {
            psi.ArgumentList.Add(a);
        }
        return Process.Start(psi)!;
    }
}
