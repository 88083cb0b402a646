using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using SimilarityEngine.Engine;
using SimilarityEngine.Reports;
using SimilarityEngine.Web.Data;
using SimilarityEngine.Web.Jobs;

namespace SimilarityEngine.Web.Pages.Screens;

/// <summary>A screen's dashboard: flagged pairs (sorted, filtered), clusters, lineage graph, counts, .xlsx export.</summary>
public sealed class DashboardModel(WebStore store, ResultFiles results, OfficialTexts official, JobRunner runner) : PageModel
{
    /// <summary>Passages excluded everywhere from this screen, undone ones too, newest first.</summary>
    public IReadOnlyList<ReferenceText> Exclusions { get; private set; } = [];

    /// <summary>May undo exclusions.</summary>
    public bool CanReview => User.IsInRole(Roles.Reviewer) || User.IsInRole(Roles.Admin);

    /// <summary>Undoes a passage excluded everywhere from this screen (with a reason) and runs the screen again.</summary>
    public IActionResult OnPostUndo(string id, long reference, string? reason)
    {
        if (!CanReview)
        {
            return Forbid();
        }
        if (store.GetJob(id) is not { Kind: WebStore.Screen } || !official.List().Any(t => t.Id == reference && t.ScreenJob == id))
        {
            return NotFound();
        }
        try
        {
            official.Remove(reference, reason ?? "", User.UserName());
        }
        catch (ArgumentException ex)
        {
            return BadRequest(ex.Message);
        }
        store.RequeueScreen(id);
        runner.Wake();
        return Redirect($"/screens/{id}");
    }

    /// <summary>A node of the lineage graph.</summary>
    public sealed record Node(string Id, int X, int Y, int? Year);

    /// <summary>An edge of the lineage graph: source → submission, as an SVG path (a curve when both are of one year, so
    /// that it does not run over the reports between them); dashed when both have the same author.</summary>
    public sealed record Edge(string Path, string Verdict, bool SameAuthor, bool SameYear, string Title, string Pair);

    /// <summary>The job.</summary>
    public Job? Job { get; private set; }

    /// <summary>The screen report.</summary>
    public ReportModels.ScreenJson? Screen { get; private set; }

    /// <summary>The pairs shown (filtered and sorted).</summary>
    public IReadOnlyList<ReportModels.PairJson> Pairs { get; private set; } = [];

    /// <summary>Filters and sort in force.</summary>
    public string? Verdict { get; private set; }

    /// <summary>School filter.</summary>
    public string? School { get; private set; }

    /// <summary>District filter.</summary>
    public string? District { get; private set; }

    /// <summary>Sort key.</summary>
    public string Sort { get; private set; } = "containment";

    /// <summary>Flagged pairs per school of the submission.</summary>
    public IReadOnlyList<(string Name, int Pairs)> BySchool { get; private set; } = [];

    /// <summary>Flagged pairs per district of the submission.</summary>
    public IReadOnlyList<(string Name, int Pairs)> ByDistrict { get; private set; } = [];

    /// <summary>Graph nodes.</summary>
    public IReadOnlyList<Node> Nodes { get; private set; } = [];

    /// <summary>Graph edges.</summary>
    public IReadOnlyList<Edge> Edges { get; private set; } = [];

    /// <summary>Graph size.</summary>
    public (int Width, int Height) GraphSize { get; private set; }

    /// <summary>Every school and district in the flagged pairs (for the filters).</summary>
    public IReadOnlyList<string> Schools { get; private set; } = [];

    /// <summary>Every district in the flagged pairs.</summary>
    public IReadOnlyList<string> Districts { get; private set; } = [];

    private bool Load(string id, string? verdict, string? school, string? district, string? sort)
    {
        Job = store.GetJob(id);
        if (Job is not { Kind: WebStore.Screen })
        {
            return false;
        }
        Exclusions = official.List(withRemoved: true).Where(t => t.ScreenJob == id).ToList();
        Verdict = string.IsNullOrEmpty(verdict) ? null : verdict;
        School = string.IsNullOrEmpty(school) ? null : school;
        District = string.IsNullOrEmpty(district) ? null : district;
        Sort = sort ?? "containment";
        if (Job.Status != WebStore.Done || results.Read<ReportModels.ScreenJson>(id, "screen") is not { } screen)
        {
            return true;
        }
        Screen = screen;
        var all = screen.Pairs;
        Schools = all.SelectMany(p => new[] { p.Submission.School, p.Source.School }).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        Districts = all.SelectMany(p => new[] { p.Submission.District, p.Source.District }).OfType<string>().Distinct().Order(StringComparer.Ordinal).ToList();
        IEnumerable<ReportModels.PairJson> q = all;
        if (Verdict is not null)
        {
            q = q.Where(p => p.Verdict == Verdict);
        }
        if (School is not null)
        {
            q = q.Where(p => p.Submission.School == School || p.Source.School == School);
        }
        if (District is not null)
        {
            q = q.Where(p => p.Submission.District == District || p.Source.District == District);
        }
        q = Sort switch
        {
            "submission" => q.OrderBy(p => p.Submission.Id, StringComparer.Ordinal),
            "source" => q.OrderBy(p => p.Source.Id, StringComparer.Ordinal),
            "verdict" => q.OrderBy(p => p.Verdict == "near-duplicate" ? 0 : 1).ThenByDescending(p => p.Containment),
            "school" => q.OrderBy(p => p.Submission.School ?? "", StringComparer.Ordinal),
            _ => q.OrderByDescending(p => p.Containment),
        };
        Pairs = q.ToList();
        BySchool = all.GroupBy(p => p.Submission.School ?? "(không rõ)").Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ToList();
        ByDistrict = all.GroupBy(p => p.Submission.District ?? "(không rõ)").Select(g => (g.Key, g.Count())).OrderByDescending(x => x.Item2).ToList();
        Layout(Pairs);
        return true;
    }

