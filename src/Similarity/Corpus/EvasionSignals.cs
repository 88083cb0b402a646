namespace SimilarityEngine.Similarity.Corpus;

/// <summary>What a report does to look original to a checker, found and undone while it was read: letters hidden inside
/// words, letters of other scripts that look Latin, invisible characters, text typed without Vietnamese marks, text pasted
/// as pictures, letters spaced apart, marks typed as VIQR or Telex. A reviewer sees these even when the report matches
/// nothing: hiding letters is itself a sign.</summary>
public sealed record EvasionSignals
{
    /// <summary>No signal.</summary>
    public static EvasionSignals None { get; } = new();

    /// <summary>Letters no reader sees, left out of the text, by kind: <c>hidden</c> (Word's hidden text), <c>white</c>,
    /// <c>tiny</c> (1–2 pt), <c>invisible</c> (a PDF's invisible text over visible text), <c>off-page</c>.</summary>
    public IReadOnlyDictionary<string, int> HiddenLetters { get; init; } = new Dictionary<string, int>();

    /// <summary>Cyrillic or Greek letters inside Latin words ("Vіệt" with a Cyrillic і), read as the Latin letters they
    /// look like.</summary>
    public int LookAlikeLetters { get; init; }

    /// <summary>Zero-width and other invisible characters inside words, removed.</summary>
    public int InvisibleCharacters { get; init; }

    /// <summary>Share of the words typed without Vietnamese marks (0–1).</summary>
    public double UnaccentedShare { get; init; }

    /// <summary>Words read by OCR from pictures placed among the text (a page pasted as a picture).</summary>
    public int PictureTextWords { get; init; }

    /// <summary>Words written with their letters spaced apart ("t r ư ờ n g"), joined again.</summary>
    public int SpacedWords { get; init; }

    /// <summary>Words typed with VIQR or Telex marks ("Vie^.t", "truwowngf") instead of Vietnamese letters, decoded.</summary>
    public int TypedMarkWords { get; init; }

    /// <summary>All hidden letters.</summary>
    public int HiddenTotal => HiddenLetters.Values.Sum();

    /// <summary>Fewer hidden letters than this are noise (a stray white space run, a tiny footnote mark).</summary>
    public const int MinHidden = 20;

    /// <summary>Fewer look-alike letters or invisible characters than this are noise (a Greek letter in a formula).</summary>
    public const int MinCharacters = 5;

    /// <summary>A smaller share of unaccented words than this is ordinary (a name, an English title).</summary>
    public const double MinUnaccented = 0.2;

    /// <summary>Fewer words than this read from pictures are ordinary (a chart's labels).</summary>
    public const int MinPictureWords = 100;

    /// <summary>Fewer spaced or VIQR/Telex words than this are noise.</summary>
    public const int MinWords = 10;

    /// <summary>The signals strong enough to show, each as a code: <c>hidden-letters</c>, <c>look-alike-letters</c>,
    /// <c>invisible-characters</c>, <c>unaccented-text</c>, <c>picture-text</c>, <c>spaced-letters</c>,
    /// <c>typed-marks</c>.</summary>
    public IReadOnlyList<string> Codes
    {
        get
        {
            var codes = new List<string>();
            if (HiddenTotal >= MinHidden)
            {
                codes.Add("hidden-letters");
            }
            if (LookAlikeLetters >= MinCharacters)
            {
                codes.Add("look-alike-letters");
            }
            if (InvisibleCharacters >= MinCharacters)
            {
                codes.Add("invisible-characters");
            }
            if (UnaccentedShare >= MinUnaccented)
            {
                codes.Add("unaccented-text");
            }
            if (PictureTextWords >= MinPictureWords)
            {
                codes.Add("picture-text");
            }
            if (SpacedWords >= MinWords)
            {
                codes.Add("spaced-letters");
            }
            if (TypedMarkWords >= MinWords)
            {
                codes.Add("typed-marks");
            }
            return codes;
        }
    }

    /// <summary>True when a signal is strong enough to show.</summary>
    public bool Any => Codes.Count > 0;

    /// <summary>A report is suspicious by itself (whatever it matches) when it hides letters or disguises them: hidden
    /// letters, look-alike letters, invisible characters or spaced letters. Text typed without marks and pictures of text
    /// can be innocent (an old keyboard, a scanned table).</summary>
    public bool Suspicious => HiddenTotal >= MinHidden || LookAlikeLetters >= MinCharacters || InvisibleCharacters >= MinCharacters
        || SpacedWords >= MinWords;
}
