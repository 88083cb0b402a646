namespace SimilarityEngine.Cli;

internal static class Commands
{
    public static int Ingest(Options o, TextWriter stdout, TextWriter stderr, ConsoleProgress? progress, CancellationToken ct) => throw new UserException("ingest: not built yet");
    public static int Check(Options o, TextWriter stdout, TextWriter stderr, CancellationToken ct) => throw new UserException("check: not built yet");
    public static int Screen(Options o, TextWriter stdout, TextWriter stderr, ConsoleProgress? progress, CancellationToken ct) => throw new UserException("screen: not built yet");
    public static int Stats(Options o, TextWriter stdout) => throw new UserException("stats: not built yet");
}
