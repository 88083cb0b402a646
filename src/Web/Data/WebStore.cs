using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.Data.Sqlite;

namespace SimilarityEngine.Web.Data;

/// <summary>The roles of the web application.</summary>
public static class Roles
{
    /// <summary>Manages users; can do everything a reviewer can.</summary>
    public const string Admin = "admin";

    /// <summary>Checks, screens and decides.</summary>
    public const string Reviewer = "reviewer";

    /// <summary>Reads reports and the archive.</summary>
    public const string Viewer = "viewer";

    /// <summary>Every role.</summary>
    public static readonly string[] All = [Admin, Reviewer, Viewer];

    /// <summary>The role's name as a person reads it (Vietnamese); an unknown role as it is.</summary>
    public static string Vi(string? role) => role switch
    {
        Admin => "quản trị",
        Reviewer => "giám khảo",
        Viewer => "người xem",
        _ => role ?? "",
    };

    /// <summary>The roles as typed on the command line with their Vietnamese names, for error messages.</summary>
    public static string Listed => string.Join(", ", All.Select(r => $"{r} ({Vi(r)})"));
}

/// <summary>A user of the web application.</summary>
public sealed record WebUser(long Id, string Name, string Role, string PasswordHash, int FailedSignIns, DateTime? LockedUntil)
{
    /// <summary>Disabled by an administrator: cannot sign in, its tokens answer 401.</summary>
    public bool Disabled { get; init; }
}

/// <summary>An API token as listed (never the token itself: only its hash is kept).</summary>
public sealed record ApiToken(string Id, string User, string Name, DateTime Created, DateTime? Expires, DateTime? Revoked)
{
    /// <summary>Accepted now.</summary>
    public bool Valid => Revoked is null && (Expires is null || Expires > DateTime.UtcNow);
}

/// <summary>A background job: a check of one upload or a screen of a year.</summary>
public sealed record Job(string Id, string Kind, string Status, string User, DateTime Created, DateTime? Started, DateTime? Finished,
    string? UploadPath, string? OriginalName, string Metadata, bool Archive, int? Year, string? Error);

/// <summary>A reviewer's decision on a check: a source, or one of its passages, left out of the scores.</summary>
public sealed record Decision(long Id, string JobId, string SourceId, int? Passage, string Reason, string User, DateTime At)
{
    /// <summary>Who undid it, when and why; null while it stands.</summary>
    public (string User, DateTime At, string Reason)? Undone { get; init; }
}

/// <summary>An official text (a law, a circular, a curriculum) added in the application, or a passage a reviewer excluded
/// everywhere from a screen: its passages count as quotation in every later check and screen.</summary>
/// <param name="Id">Its number.</param>
/// <param name="Title">What it is.</param>
/// <param name="Body">Its normalised text (empty when not asked for).</param>
/// <param name="Characters">Length of its text.</param>
/// <param name="Reason">Why it was added.</param>
/// <param name="User">Who added it.</param>
/// <param name="At">When.</param>
/// <param name="ScreenJob">The screen it was excluded from, or null (added on the administrator's page).</param>
public sealed record ReferenceText(long Id, string Title, string Body, int Characters, string Reason, string User, DateTime At, string? ScreenJob)
{
    /// <summary>Who removed it, when and why; null while in force.</summary>
    public (string User, DateTime At, string Reason)? Removed { get; init; }
}

/// <summary>One line of the append-only audit log.</summary>
public sealed record AuditEntry(long Id, DateTime At, string User, string Action, string Subject, string Detail);

/// <summary>The server's state that is not the archive (users, API tokens, jobs, decisions, audit log) in an embedded
/// SQLite database, <c>simeng-web.db</c> under the data folder, created on first use. The audit log refuses updates
/// and deletes (triggers), so it can only grow.</summary>
public sealed class WebStore
{
    /// <summary>Job kinds.</summary>
    public const string Check = "check", Screen = "screen", Collection = "collection";

    /// <summary>Job states.</summary>
    public const string Queued = "queued", Running = "running", Done = "done", Failed = "failed";

    private readonly string _connection;
    private static readonly PasswordHasher<string> s_hasher = new();
    private static readonly string s_dummyHash = s_hasher.HashPassword("", "not a password of anyone");

