using SimilarityEngine.Ingest;
using SimilarityEngine.Similarity.Corpus;
using SimilarityEngine.Similarity.Matching;

namespace SimilarityEngine.Engine;

/// <summary>Reports progress of long work. Called from worker threads; implementations must be thread-safe.</summary>
public interface IProgressSink
{
    /// <summary><paramref name="done"/> of <paramref name="total"/> items of <paramref name="stage"/> are finished.</summary>
    void Report(string stage, int done, int total);

    /// <summary>The stage is over.</summary>
    void Done();
}
