using System.Globalization;
using System.Text.Json;
using AngleSharp.Html.Parser;
using Recommender.Crawler.Extraction;

namespace Recommender.Crawler.Evaluation;

/// <summary>Recognises and loads an annotated page collection from its folder.</summary>
public static class EvalData
{
    const string TrafilaturaIndex = "evaldata.json";

    // Readability's tests run every page as if it came from this address.
    static readonly Uri ReadabilityBase = new("http://fakehost/test/page.html");

    /// <summary>The kind of collection in <paramref name="directory"/>, or null when it is neither.</summary>
    public static EvalDataKind? Detect(string directory)
    {
        if (File.Exists(Path.Combine(directory, TrafilaturaIndex))) return EvalDataKind.Trafilatura;
        if (Directory.Exists(directory) && Directory.EnumerateDirectories(directory).Any(d => File.Exists(Path.Combine(d, "source.html"))))
        {
            return EvalDataKind.Readability;
        }
        return null;
    }

    /// <summary>The names of the pages, in a stable order; loading is separate so a caller can show progress or sample.</summary>
    public static IReadOnlyList<string> PageNames(string directory, EvalDataKind kind) => kind switch
    {
        EvalDataKind.Trafilatura => [.. ReadIndex(directory).Keys],
        _ => [.. Directory.EnumerateDirectories(directory).Where(d => File.Exists(Path.Combine(d, "source.html"))).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal)],
    };

    /// <summary>Loads the named pages; pages whose file is missing are left out.</summary>
    public static IEnumerable<EvalPage> Load(string directory, EvalDataKind kind, IEnumerable<string> names)
    {
        if (kind == EvalDataKind.Readability) return names.Select(name => LoadReadability(Path.Combine(directory, name)));
        var index = ReadIndex(directory);
        return names.Select(name => LoadTrafilatura(directory, name, index[name])).OfType<EvalPage>();
    }

    static Dictionary<string, JsonElement> ReadIndex(string directory)
    {
        using var stream = File.OpenRead(Path.Combine(directory, TrafilaturaIndex));
        return JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(stream) ?? [];
    }

    static EvalPage? LoadTrafilatura(string directory, string url, JsonElement item)
    {
        var file = item.GetProperty("file").GetString()!;
        // Trafilatura's own scripts look in cache/ before eval/.
        var path = new[] { "cache", "eval" }.Select(sub => Path.Combine(directory, sub, file)).FirstOrDefault(File.Exists);
        if (path is null) return null;
        return new EvalPage
        {
            Name = url,
            Url = Uri.TryCreate(url, UriKind.Absolute, out var uri) ? uri : ReadabilityBase,
            Html = File.ReadAllBytes(path),
            With = Strings(item, "with"),
            Without = Strings(item, "without"),
            Title = NonEmpty(item, "title"),
            Author = NonEmpty(item, "author"),
            Date = DateOnly.TryParseExact(NonEmpty(item, "date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date) ? date : null,
        };
    }

    static EvalPage LoadReadability(string folder)
    {
        var expectedHtml = HtmlDecoding.Decode(File.ReadAllBytes(Path.Combine(folder, "expected.html")));
        var expectedText = new HtmlParser().ParseDocument(expectedHtml).Body?.TextContent ?? "";
        using var metadata = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, "expected-metadata.json")));
        var root = metadata.RootElement;
        var published = NonEmpty(root, "publishedTime");
        return new EvalPage
        {
            Name = Path.GetFileName(folder),
            Url = ReadabilityBase,
            Html = File.ReadAllBytes(Path.Combine(folder, "source.html")),
            ExpectedText = expectedText,
            Title = NonEmpty(root, "title"),
            Author = NonEmpty(root, "byline"),
            Date = DateTimeOffset.TryParse(published, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
                ? DateOnly.FromDateTime(date.DateTime)
                : null,
        };
    }

    static IReadOnlyList<string> Strings(JsonElement item, string property) =>
        item.TryGetProperty(property, out var values) && values.ValueKind == JsonValueKind.Array
            ? [.. values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!)]
            : [];

    static string? NonEmpty(JsonElement item, string property) =>
        item.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(value.GetString())
            ? value.GetString()
            : null;
}
