using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>What the index holds.</summary>
public sealed record StatsResult(string Index, string Commit, int Reports, IReadOnlyDictionary<string, int> ByYear, long Fingerprints,
    long SizeBytes, long TextBytes, long TextCharacters);
