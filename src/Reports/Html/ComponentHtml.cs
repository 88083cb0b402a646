using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using System.Text.Encodings.Web;
using System.Text.Unicode;

namespace SimilarityEngine.Reports;

/// <summary>Renders a report's Razor component (Html/Components) to an HTML string, for the self-contained export; the
/// web application renders the same components inside its pages.</summary>
public static class ComponentHtml
{
    // Vietnamese letters written as they are (the default encoder writes them as &#x…; references); the five
    // HTML-special characters are still escaped
    private static readonly ServiceProvider s_services = new ServiceCollection()
        .AddSingleton(HtmlEncoder.Create(UnicodeRanges.All)).BuildServiceProvider();

    /// <summary>The component's HTML with the parameters given (names as the component's properties).</summary>
    public static string Render<T>(IDictionary<string, object?> parameters) where T : IComponent
    {
        using var renderer = new HtmlRenderer(s_services, NullLoggerFactory.Instance);
        return renderer.Dispatcher.InvokeAsync(async () =>
        {
            var root = await renderer.RenderComponentAsync<T>(ParameterView.FromDictionary(parameters)).ConfigureAwait(false);
            return root.ToHtmlString();
        }).GetAwaiter().GetResult();
    }
}