    /// <summary>Opens (creating if needed) the store in <paramref name="dataPath"/>.</summary>
    public WebStore(string dataPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(dataPath);
        Directory.CreateDirectory(dataPath);
        DataPath = dataPath;
        _connection = new SqliteConnectionStringBuilder
        {
            DataSource = Path.Combine(dataPath, "simeng-web.db"),
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = 30,
        }.ToString();
        using var c = Open();
        Exec(c, """
            PRAGMA journal_mode = WAL;
            CREATE TABLE IF NOT EXISTS users(id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE COLLATE NOCASE, role TEXT NOT NULL,
                password_hash TEXT NOT NULL, failed INTEGER NOT NULL DEFAULT 0, locked_until TEXT, created TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS api_tokens(token_hash TEXT PRIMARY KEY, user_id INTEGER NOT NULL REFERENCES users(id), created TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS jobs(id TEXT PRIMARY KEY, kind TEXT NOT NULL, status TEXT NOT NULL, user_name TEXT NOT NULL,
                created TEXT NOT NULL, started TEXT, finished TEXT, upload_path TEXT, original_name TEXT, metadata TEXT NOT NULL DEFAULT '{}',
                archive INTEGER NOT NULL DEFAULT 0, year INTEGER, error TEXT);
            CREATE INDEX IF NOT EXISTS jobs_status ON jobs(status, created);
            CREATE TABLE IF NOT EXISTS decisions(id INTEGER PRIMARY KEY, job_id TEXT NOT NULL, source_id TEXT NOT NULL, passage INTEGER,
                reason TEXT NOT NULL, user_name TEXT NOT NULL, at TEXT NOT NULL);
            CREATE TABLE IF NOT EXISTS audit(id INTEGER PRIMARY KEY, at TEXT NOT NULL, user_name TEXT NOT NULL, action TEXT NOT NULL,
                subject TEXT NOT NULL DEFAULT '', detail TEXT NOT NULL DEFAULT '');
            CREATE TRIGGER IF NOT EXISTS audit_append_only_u BEFORE UPDATE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS audit_append_only_d BEFORE DELETE ON audit BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER IF NOT EXISTS decisions_append_only_u BEFORE UPDATE ON decisions BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
            CREATE TRIGGER IF NOT EXISTS decisions_append_only_d BEFORE DELETE ON decisions BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
            CREATE TABLE IF NOT EXISTS decision_undos(decision_id INTEGER PRIMARY KEY REFERENCES decisions(id), reason TEXT NOT NULL,
                user_name TEXT NOT NULL, at TEXT NOT NULL);
            CREATE TRIGGER IF NOT EXISTS decision_undos_append_only_u BEFORE UPDATE ON decision_undos BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
            CREATE TABLE IF NOT EXISTS reference_texts(id INTEGER PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, reason TEXT NOT NULL,
                user_name TEXT NOT NULL, at TEXT NOT NULL, screen_job TEXT, removed_by TEXT, removed_at TEXT, removed_reason TEXT);
            CREATE TRIGGER IF NOT EXISTS decision_undos_append_only_d BEFORE DELETE ON decision_undos BEGIN SELECT RAISE(ABORT, 'decisions are append-only'); END;
            """);
        // columns added after the first release: added to a database made before them
        AddColumn(c, "users", "disabled", "INTEGER NOT NULL DEFAULT 0");
        AddColumn(c, "api_tokens", "name", "TEXT NOT NULL DEFAULT ''");
        AddColumn(c, "api_tokens", "expires", "TEXT");
        AddColumn(c, "api_tokens", "revoked", "TEXT");
    }

    private static void AddColumn(SqliteConnection c, string table, string column, string definition)
    {
        using var info = Command(c, $"SELECT COUNT(*) FROM pragma_table_info('{table}') WHERE name = $c", [("$c", column)]);
        if (Convert.ToInt64(info.ExecuteScalar(), CultureInfo.InvariantCulture) == 0)
        {
            Exec(c, $"ALTER TABLE {table} ADD COLUMN {column} {definition}");
        }
    }

    /// <summary>The data folder.</summary>
    public string DataPath { get; }

