using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using SimilarityEngine.Engine;
using SimilarityEngine.Web;
using SimilarityEngine.Web.Data;

namespace SimilarityEngine.Tests;

/// <summary>A fresh --index (the five screen samples ingested) and --data (an admin, a reviewer, a viewer and an API
/// token each) for web tests.</summary>
internal sealed partial class WebTestHost : IDisposable
{
    public const string Password = "mat-khau-123";

    private readonly DirectoryInfo _root = TestPaths.TempDir();

    public WebTestHost(bool ingestSamples = true)
    {
        Index = Path.Combine(_root.FullName, "index");
        Data = Path.Combine(_root.FullName, "data");
        if (ingestSamples)
        {
            var manifest = Path.Combine(TestPaths.Samples, "screen", "manifest.csv");
            var (reports, _) = InputPlanner.ForIngest([], manifest);
            new SimEngine().Ingest(new IngestRequest(Index, reports));
        }
        var store = new WebStore(Data);
        store.AddUser("quantri", Roles.Admin, Password);
        store.AddUser("giamkhao", Roles.Reviewer, Password);
        store.AddUser("nguoixem", Roles.Viewer, Password);
        ReviewerToken = store.CreateToken("giamkhao");
        ViewerToken = store.CreateToken("nguoixem");
    }

    public string Index { get; }

    public string Data { get; }

    public string ReviewerToken { get; }

    public string ViewerToken { get; }

    public string Root => _root.FullName;

    public WebApplicationFactory<ServerProgram> Factory(int workers = 2, int maxUploadMb = 50, int uploadsPerMinute = 30) =>
        new WebApplicationFactory<ServerProgram>().WithWebHostBuilder(b =>
        {
            b.UseSetting("Serve:Index", Index);
            b.UseSetting("Serve:Data", Data);
            b.UseSetting("Serve:Workers", workers.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Serve:MaxUploadMb", maxUploadMb.ToString(System.Globalization.CultureInfo.InvariantCulture));
            b.UseSetting("Serve:UploadsPerMinute", uploadsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture));
        });

    public static HttpClient Client(WebApplicationFactory<ServerProgram> factory) =>
        factory.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public static string AntiforgeryToken(string html) =>
        AfToken().Match(html) is { Success: true } m ? m.Groups[1].Value : throw new InvalidOperationException("no antiforgery token in the page");

    /// <summary>Signs in through the login form; returns the response to the POST.</summary>
    public static async Task<HttpResponseMessage> SignIn(HttpClient client, string name, string password = Password)
    {
        var page = await client.GetStringAsync("/login");
        var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["name"] = name,
            ["password"] = password,
            ["__RequestVerificationToken"] = AntiforgeryToken(page),
        });
        return await client.PostAsync("/login", form);
    }

    /// <summary>Waits for a job to finish through the API; returns its final status JSON.</summary>
    public static async Task<System.Text.Json.JsonElement> WaitForJob(HttpClient api, string statusUrl, TimeSpan? limit = null)
    {
        var until = DateTime.UtcNow + (limit ?? TimeSpan.FromMinutes(3));
        while (true)
        {
            var json = System.Text.Json.JsonDocument.Parse(await api.GetStringAsync(statusUrl)).RootElement;
            string status = json.GetProperty("status").GetString()!;
            if (status is "done" or "failed")
            {
                return json;
            }
            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException($"job still {status} at {statusUrl}");
            }
            await Task.Delay(200);
        }
    }

    public static MultipartFormDataContent Upload(string path, string? fileName = null, params (string Key, string Value)[] fields)
    {
        var content = new MultipartFormDataContent();
        var file = new ByteArrayContent(File.ReadAllBytes(path));
        content.Add(file, "file", fileName ?? Path.GetFileName(path));
        foreach (var (k, v) in fields)
        {
            content.Add(new StringContent(v), k);
        }
        return content;
    }

    public static HttpClient Api(WebApplicationFactory<ServerProgram> factory, string token)
    {
        var c = Client(factory);
        c.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
        return c;
    }

    public static bool IsRedirectToLogin(HttpResponseMessage r) =>
        r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.ToString().Contains("/login", StringComparison.Ordinal) == true;

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AfToken();

    public void Dispose()
    {
        try
        {
            _root.Delete(recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
