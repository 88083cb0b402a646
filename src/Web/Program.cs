namespace SimilarityEngine.Web;

/// <summary>The web application's own entry point (tests host it with WebApplicationFactory; users run <c>simeng serve</c>).</summary>
public sealed class ServerProgram
{
    private ServerProgram()
    {
    }

    /// <summary>Runs the server.</summary>
    public static void Main(string[] args) => WebApp.Build(args).Run();
}