    private SqliteConnection Open()
    {
        var c = new SqliteConnection(_connection);
        c.Open();
        return c;
    }

    private static void Exec(SqliteConnection c, string sql, params (string, object?)[] args)
    {
        using var cmd = Command(c, sql, args);
        cmd.ExecuteNonQuery();
    }

    private static SqliteCommand Command(SqliteConnection c, string sql, (string Name, object? Value)[] args)
    {
        var cmd = c.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (n, v) in args)
        {
            cmd.Parameters.AddWithValue(n, v ?? DBNull.Value);
        }
        return cmd;
    }

    private List<T> Query<T>(string sql, Func<SqliteDataReader, T> read, params (string, object?)[] args)
    {
        using var c = Open();
        using var cmd = Command(c, sql, args);
        using var r = cmd.ExecuteReader();
        var list = new List<T>();
        while (r.Read())
        {
            list.Add(read(r));
        }
        return list;
    }

    private int Execute(string sql, params (string, object?)[] args)
    {
        using var c = Open();
        using var cmd = Command(c, sql, args);
        return cmd.ExecuteNonQuery();
    }

    private static string Now() => DateTime.UtcNow.ToString("O", CultureInfo.InvariantCulture);

    private static DateTime? Time(SqliteDataReader r, int i) =>
        r.IsDBNull(i) ? null : DateTime.Parse(r.GetString(i), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);

    // ---- users ----

    /// <summary>Adds a user.</summary>
    /// <exception cref="ArgumentException">Bad name, role or password, or the name is taken.</exception>
    public WebUser AddUser(string name, string role, string password)
    {
        name = (name ?? "").Trim();
        if (name.Length is < 2 or > 64 || name.Any(char.IsControl))
        {
            throw new ArgumentException("tên người dùng cần từ 2 đến 64 ký tự, không có ký tự điều khiển");
        }
        if (!Roles.All.Contains(role))
        {
            throw new ArgumentException($"không có vai trò '{role}' (các vai trò: {Roles.Listed})");
        }
        if ((password ?? "").Length < 8)
        {
            throw new ArgumentException("mật khẩu cần ít nhất 8 ký tự");
        }
        if (FindUser(name) is not null)
        {
            throw new ArgumentException($"đã có người dùng '{name}'");
        }
        Execute("INSERT INTO users(name, role, password_hash, created) VALUES($n, $r, $h, $t)",
            ("$n", name), ("$r", role), ("$h", s_hasher.HashPassword(name, password!)), ("$t", Now()));
        Audit("(system)", "user-added", name, role);
        return FindUser(name)!;
    }

    /// <summary>The user with this name (case-insensitive), or null.</summary>
    public WebUser? FindUser(string name) =>
        Query("SELECT id, name, role, password_hash, failed, locked_until, disabled FROM users WHERE name = $n", ReadUser, ("$n", name)).FirstOrDefault();

    /// <summary>Every user.</summary>
    public IReadOnlyList<WebUser> Users() => Query("SELECT id, name, role, password_hash, failed, locked_until, disabled FROM users ORDER BY name", ReadUser);

    private static WebUser ReadUser(SqliteDataReader r) =>
        new(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetInt32(4), Time(r, 5)) { Disabled = r.GetInt64(6) != 0 };

    private WebUser Existing(string name) => FindUser(name ?? "") ?? throw new ArgumentException($"không có người dùng '{name}'");

    /// <summary>Disables or enables a user (a disabled user cannot sign in; its sessions and tokens stop working).</summary>
    /// <exception cref="ArgumentException">No such user.</exception>
    public void SetDisabled(string name, bool disabled, string by)
    {
        var u = Existing(name);
        Execute("UPDATE users SET disabled = $d WHERE id = $i", ("$d", disabled ? 1 : 0), ("$i", u.Id));
        Audit(by, disabled ? "user-disabled" : "user-enabled", u.Name, "");
    }

    /// <summary>Sets a new password and lifts a lock-out.</summary>
    /// <exception cref="ArgumentException">No such user, or a password under 8 characters.</exception>
    public void ResetPassword(string name, string password, string by)
    {
        var u = Existing(name);
        if ((password ?? "").Length < 8)
        {
            throw new ArgumentException("mật khẩu cần ít nhất 8 ký tự");
        }
        Execute("UPDATE users SET password_hash = $h, failed = 0, locked_until = NULL WHERE id = $i", ("$h", s_hasher.HashPassword(u.Name, password!)), ("$i", u.Id));
        Audit(by, "password-reset", u.Name, "");
    }

    /// <summary>Lifts a lock-out after failed sign-ins.</summary>
    /// <exception cref="ArgumentException">No such user.</exception>
    public void Unlock(string name, string by)
    {
        var u = Existing(name);
        Execute("UPDATE users SET failed = 0, locked_until = NULL WHERE id = $i", ("$i", u.Id));
        Audit(by, "user-unlocked", u.Name, "");
    }

    /// <summary>A user's API tokens, newest first.</summary>
    public IReadOnlyList<ApiToken> Tokens(string name) =>
        Query("""
              SELECT substr(t.token_hash, 1, 8), u.name, t.name, t.created, t.expires, t.revoked FROM api_tokens t JOIN users u ON u.id = t.user_id
              WHERE u.name = $n ORDER BY t.created DESC
              """,
            r => new ApiToken(r.GetString(0), r.GetString(1), r.GetString(2), Time(r, 3)!.Value, Time(r, 4), Time(r, 5)), ("$n", name ?? ""));

    /// <summary>Revokes a user's tokens named <paramref name="tokenName"/> (or whose id starts so), or all of them when null;
    /// returns how many were revoked.</summary>
    /// <exception cref="ArgumentException">No such user.</exception>
    public int RevokeTokens(string name, string? tokenName, string by)
    {
        var u = Existing(name);
        int n = Execute("""
                        UPDATE api_tokens SET revoked = $t WHERE user_id = $u AND revoked IS NULL
                        AND ($n IS NULL OR name = $n OR substr(token_hash, 1, 8) = $n)
                        """, ("$t", Now()), ("$u", u.Id), ("$n", tokenName));
        Audit(by, "token-revoked", u.Name, $"{tokenName ?? "mọi mã"}: {n}");
        return n;
    }

    /// <summary>Outcome of a sign-in attempt.</summary>
    public enum SignInResult
    {
        /// <summary>Name and password are right.</summary>
        Success,
        /// <summary>Unknown name or wrong password.</summary>
        Failed,
        /// <summary>Too many failures: locked for a while.</summary>
        LockedOut,
    }

    /// <summary>Checks a password; counts failures and locks the account after <paramref name="maxFailures"/> of them.</summary>
    public (SignInResult Result, WebUser? User) SignIn(string name, string password, int maxFailures, TimeSpan lockout)
    {
        var user = FindUser(name ?? "");
        if (user is null || user.Disabled)
        {
            // same work as a real check, so the answer's timing does not tell which names exist
            s_hasher.VerifyHashedPassword("", s_dummyHash, password ?? "");
            return (SignInResult.Failed, null);
        }
        if (user.LockedUntil is { } until && until > DateTime.UtcNow)
        {
            return (SignInResult.LockedOut, user);
        }
        var ok = s_hasher.VerifyHashedPassword(user.Name, user.PasswordHash, password ?? "") != PasswordVerificationResult.Failed;
        if (ok)
        {
            Execute("UPDATE users SET failed = 0, locked_until = NULL WHERE id = $i", ("$i", user.Id));
            Audit(user.Name, "signed-in", user.Name, "");
            return (SignInResult.Success, user);
        }
        int failed = user.FailedSignIns + 1;
        bool lockNow = failed >= maxFailures;
        Execute("UPDATE users SET failed = $f, locked_until = $l WHERE id = $i", ("$f", lockNow ? 0 : failed),
            ("$l", lockNow ? (DateTime.UtcNow + lockout).ToString("O", CultureInfo.InvariantCulture) : null), ("$i", user.Id));
        Audit(user.Name, lockNow ? "locked-out" : "sign-in-failed", user.Name, $"{failed} failure(s)");
        return (lockNow ? SignInResult.LockedOut : SignInResult.Failed, user);
    }

    /// <summary>Makes a new API token for a user and returns it; only its hash is stored.</summary>
    public string CreateToken(string userName, string? tokenName = null, DateTime? expires = null)
    {
        var user = FindUser(userName) ?? throw new ArgumentException($"không có người dùng '{userName}'");
        string token = "sk_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        Execute("INSERT INTO api_tokens(token_hash, user_id, created, name, expires) VALUES($h, $u, $t, $n, $e)", ("$h", HashToken(token)), ("$u", user.Id),
            ("$t", Now()), ("$n", tokenName ?? ""), ("$e", expires?.ToUniversalTime().ToString("O", CultureInfo.InvariantCulture)));
        Audit(user.Name, "token-created", user.Name, tokenName ?? "");
        return token;
    }

    /// <summary>The user owning an API token, or null (unknown, revoked or expired token, disabled user).</summary>
    public WebUser? UserByToken(string token) =>
        Query("""
              SELECT u.id, u.name, u.role, u.password_hash, u.failed, u.locked_until, u.disabled FROM api_tokens t JOIN users u ON u.id = t.user_id
              WHERE t.token_hash = $h AND t.revoked IS NULL AND (t.expires IS NULL OR t.expires > $now) AND u.disabled = 0
              """,
            ReadUser, ("$h", HashToken(token ?? "")), ("$now", Now())).FirstOrDefault();

    private static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    // ---- jobs ----

    /// <summary>A new random job id (URL-safe, unguessable).</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>Queues a job.</summary>
    public void AddJob(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        Execute("""
            INSERT INTO jobs(id, kind, status, user_name, created, upload_path, original_name, metadata, archive, year)
            VALUES($id, $k, $s, $u, $c, $p, $o, $m, $a, $y)
            """, ("$id", job.Id), ("$k", job.Kind), ("$s", Queued), ("$u", job.User), ("$c", Now()), ("$p", job.UploadPath),
            ("$o", job.OriginalName), ("$m", job.Metadata), ("$a", job.Archive ? 1 : 0), ("$y", job.Year));
        Audit(job.User, job.Kind + "-queued", job.Id, job.OriginalName ?? (job.Year?.ToString(CultureInfo.InvariantCulture) ?? "tất cả các năm"));
    }

    private const string JobColumns = "id, kind, status, user_name, created, started, finished, upload_path, original_name, metadata, archive, year, error";

    private static Job ReadJob(SqliteDataReader r) => new(r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), Time(r, 4)!.Value,
        Time(r, 5), Time(r, 6), r.IsDBNull(7) ? null : r.GetString(7), r.IsDBNull(8) ? null : r.GetString(8), r.GetString(9),
        r.GetInt32(10) != 0, r.IsDBNull(11) ? null : r.GetInt32(11), r.IsDBNull(12) ? null : r.GetString(12));

    /// <summary>Takes the oldest queued job and marks it running; null when none waits.</summary>
    public Job? ClaimNext() => Query($"""
        UPDATE jobs SET status = '{Running}', started = $t
        WHERE id = (SELECT id FROM jobs WHERE status = '{Queued}' ORDER BY created, id LIMIT 1)
        RETURNING {JobColumns}
        """, ReadJob, ("$t", Now())).FirstOrDefault();

    /// <summary>Jobs that were running when the server stopped go back to the queue; returns how many.</summary>
    public int RequeueInterrupted() => Execute($"UPDATE jobs SET status = '{Queued}', started = NULL WHERE status = '{Running}'");

    /// <summary>Marks a job finished.</summary>
    public void Finish(string id, string? error)
    {
        Execute("UPDATE jobs SET status = $s, finished = $t, error = $e WHERE id = $id",
            ("$s", error is null ? Done : Failed), ("$t", Now()), ("$e", error), ("$id", id));
    }

    /// <summary>The job with this id, or null.</summary>
    public Job? GetJob(string id) => Query($"SELECT {JobColumns} FROM jobs WHERE id = $id", ReadJob, ("$id", id ?? "")).FirstOrDefault();

    /// <summary>The latest jobs of a kind.</summary>
    public IReadOnlyList<Job> Jobs(string kind, int limit = 50) =>
        Query($"SELECT {JobColumns} FROM jobs WHERE kind = $k ORDER BY created DESC LIMIT $l", ReadJob, ("$k", kind), ("$l", limit));

    /// <summary>How many jobs are in each status (queued, running, done, failed).</summary>
    public IReadOnlyDictionary<string, int> JobCounts() =>
        Query("SELECT status, COUNT(*) FROM jobs GROUP BY status", r => (r.GetString(0), r.GetInt32(1))).ToDictionary(x => x.Item1, x => x.Item2, StringComparer.Ordinal);

    /// <summary>Jobs of a user that are queued or running.</summary>
    public int PendingJobs(string user) =>
        Query($"SELECT COUNT(*) FROM jobs WHERE user_name = $u AND status IN ('{Queued}', '{Running}')", r => r.GetInt32(0), ("$u", user)).Single();

    // ---- decisions and audit ----

    /// <summary>Records a decision and its audit entry.</summary>
    public void AddDecision(string jobId, string sourceId, int? passage, string reason, string user)
    {
        Execute("INSERT INTO decisions(job_id, source_id, passage, reason, user_name, at) VALUES($j, $s, $p, $r, $u, $t)",
            ("$j", jobId), ("$s", sourceId), ("$p", passage), ("$r", reason), ("$u", user), ("$t", Now()));
        Audit(user, "excluded", jobId, passage is int n ? $"nguồn {sourceId}, đoạn {n}: {reason}" : $"nguồn {sourceId}: {reason}");
    }

    /// <summary>The decisions in force on a check (not undone), oldest first.</summary>
    public IReadOnlyList<Decision> Decisions(string jobId) => AllDecisions(jobId).Where(d => d.Undone is null).ToList();

    /// <summary>Every decision on a check, undone ones with who undid them, oldest first.</summary>
    public IReadOnlyList<Decision> AllDecisions(string jobId) =>
        Query("""
              SELECT d.id, d.job_id, d.source_id, d.passage, d.reason, d.user_name, d.at, u.user_name, u.at, u.reason
              FROM decisions d LEFT JOIN decision_undos u ON u.decision_id = d.id WHERE d.job_id = $j ORDER BY d.id
              """,
            r => new Decision(r.GetInt64(0), r.GetString(1), r.GetString(2), r.IsDBNull(3) ? null : r.GetInt32(3), r.GetString(4), r.GetString(5),
                Time(r, 6)!.Value)
            {
                Undone = r.IsDBNull(7) ? null : (r.GetString(7), Time(r, 8)!.Value, r.GetString(9)),
            }, ("$j", jobId));

    /// <summary>Undoes a decision (append-only: the decision stays, marked undone) with its audit entry; false when there
    /// is no such decision in force on this check.</summary>
    public bool UndoDecision(string jobId, long decisionId, string reason, string user)
    {
        if (AllDecisions(jobId).FirstOrDefault(d => d.Id == decisionId) is not { Undone: null } d)
        {
            return false;
        }
        Execute("INSERT INTO decision_undos(decision_id, reason, user_name, at) VALUES($d, $r, $u, $t)",
            ("$d", decisionId), ("$r", reason), ("$u", user), ("$t", Now()));
        Audit(user, "exclusion-undone", jobId, $"{Engine.Glossary.Exclusion(d.SourceId, d.Passage)} (đã loại trừ vì “{d.Reason}”): {reason}");
        return true;
    }

    // ---- official texts added in the application ----

    /// <summary>Adds an official text (or a passage excluded everywhere from a screen) with its audit entry; returns its id.</summary>
    public long AddReference(string title, string body, string reason, string user, string? screenJob = null)
    {
        long id;
        using (var c = Open())
        {
            using var cmd = Command(c, """
                INSERT INTO reference_texts(title, body, reason, user_name, at, screen_job) VALUES($t, $b, $r, $u, $a, $s);
                SELECT last_insert_rowid();
                """, [("$t", title), ("$b", body), ("$r", reason), ("$u", user), ("$a", Now()), ("$s", screenJob)]);
            id = Convert.ToInt64(cmd.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        Audit(user, screenJob is null ? "official-added" : "screen-exclusion", screenJob ?? id.ToString(CultureInfo.InvariantCulture), $"{title}: {reason}");
        return id;
    }

    /// <summary>The official texts added in the application, newest first (removed ones too when asked).</summary>
    public IReadOnlyList<ReferenceText> References(bool withRemoved = false, bool withBody = false) =>
        Query($"""
               SELECT id, title, {(withBody ? "body" : "''")}, length(body), reason, user_name, at, screen_job, removed_by, removed_at, removed_reason
               FROM reference_texts {(withRemoved ? "" : "WHERE removed_at IS NULL")} ORDER BY id DESC
               """,
            r => new ReferenceText(r.GetInt64(0), r.GetString(1), r.GetString(2), r.GetInt32(3), r.GetString(4), r.GetString(5), Time(r, 6)!.Value,
                r.IsDBNull(7) ? null : r.GetString(7))
            {
                Removed = r.IsDBNull(8) ? null : (r.GetString(8), Time(r, 9)!.Value, r.GetString(10)),
            });

    /// <summary>Removes an official text (kept, marked removed) with its audit entry; false when there is no such text in force.</summary>
    public bool RemoveReference(long id, string reason, string user)
    {
        if (References().FirstOrDefault(t => t.Id == id) is not { } t)
        {
            return false;
        }
        Execute("UPDATE reference_texts SET removed_by = $u, removed_at = $a, removed_reason = $r WHERE id = $i AND removed_at IS NULL",
            ("$u", user), ("$a", Now()), ("$r", reason), ("$i", id));
        Audit(user, t.ScreenJob is null ? "official-removed" : "screen-exclusion-undone", t.ScreenJob ?? id.ToString(CultureInfo.InvariantCulture), $"{t.Title}: {reason}");
        return true;
    }

    /// <summary>Queues a finished screen again (its official texts changed); false when it is not a finished screen.</summary>
    public bool RequeueScreen(string id) =>
        Execute($"UPDATE jobs SET status = '{Queued}', started = NULL, finished = NULL, error = NULL WHERE id = $id AND kind = '{Screen}' AND status IN ('{Done}', '{Failed}')",
            ("$id", id)) == 1;

    /// <summary>Appends to the audit log.</summary>
    public void Audit(string user, string action, string subject, string detail) =>
        Execute("INSERT INTO audit(at, user_name, action, subject, detail) VALUES($t, $u, $a, $s, $d)",
            ("$t", Now()), ("$u", user), ("$a", action), ("$s", subject), ("$d", detail));

    /// <summary>Audit entries about a subject (a job id), oldest first; all subjects when null.</summary>
    public IReadOnlyList<AuditEntry> AuditLog(string? subject, int limit = 500) =>
        Query(subject is null
                ? "SELECT id, at, user_name, action, subject, detail FROM audit ORDER BY id DESC LIMIT $l"
                : "SELECT id, at, user_name, action, subject, detail FROM audit WHERE subject = $s ORDER BY id LIMIT $l",
            r => new AuditEntry(r.GetInt64(0), Time(r, 1)!.Value, r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)),
            ("$s", subject), ("$l", limit));

    /// <summary>Audit entries of these actions, newest first, about one subject (a user name) or all when null.</summary>
    public IReadOnlyList<AuditEntry> AuditLog(IReadOnlyList<string> actions, string? subject, int limit = 500)
    {
        ArgumentNullException.ThrowIfNull(actions);
        var names = actions.Select((_, i) => "$a" + i.ToString(CultureInfo.InvariantCulture)).ToList();
        var parameters = actions.Select((a, i) => (names[i], (object?)a)).Append(("$s", subject)).Append(("$l", limit)).ToArray();
        return Query($"""
                      SELECT id, at, user_name, action, subject, detail FROM audit
                      WHERE action IN ({string.Join(", ", names)}) AND ($s IS NULL OR subject = $s COLLATE NOCASE) ORDER BY id DESC LIMIT $l
                      """,
            r => new AuditEntry(r.GetInt64(0), Time(r, 1)!.Value, r.GetString(2), r.GetString(3), r.GetString(4), r.GetString(5)), parameters);
    }

    /// <summary>Tries to change the audit log (for tests and the admin page's proof): returns the database's refusal.</summary>
    public string? TryTamperAudit()
    {
        try
        {
            Execute("DELETE FROM audit");
            return null;
        }
        catch (SqliteException ex)
        {
            return ex.Message;
        }
    }
}
