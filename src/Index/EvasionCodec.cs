using System.Text.Json;
using SimilarityEngine.Similarity.Corpus;

namespace SimilarityEngine.Indexing;

/// <summary>Stores a report's <see cref="EvasionSignals"/> as a small JSON object (only what is not zero).</summary>
internal static class EvasionCodec
{
    public static string? Encode(EvasionSignals e)
    {
        var o = new Dictionary<string, object>(StringComparer.Ordinal);
        if (e.HiddenLetters.Count > 0)
        {
            o["hidden"] = e.HiddenLetters;
        }
        Put(o, "look_alike", e.LookAlikeLetters);
        Put(o, "invisible", e.InvisibleCharacters);
        Put(o, "picture_words", e.PictureTextWords);
        Put(o, "spaced", e.SpacedWords);
        Put(o, "typed_marks", e.TypedMarkWords);
        if (e.UnaccentedShare > 0)
        {
            o["unaccented"] = Math.Round(e.UnaccentedShare, 3);
        }
        return o.Count == 0 ? null : JsonSerializer.Serialize(o);
    }

    private static void Put(Dictionary<string, object> o, string key, int value)
    {
        if (value != 0)
        {
            o[key] = value;
        }
    }

    /// <summary>The signals, or <see cref="EvasionSignals.None"/> for nothing stored (a report of an earlier version) or a
    /// value that cannot be read.</summary>
    public static EvasionSignals Decode(string? json)
    {
        if (string.IsNullOrEmpty(json))
        {
            return EvasionSignals.None;
        }
        try
        {
            using var doc = JsonDocument.Parse(json);
            var r = doc.RootElement;
            var hidden = new Dictionary<string, int>(StringComparer.Ordinal);
            if (r.TryGetProperty("hidden", out var h) && h.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in h.EnumerateObject())
                {
                    if (p.Value.TryGetInt32(out int n))
                    {
                        hidden[p.Name] = n;
                    }
                }
            }
            int Int(string name) => r.TryGetProperty(name, out var v) && v.TryGetInt32(out int n) ? n : 0;
            return new EvasionSignals
            {
                HiddenLetters = hidden,
                LookAlikeLetters = Int("look_alike"),
                InvisibleCharacters = Int("invisible"),
                PictureTextWords = Int("picture_words"),
                SpacedWords = Int("spaced"),
                TypedMarkWords = Int("typed_marks"),
                UnaccentedShare = r.TryGetProperty("unaccented", out var u) && u.TryGetDouble(out double d) ? d : 0,
            };
        }
        catch (JsonException)
        {
            return EvasionSignals.None;
        }
    }
}
