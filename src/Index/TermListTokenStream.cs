using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;

namespace SimilarityEngine.Indexing;

/// <summary>Yields one term per fingerprint (<see cref="Fields.Term"/>), for a single indexed field that holds all of a
/// report's fingerprints.</summary>
internal sealed class TermListTokenStream : TokenStream
{
    private readonly ulong[] _values;
    private readonly ICharTermAttribute _term;
    private int _next;

    /// <summary>Indexed, one token per term, documents only (no frequencies, positions or norms), not stored.</summary>
    public static readonly FieldType FieldType = CreateFieldType();

    private static FieldType CreateFieldType()
    {
        var t = new FieldType
        {
            IsIndexed = true,
            IsTokenized = true,
            IsStored = false,
            OmitNorms = true,
            IndexOptions = IndexOptions.DOCS_ONLY,
        };
        t.Freeze();
        return t;
    }

    public TermListTokenStream(ulong[] values)
    {
        _values = values;
        _term = AddAttribute<ICharTermAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_next >= _values.Length)
        {
            return false;
        }
        ClearAttributes();
        ulong v = _values[_next++];
        var buffer = _term.ResizeBuffer(8);
        Fields.WriteTerm(v, buffer);
        _term.Length = 8;
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _next = 0;
    }
}
