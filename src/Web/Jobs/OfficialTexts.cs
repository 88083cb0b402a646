using SimilarityEngine.Engine;
using SimilarityEngine.Similarity.Text;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Web.Jobs;

/// <summary>The official texts added in the application (the administrator's page, a reviewer's "exclude everywhere" on a
/// screen) on top of those given at start (<c>serve --official</c>), and the engine that matches with all of them. The
/// engine is rebuilt when the list changes, so every later check, screen and pair view counts their passages as quotation;
/// finished checks keep the result they had.</summary>
public sealed class OfficialTexts(WebStore store, SimEngine started)
{
    /// <summary>Longest title.</summary>
    public const int MaxTitle = 200;

    /// <summary>Largest text kept (characters); a whole law fits.</summary>
    public const int MaxCharacters = 2_000_000;

    private readonly Lock _gate = new();
    private SimEngine? _current;

    /// <summary>The engine of every later job: the start-up options with the added texts as official texts.</summary>
    public SimEngine Engine
    {
        get
        {
            lock (_gate)
            {
                return _current ??= Build();
            }
        }
    }

    /// <summary>Official texts given at start (<c>--official</c>).</summary>
    public int AtStart => started.Options.OfficialTexts.Count;

    private SimEngine Build()
    {
        var added = store.References(withBody: true);
        return added.Count == 0
            ? started
            : started.WithOptions(started.Options with { OfficialTexts = [.. started.Options.OfficialTexts, .. added.OrderBy(t => t.Id).Select(t => t.Body)] });
    }

    /// <summary>The texts added in the application, newest first.</summary>
    public IReadOnlyList<ReferenceText> List(bool withRemoved = false) => store.References(withRemoved);

    /// <summary>Adds a text; returns its id.</summary>
    /// <exception cref="ArgumentException">No title or reason, or a text too short to be matched or too long (Vietnamese message).</exception>
    public long Add(string title, string text, string reason, string user, string? screenJob = null)
    {
        title = (title ?? "").Trim();
        reason = (reason ?? "").Trim();
        if (title.Length == 0 || title.Length > MaxTitle)
        {
            throw new ArgumentException($"Cần tên văn bản (tối đa {MaxTitle} ký tự).");
        }
        if (reason.Length < 3)
        {
            throw new ArgumentException("Cần ghi lý do (ít nhất 3 ký tự).");
        }
        string body = Ingest.Text.TextNormalizer.Normalize(text ?? "").Text.Trim();
        if (body.Length > MaxCharacters)
        {
            throw new ArgumentException($"Văn bản dài quá {MaxCharacters:N0} ký tự; hãy chia thành nhiều văn bản.");
        }
        var syllables = new SyllableList();
        SyllableTokenizer.Tokenize(body, syllables);
        int needed = started.Options.Fingerprint.GuaranteeThreshold;
        if (syllables.Count < needed)
        {
            throw new ArgumentException($"Đoạn văn quá ngắn để so khớp: cần ít nhất {needed} âm tiết, đoạn này có {syllables.Count}.");
        }
        lock (_gate)
        {
            long id = store.AddReference(title, body, reason, user, screenJob);
            _current = null;
            return id;
        }
    }

    /// <summary>Removes a text in force; false when there is none with this id.</summary>
    /// <exception cref="ArgumentException">No reason.</exception>
    public bool Remove(long id, string reason, string user)
    {
        reason = (reason ?? "").Trim();
        if (reason.Length < 3)
        {
            throw new ArgumentException("Cần ghi lý do gỡ bỏ (ít nhất 3 ký tự).");
        }
        lock (_gate)
        {
            bool removed = store.RemoveReference(id, reason, user);
            _current = null;
            return removed;
        }
    }

    /// <summary>The text of an uploaded file (any format the engine reads).</summary>
    /// <exception cref="ArgumentException">The file cannot be read (the reason in Vietnamese, naming the file).</exception>
    public string Read(string path, string name)
    {
        ExtractOutcome? outcome = null;
        started.Extract(new ExtractRequest([new InputFile(path, name)]) { Parallelism = 1 }, o => outcome = o);
        return outcome?.Document?.Normalized.Text
            ?? throw new ArgumentException($"Không đọc được tệp {name}: {ReasonsVi.Translate(outcome?.Error ?? "không rõ lý do")}");
    }
}
