using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace SimilarityEngine.Indexing;

/// <summary>Lower-cases terms as Lucene's <see cref="LowerCaseFilter"/> does, by table for the letters up to U+1FFF
/// (<see cref="SimilarityEngine.Similarity.Text.VietnameseSyllable.Lower"/>); a term with a surrogate goes the Lucene way.</summary>
internal sealed class TableLowerCaseFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;
    private readonly Lucene.Net.Analysis.Util.CharacterUtils _utils = Lucene.Net.Analysis.Util.CharacterUtils.GetInstance(LuceneVersion.LUCENE_48);

    public TableLowerCaseFilter(TokenStream input)
        : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
        {
            return false;
        }
        var buffer = _term.Buffer;
        int length = _term.Length;
        for (int i = 0; i < length; i++)
        {
            if (char.IsSurrogate(buffer[i]))
            {
                _utils.ToLower(buffer, 0, length);
                return true;
            }
        }
        for (int i = 0; i < length; i++)
        {
            buffer[i] = SimilarityEngine.Similarity.Text.VietnameseSyllable.Lower(buffer[i]);
        }
        return true;
    }
}

/// <summary>The analyzer of the search fields: words lower-cased and folded to ASCII (<c>trường</c> → <c>truong</c>,
/// <c>đ</c> → <c>d</c>), so a query typed with or without diacritics finds both.</summary>
internal sealed class FoldingAnalyzer : Analyzer
{
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "the tokenizer and filters belong to the TokenStreamComponents returned, which Lucene disposes")]
    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var source = new StandardTokenizer(LuceneVersion.LUCENE_48, reader) { MaxTokenLength = 64 };
        TokenStream stream = new TableLowerCaseFilter(source);
        stream = new ASCIIFoldingFilter(stream);
        return new TokenStreamComponents(source, stream);
    }

    /// <summary>The spellings a folded word stands for: Vietnamese writes a final i after a consonant also as y (kĩ/kỹ,
    /// lí/lý, mĩ/mỹ), which folds to "ki"/"ky": both are searched, as the matching already treats them as one.</summary>
    public static IReadOnlyList<string> IyVariants(string word)
    {
        if (word.Length >= 2 && word[^1] is 'i' or 'y' && !IsVowel(word[^2]) && char.IsLetter(word[^2]))
        {
            return [word[..^1] + "i", word[..^1] + "y"];
        }
        return [word];
    }

    /// <summary>Folded text with a final y after a consonant written i, character for character (offsets unchanged).</summary>
    public static string FoldIy(string folded)
    {
        var chars = folded.ToCharArray();
        for (int i = 1; i < chars.Length; i++)
        {
            if (chars[i] == 'y' && char.IsLetter(chars[i - 1]) && !IsVowel(chars[i - 1]) && (i + 1 == chars.Length || !char.IsLetterOrDigit(chars[i + 1])))
            {
                chars[i] = 'i';
            }
        }
        return new string(chars);
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    /// <summary>The folded words of <paramref name="text"/>.</summary>
    public static List<string> Words(string text)
    {
        using var analyzer = new FoldingAnalyzer();
        var words = new List<string>();
        using var ts = analyzer.GetTokenStream("q", new StringReader(text));
        var term = ts.AddAttribute<ICharTermAttribute>();
        ts.Reset();
        while (ts.IncrementToken())
        {
            words.Add(term.ToString());
        }
        ts.End();
        return words;
    }

    /// <summary>The writer's analyzer: keyword fields as they are, search fields folded.</summary>
    [System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2000:Dispose objects before losing scope", Justification = "the field analyzers belong to the wrapper returned, disposed with it")]
    public static Analyzer ForWriter() => new PerFieldAnalyzerWrapper(new KeywordAnalyzer(), new Dictionary<string, Analyzer>
    {
        [Fields.SearchAll] = new FoldingAnalyzer(),
        [Fields.SearchPrefix + "title"] = new FoldingAnalyzer(),
        [Fields.SearchPrefix + "author"] = new FoldingAnalyzer(),
        [Fields.SearchPrefix + "school"] = new FoldingAnalyzer(),
        [Fields.SearchPrefix + "district"] = new FoldingAnalyzer(),
    });
}
