using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SimilarityEngine.Engine;
using SimilarityEngine.Web.Data;
using SimilarityEngine.Web.Jobs;

namespace SimilarityEngine.Web.Pages.Checks;

/// <summary>The whole submission with every matched passage coloured by its source (one colour per source, a legend),
/// each passage a link to its place in the side-by-side report; filters by passage length, section and kind, and the
/// quotations and references the index leaves out shown on request. Sources and passages a reviewer excluded are not
/// coloured.</summary>
public sealed class DocumentModel(WebStore store, CheckReviews reviews, ResultFiles results) : PageModel
{
    /// <summary>Colours a source can take; the eleventh source takes the first colour again.</summary>
    public const int Colours = 10;

    /// <summary>A source in the legend: its number in the report, id, title, share, colour and passages shown.</summary>
    public sealed record LegendEntry(int Number, string Id, string Name, string? Title, double Containment, int Colour, int Shown);

    /// <summary>A run of the text: plain, coloured by a source (with the link to its passage), or left out of the index.</summary>
    public sealed record Piece(string Text, int? Colour = null, string? Link = null, string? Title = null, string? Excluded = null);

    /// <summary>The job.</summary>
    public Job? Job { get; private set; }

    /// <summary>The check's view (with decisions).</summary>
    public CheckView? View { get; private set; }

    /// <summary>The sources coloured.</summary>
    public IReadOnlyList<LegendEntry> Legend { get; private set; } = [];

    /// <summary>The text in runs.</summary>
    public IReadOnlyList<Piece> Pieces { get; private set; } = [];

    /// <summary>Shortest passage shown, in syllables.</summary>
    public int Min { get; private set; }

    /// <summary>The section shown, or null for all.</summary>
    public string? Section { get; private set; }

    /// <summary>exact, edited or null for both.</summary>
    public string? Kind { get; private set; }

    /// <summary>Quotations and references shown.</summary>
    public bool Quotes { get; private set; }

    /// <summary>The sections passages lie in (for the filter).</summary>
    public IReadOnlyList<string> Sections { get; private set; } = [];

    /// <summary>Passages coloured.</summary>
    public int Shown { get; private set; }

    /// <summary>Shows the whole submission.</summary>
    public IActionResult OnGet(string id, int? min, string? section, string? kind, bool quotes = false)
    {
        Job = store.GetJob(id);
        if (Job is not { Kind: WebStore.Check })
        {
            return NotFound();
        }
        View = reviews.View(id);
        string? text = results.Read<CheckState>(id, "state")?.Submission.Text;
        if (View is null || text is null)
        {
            return Page();
        }
        Min = Math.Max(0, min ?? 0);
        Section = string.IsNullOrWhiteSpace(section) ? null : section;
        Kind = kind is "exact" or "edited" ? kind : null;
        Quotes = quotes;
        var orig = View.Original;
        Sections = orig.Sources.SelectMany(s => s.Passages).Select(p => p.Submission.Section).Where(s => s.Length > 0).Distinct().Order(StringComparer.Ordinal).ToList();

        // each character belongs to the first source (by rank) whose shown passage covers it
        var owner = new int[text.Length];
        var passageOf = new int[text.Length];
        Array.Fill(owner, -1);
        var legend = new List<LegendEntry>();
        for (int i = 0; i < orig.Sources.Count; i++)
        {
            var s = orig.Sources[i];
            if (View.Current.Sources.FirstOrDefault(c => c.Source.Id == s.Source.Id) is not { } current)
            {
                continue; // excluded by a reviewer
            }
            int shown = 0;
            for (int p = 0; p < s.Passages.Count; p++)
            {
                var x = s.Passages[p];
                if (View.Decisions.Any(d => d.SourceId == s.Source.Id && d.Passage == p + 1) || x.Syllables < Min
                    || (Section is not null && x.Submission.Section != Section) || (Kind is not null && x.Kind != Kind))
                {
                    continue;
                }
                shown++;
                for (int c = Math.Clamp(x.Submission.Start, 0, text.Length); c < Math.Clamp(x.Submission.End, 0, text.Length); c++)
                {
                    if (owner[c] < 0)
                    {
                        owner[c] = i;
                        passageOf[c] = p;
                    }
                }
            }
            legend.Add(new LegendEntry(i + 1, s.Source.Id, ReportModels.SourceName(s.Source.Id, s.Source.Collection), s.Source.Title,
                current.Containment, i % Colours, shown));
            Shown += shown;
        }
        Legend = legend;
        var excludedReason = new string?[text.Length];
        if (Quotes)
        {
            foreach (var e in orig.Excluded.Where(e => e.Reason is "quotation" or "references"))
            {
                for (int c = Math.Clamp(e.Start, 0, text.Length); c < Math.Clamp(e.End, 0, text.Length); c++)
                {
                    excludedReason[c] = e.Reason;
                }
            }
        }
        var pieces = new List<Piece>();
        int at = 0;
        while (at < text.Length)
        {
            int end = at + 1;
            while (end < text.Length && owner[end] == owner[at] && passageOf[end] == passageOf[at] && excludedReason[end] == excludedReason[at])
            {
                end++;
            }
            string run = text[at..end];
            if (owner[at] >= 0)
            {
                int i = owner[at], p = passageOf[at];
                var x = orig.Sources[i].Passages[p];
                pieces.Add(new Piece(run, i % Colours, $"/checks/{Uri.EscapeDataString(id)}#p-{i + 1}-{p + 1}",
                    $"Nguồn {i + 1}: {orig.Sources[i].Source.Id}, đoạn {p + 1} ({x.Syllables} âm tiết, {(x.Kind == "exact" ? "chép nguyên văn" : "có sửa")})"));
            }
            else if (excludedReason[at] is { } reason)
            {
                pieces.Add(new Piece(run, Excluded: ViewHelpers.ReasonVi(reason)));
            }
            else
            {
                pieces.Add(new Piece(run));
            }
            at = end;
        }
        Pieces = pieces;
        return Page();
    }
}