    // Columns by school year, oldest left; copies point from the source to the later submission. In a column the reports
    // are ordered by where their sources stand (fewer crossings) and set left and right by turns, so that an edge between
    // two reports of one year, drawn as a curve, passes beside the reports between them instead of over them.
    private void Layout(IReadOnlyList<ReportModels.PairJson> pairs)
    {
        var refs = pairs.SelectMany(p => new[] { p.Submission, p.Source }).GroupBy(r => r.Id).Select(g => g.First()).ToList();
        var years = refs.Select(r => r.Year ?? 0).Distinct().Order().ToList();
        const int ColWidth = 220, RowHeight = 44, Margin = 30, Stagger = 50;
        var pos = new Dictionary<string, (int X, int Y)>(StringComparer.Ordinal);
        var nodes = new List<Node>();
        int maxRows = 0;
        foreach (var (year, col) in years.Select((y, i) => (y, i)))
        {
            int row = 0;
            var column = refs.Where(r => (r.Year ?? 0) == year)
                .Select(r => (Ref: r, Rank: pairs.Where(p => p.Submission.Id == r.Id && pos.ContainsKey(p.Source.Id)).Select(p => (double)pos[p.Source.Id].Y)
                    .DefaultIfEmpty(double.MaxValue).Average()))
                .OrderBy(x => x.Rank).ThenBy(x => x.Ref.Id, StringComparer.Ordinal).Select(x => x.Ref);
            foreach (var r in column)
            {
                var p = (Margin + col * ColWidth + 40 + (row % 2) * Stagger, Margin + 30 + row * RowHeight);
                pos[r.Id] = p;
                nodes.Add(new Node(r.Id, p.Item1, p.Item2, r.Year));
                row++;
            }
            maxRows = Math.Max(maxRows, row);
        }
        Nodes = nodes;
        Edges = pairs.Select(p =>
        {
            var (x1, y1) = pos[p.Source.Id];
            var (x2, y2) = pos[p.Submission.Id];
            bool sameYear = (p.Source.Year ?? 0) == (p.Submission.Year ?? 0);
            string path = sameYear
                ? FormattableString.Invariant($"M {x1} {y1} Q {Math.Max(x1, x2) + 40 + Math.Abs(y2 - y1) / 3} {(y1 + y2) / 2} {x2} {y2}")
                : FormattableString.Invariant($"M {x1} {y1} L {x2} {y2}");
            return new Edge(path, p.Verdict, p.SameAuthor, sameYear,
                $"{p.Submission.Id} ← {p.Source.Id}: {ViewHelpers.VerdictVi(p.Verdict)}, {ViewHelpers.Pct(p.Containment)}{(p.SameAuthor ? ", cùng tác giả" : "")}",
                $"{p.Submission.Id}←{p.Source.Id}");
        }).ToList();
        GraphSize = (Math.Max(300, Margin * 2 + years.Count * ColWidth + Stagger), Math.Max(120, Margin * 2 + 30 + maxRows * RowHeight));
    }

    /// <summary>Shows the dashboard.</summary>
    public IActionResult OnGet(string id, string? verdict, string? school, string? district, string? sort) =>
        Load(id, verdict, school, district, sort) ? Page() : NotFound();

    /// <summary>The pairs shown, as an Excel workbook.</summary>
    public IActionResult OnGetXlsx(string id, string? verdict, string? school, string? district, string? sort)
    {
        if (!Load(id, verdict, school, district, sort) || Screen is null)
        {
            return NotFound();
        }
        using var ms = new MemoryStream();
        XlsxReport.WritePairs(Pairs, ms);
        return File(ms.ToArray(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            $"ra-soat-{(Job!.Year?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "moi-nam")}.xlsx");
    }

    /// <summary>The link to this dashboard with one parameter changed.</summary>
    public string Link(string? verdict = "\0", string? school = "\0", string? district = "\0", string? sort = "\0", string? handler = null)
    {
        var q = new Dictionary<string, string?>
        {
            ["verdict"] = verdict == "\0" ? Verdict : verdict,
            ["school"] = school == "\0" ? School : school,
            ["district"] = district == "\0" ? District : district,
            ["sort"] = sort == "\0" ? Sort : sort,
            ["handler"] = handler,
        };
        return $"/screens/{Job!.Id}" + Microsoft.AspNetCore.Http.QueryString.Create(q.Where(kv => !string.IsNullOrEmpty(kv.Value)));
    }
}
