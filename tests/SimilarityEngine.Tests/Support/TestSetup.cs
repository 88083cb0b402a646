using System.Runtime.CompilerServices;

namespace SimilarityEngine.Tests;

internal static class TestSetup
{
    /// <summary>The tests name every folder themselves: an installed /etc/simeng/simeng.json (a server with the package)
    /// or SIMENG__ variables of the shell must not reach the simeng they run, in this process or its children.</summary>
    [ModuleInitializer]
    internal static void IgnoreTheMachinesConfiguration()
    {
        Environment.SetEnvironmentVariable("SIMENG_CONFIG", "none");
        foreach (var key in Environment.GetEnvironmentVariables().Keys.Cast<string>().Where(k => k.StartsWith("SIMENG__", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            Environment.SetEnvironmentVariable(key, null);
        }
    }
}
