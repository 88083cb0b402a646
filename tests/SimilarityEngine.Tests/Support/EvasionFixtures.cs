using System.Security;
using System.Text;

namespace SimilarityEngine.Tests;

/// <summary>Copies made to dodge a checker, built from our own text.</summary>
internal static class EvasionFixtures
{
    /// <summary>A .docx of <paramref name="text"/> (one paragraph a line) with two letters hidden by Word's hidden text
    /// (w:vanish) inside every word of four letters or more: a reader sees the text, a checker reading the file's letters
    /// sees none of its words.</summary>
    public static string HiddenLettersDocx(string path, string text)
    {
        var body = new StringBuilder();
        foreach (var line in text.Split('\n'))
        {
            body.Append("<w:p>");
            var words = line.Split(' ');
            for (int i = 0; i < words.Length; i++)
            {
                string w = words[i] + (i + 1 < words.Length ? " " : "");
                if (words[i].Length >= 4)
                {
                    int cut = words[i].Length / 2;
                    body.Append(Run(w[..cut], false)).Append(Run("zq", true)).Append(Run(w[cut..], false));
                }
                else
                {
                    body.Append(Run(w, false));
                }
            }
            body.Append("</w:p>");
        }
        HostileFiles.WriteDocx(path, "<?xml version=\"1.0\" encoding=\"UTF-8\"?><w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\">"
            + $"<w:body>{body}</w:body></w:document>");
        return path;
    }

    private static string Run(string text, bool hidden) =>
        $"<w:r>{(hidden ? "<w:rPr><w:vanish/></w:rPr>" : "")}<w:t xml:space=\"preserve\">{SecurityElement.Escape(text)}</w:t></w:r>";
}
