using SimilarityEngine.Web;

var app = WebApp.Build(args);
app.Run();

/// <summary>The entry point (for WebApplicationFactory in tests).</summary>
public partial class Program;
