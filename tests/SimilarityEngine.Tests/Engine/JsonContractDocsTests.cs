using SimilarityEngine.Engine;

namespace SimilarityEngine.Tests;

/// <summary>docs/json-contracts.md stays true: each example has the fields the engine writes today, in that order.</summary>
public sealed class JsonContractDocsTests
{
    [Fact]
    public void Docs_Examples_HaveTheTopLevelFieldsTheEngineWrites()
    {
        string docs = File.ReadAllText(Path.Combine(TestPaths.Root, "docs", "json-contracts.md"));
        var examples = System.Text.RegularExpressions.Regex.Matches(docs, "```json\n(.*?)\n```", System.Text.RegularExpressions.RegexOptions.Singleline)
            .Select(m => System.Text.Json.JsonDocument.Parse(m.Groups[1].Value).RootElement.EnumerateObject().Select(p => p.Name).ToList()).ToList();
        Assert.Equal(4, examples.Count);
        using var dir = new TempFolder();
        string index = Path.Combine(dir.Path, "idx");
        var engine = new SimEngine();
        var manifest = Engine.Manifest.Read(TestPaths.Sample("screen/manifest.csv"));
        engine.Ingest(new IngestRequest(index, manifest));
        string[] written =
        [
            JsonContracts.Serialize(ExtractReport.From(new Ingest.DocumentReader().Read(TestPaths.Sample("vi-features.docx")))),
            JsonContracts.Serialize(ReportModels.Check(engine.Check(new CheckRequest(index, manifest[1].File)))),
            JsonContracts.Serialize(ReportModels.Screen(engine.Screen(new ScreenRequest(index)))),
            JsonContracts.Serialize(ReportModels.Stats(SimEngine.Stats(index))),
        ];
        for (int i = 0; i < 4; i++)
        {
            var fields = System.Text.Json.JsonDocument.Parse(written[i]).RootElement.EnumerateObject().Select(p => p.Name).ToList();
            Assert.Equal(fields, examples[i]);
            Assert.Equal("schema", fields[0]);
        }
    }

    private sealed class TempFolder : IDisposable
    {
        private readonly DirectoryInfo _dir = TestPaths.TempDir();

        public string Path => _dir.FullName;

        public void Dispose() => _dir.Delete(true);
    }
}
