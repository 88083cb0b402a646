using System.Globalization;
using SimilarityEngine.Engine;

namespace SimilarityEngine.Web.Pages;

/// <summary>Small formatting helpers for the pages (Vietnamese).</summary>
public static class ViewHelpers
{
    /// <summary>A UTC time in Vietnam's time, as Vietnamese readers write it.</summary>
    public static string Time(DateTime? utc) => ViFormat.DateTime(utc);

    /// <summary>A share as a Vietnamese percentage.</summary>
    public static string Pct(double share) => ViFormat.Percent(share);

    /// <summary>A report's signs of dodging the checker, each in Vietnamese.</summary>
    public static IReadOnlyList<string> EvasionItems(EvasionReport.EvasionJson evasion) => EvasionReport.ItemsVi(EvasionReport.FromJson(evasion));

    /// <summary>A job state in Vietnamese.</summary>
    public static string StatusVi(string status) => status switch
    {
        "queued" => "đang chờ",
        "running" => "đang xử lý",
        "done" => "xong",
        "failed" => "lỗi",
        _ => status,
    };

    /// <summary>A verdict name (from the JSON contract) in Vietnamese.</summary>
    public static string VerdictVi(string verdict) => verdict switch
    {
        "near-duplicate" => "gần như trùng lặp",
        "recycled" => "sử dụng lại",
        "minor" => "trùng nhỏ",
        _ => "không trùng",
    };

    /// <summary>An audit-log action in Vietnamese.</summary>
    public static string ActionVi(string action) => action switch
    {
        "check-queued" => "gửi kiểm tra",
        "check-done" => "kiểm tra xong",
        "check-failed" => "kiểm tra lỗi",
        "screen-queued" => "bắt đầu rà soát",
        "screen-done" => "rà soát xong",
        "screen-failed" => "rà soát lỗi",
        "excluded" => "loại trừ",
        "exclusion-undone" => "hoàn tác loại trừ",
        "archived" => "thêm vào kho",
        "signed-in" => "đăng nhập",
        "sign-in-failed" => "đăng nhập sai",
        "locked-out" => "tạm khoá tài khoản",
        "user-added" or "user-added-by" => "thêm người dùng",
        "token-created" => "tạo mã API",
        "token-revoked" => "thu hồi mã API",
        "user-disabled" => "tắt tài khoản",
        "user-enabled" => "bật lại tài khoản",
        "user-unlocked" => "mở khoá tài khoản",
        "password-reset" => "đặt lại mật khẩu",
        _ => action,
    };

    /// <summary>An audit entry's detail in Vietnamese where it is one of the server's own phrases ("3 failure(s)").</summary>
    public static string DetailVi(string detail) =>
        System.Text.RegularExpressions.Regex.Match(detail ?? "", @"^(\d+) failure\(s\)$") is { Success: true } m ? $"{m.Groups[1].Value} lần sai liên tiếp" : detail ?? "";

    /// <summary>Why a span is left out of the index, in Vietnamese (<see cref="Glossary.Excluded"/>).</summary>
    public static string ReasonVi(string reason) => Glossary.Excluded(reason);

    /// <summary>A progress stage in Vietnamese.</summary>
    public static string StageVi(string? stage) => Glossary.Stage(stage);

    /// <summary>One piece of a passage's text with how it differs.</summary>
    public sealed record Piece(string Text, string? Class);

    /// <summary>Cuts a passage side into pieces: the same words plain, the differing ones marked (<c>chg</c>, <c>val</c>
    /// for swapped values, <c>ins</c> only in the submission, <c>del</c> only in the source).</summary>
    public static IReadOnlyList<Piece> Pieces(string text, IReadOnlyList<ReportModels.DiffJson> diffs, bool submissionSide)
    {
        var pieces = new List<Piece>();
        int at = 0;
        foreach (var d in diffs.OrderBy(d => submissionSide ? d.SubmissionStart : d.SourceStart))
        {
            int s = submissionSide ? d.SubmissionStart : d.SourceStart;
            int e = submissionSide ? d.SubmissionEnd : d.SourceEnd;
            if (e <= s || s < at || e > text.Length)
            {
                continue;
            }
            if (s > at)
            {
                pieces.Add(new Piece(text[at..s], null));
            }
            string cls = d.Value ? "val" : d.Kind switch { "inserted" => "ins", "deleted" => "del", _ => "chg" };
            pieces.Add(new Piece(text[s..e], cls));
            at = e;
        }
        if (at < text.Length)
        {
            pieces.Add(new Piece(text[at..], null));
        }
        return pieces;
    }

    /// <summary>A passage side as HTML: the text encoded, differing words in <c>mark</c> elements (no whitespace added).</summary>
    public static Microsoft.AspNetCore.Html.IHtmlContent Marked(string text, IReadOnlyList<ReportModels.DiffJson> diffs, bool submissionSide)
    {
        var html = new Microsoft.AspNetCore.Html.HtmlContentBuilder();
        foreach (var piece in Pieces(text, diffs, submissionSide))
        {
            if (piece.Class is null)
            {
                html.Append(piece.Text);
                continue;
            }
            html.AppendHtml($"<mark class=\"{piece.Class}\" title=\"{MarkTitle(piece.Class)}\">");
            html.Append(piece.Text); // encoded
            html.AppendHtml("</mark>");
        }
        return html;
    }

    /// <summary>The title of a piece's mark.</summary>
    public static string MarkTitle(string? cls) => cls switch
    {
        "val" => "giá trị bị thay (tên, số, lớp, năm…)",
        "chg" => "từ bị thay",
        "ins" => "chỉ có ở bài nộp",
        "del" => "chỉ có ở nguồn",
        _ => "",
    };
}

/// <summary>What the side-by-side view of one pair needs (a check's source, or two archived reports compared).</summary>
/// <param name="Pair">The pair, with its texts.</param>
/// <param name="Number">Its number on the page (ids of the passages: p-NUMBER-PASSAGE).</param>
/// <param name="Excluded">For a check: the reason a passage (1-based) was excluded, or null.</param>
public sealed record ComparisonView(SimilarityEngine.Engine.ReportModels.PairJson Pair, int Number, Func<int, bool>? Excluded = null);
