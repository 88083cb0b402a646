using System.Text;
using SimilarityEngine.Ingest.Legacy;

namespace SimilarityEngine.Ingest.Extractors;

/// <summary>The text of a paragraph from its runs, the same way for every word-processor format (.docx, .odt): runs in a
/// legacy font decoded when the paragraph reads better decoded, hidden, white and tiny runs set apart and counted.</summary>
internal sealed class ParagraphRuns
{
    /// <summary>One run: its text, the legacy encoding its font names, whether the font is a capitals-only one, and why it
    /// is not seen (hidden, white, tiny) or null.</summary>
    internal sealed record Segment(string Text, LegacyEncoding Encoding, bool Capitals, string? Hidden);

    private int _hidden;
    private int _decodedRuns;
    private int _vetoedRuns;
    private readonly HashSet<string> _encodings = [];
    private readonly Dictionary<string, int> _hiddenLetters = new(StringComparer.Ordinal);

    /// <summary>Letters of hidden, white and tiny runs left out, by kind.</summary>
    public IReadOnlyDictionary<string, int> HiddenLetters => _hiddenLetters;

    /// <summary>Why a run with these properties is not seen by a reader: <c>hidden</c>, <c>white</c> (white text),
    /// <c>tiny</c> (2 pt or less), or null.</summary>
    public static string? HiddenKind(bool hidden, bool white, double? sizePoints) =>
        hidden ? "hidden" : white ? "white" : sizePoints is <= 2 ? "tiny" : null;

    /// <summary>The warnings for what was decoded and left out so far.</summary>
    public void AddWarnings(List<string> warnings)
    {
        if (_hidden > 0)
        {
            warnings.Add($"{_hidden} run(s) of hidden, white or tiny text excluded from the matching text");
        }
        if (_decodedRuns > 0)
        {
            warnings.Add($"text in legacy fonts ({string.Join(", ", _encodings.Order())}) decoded: {_decodedRuns} segment(s)");
        }
    }

    /// <summary>The warning for legacy-font runs left as they were, or none.</summary>
    public void AddVetoWarning(List<string> warnings)
    {
        if (_vetoedRuns > 0)
        {
            warnings.Add($"{_vetoedRuns} segment(s) in a legacy font kept as Unicode (their text already reads as Vietnamese)");
        }
    }

    /// <summary>The paragraph's visible text, the legacy encoding it was decoded from, and its hidden text.</summary>
    public (string Text, LegacyEncoding Encoding, string Hidden) Compose(List<Segment> segments)
    {
        // VI: adjacent segments of one legacy family decode together: a VNI letter and its tone byte may sit in two runs.
        var merged = new List<Segment>();
        foreach (var s in segments)
        {
            if (merged.Count > 0 && merged[^1].Encoding == s.Encoding && merged[^1].Capitals == s.Capitals && merged[^1].Hidden == s.Hidden)
            {
                merged[^1] = merged[^1] with { Text = merged[^1].Text + s.Text };
            }
            else
            {
                merged.Add(s);
            }
        }
        // VI: decide for the paragraph as a whole: runs are often split inside a word ("PH" | "Ç" | "N"),
        // so a run alone says little; decode when the decoded paragraph reads at least as well as it stands
        var decoded = merged.Select(m => m.Encoding != LegacyEncoding.None && LegacyDecoder.IsByteText(m.Text)
            && (m.Capitals || m.Text.Any(ch => ch > 0x7F)) ? LegacyDecoder.Decode(m.Text, m.Encoding, m.Capitals) : null).ToList();
        bool anyLegacy = decoded.Any(d => d is not null);
        bool useDecoded = false;
        if (anyLegacy)
        {
            string asIs = string.Concat(merged.Select(m => m.Text));
            string dec = string.Concat(merged.Select((m, i) => decoded[i] ?? m.Text));
            useDecoded = LegacyDetector.NonAsciiScore(dec) >= LegacyDetector.NonAsciiScore(asIs);
        }
        var text = new StringBuilder();
        var hidden = new StringBuilder();
        var enc = LegacyEncoding.None;
        for (int i = 0; i < merged.Count; i++)
        {
            var s = merged[i];
            string t = s.Text;
            if (decoded[i] is { } d)
            {
                if (useDecoded)
                {
                    t = d;
                    enc = s.Encoding;
                    _decodedRuns++;
                    _encodings.Add(s.Encoding == LegacyEncoding.Tcvn3 ? "TCVN3" : "VNI");
                }
                else
                {
                    _vetoedRuns++;
                }
            }
            if (s.Hidden is null)
            {
                text.Append(t);
            }
            else
            {
                hidden.Append(t);
                _hidden++;
                int letters = t.Count(char.IsLetterOrDigit);
                if (letters > 0)
                {
                    _hiddenLetters[s.Hidden] = _hiddenLetters.GetValueOrDefault(s.Hidden) + letters;
                }
            }
        }
        return (text.ToString(), enc, hidden.ToString());
    }
}
