using System.Text.Json;
using System.Text.RegularExpressions;

namespace Coc.Server.Tests;

/// <summary>Finds files of the shared/ folder that sits beside the repository (…/main and …/shared).</summary>
public static class SharedFiles
{
    public static string Find(string relativePath) =>
        Search(relativePath, File.Exists) ?? throw new FileNotFoundException($"shared/{relativePath} not found above {AppContext.BaseDirectory}");

    public static string FindDirectory(string relativePath) =>
        Search(relativePath, Directory.Exists) ?? throw new DirectoryNotFoundException($"shared/{relativePath} not found above {AppContext.BaseDirectory}");

    // Walk up from the test binaries until some ancestor, or a sibling reached through "..", holds shared/<path>.
    private static string? Search(string relativePath, Func<string, bool> exists)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", relativePath), Path.Combine(dir.FullName, "..", "shared", relativePath) })
            {
                if (exists(candidate)) return Path.GetFullPath(candidate);
            }
        }
        return null;
    }
}

/// <summary>One request of shared/fixtures/sdk-signed-requests(-2).jsonl (rows 1–23, 24–38), exactly as the official SDK sent it.</summary>
public sealed record SdkRequest(int Id, string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    public string? Header(string name) =>
        Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
}

public static class SdkRequests
{
    private static readonly Lazy<IReadOnlyList<SdkRequest>> LazyRows = new(Load);

    public static IReadOnlyList<SdkRequest> Rows => LazyRows.Value;

    public static SdkRequest Row(int id) => Rows.Single(r => r.Id == id);

    /// <summary>Rows 1–23 and, from the second file, rows 24 on.</summary>
    private static IReadOnlyList<SdkRequest> Load() =>
        [.. new[] { "fixtures/sdk-signed-requests.jsonl", "fixtures/sdk-signed-requests-2.jsonl" }
            .SelectMany(f => File.ReadLines(SharedFiles.Find(f))).Where(l => l.Length > 0).Select(Parse)];

    private static SdkRequest Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var row = doc.RootElement;
        return new SdkRequest(
            row.GetProperty("id").GetInt32(),
            row.GetProperty("method").GetString()!,
            row.GetProperty("target").GetString()!,
            [.. row.GetProperty("headers").EnumerateArray().Select(p => KeyValuePair.Create(p[0].GetString()!, p[1].GetString()!))],
            Convert.FromBase64String(row.GetProperty("body_base64").GetString()!));
    }
}

/// <summary>The seed documentation pages (shared/seeds) and the JSON examples inside them, verbatim.</summary>
public static partial class Seeds
{
    /// <summary>The text of seed <paramref name="prefix"/> (e.g. "000" for 000_e125989380eb8263.txt).</summary>
    public static string Text(string prefix) =>
        File.ReadAllText(Directory.GetFiles(SharedFiles.FindDirectory("seeds"), prefix + "_*.txt").Single());

    /// <summary>The request bodies of a handle page: every JSON object that starts with <c>"incident_num"</c>, as written.</summary>
    public static IReadOnlyList<string> HandleExamples(string prefix)
    {
        var text = Text(prefix);
        return [.. HandleStart().Matches(text).Select(m => Balanced(text, m.Index))];
    }

    /// <summary>The first JSON object after <paramref name="marker"/>.</summary>
    public static string ObjectAfter(string prefix, string marker)
    {
        var text = Text(prefix);
        var at = text.IndexOf(marker, StringComparison.Ordinal);
        if (at < 0) throw new InvalidOperationException($"seed {prefix} has no '{marker}'");
        return Balanced(text, text.IndexOf('{', at));
    }

    private static string Balanced(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\') i++;
                else if (c == '"') inString = false;
                continue;
            }
            if (c == '"') inString = true;
            else if (c == '{') depth++;
            else if (c == '}' && --depth == 0) return text[start..(i + 1)];
        }
        throw new InvalidOperationException("unbalanced JSON in seed text");
    }

    [GeneratedRegex("""\{\s*"incident_num"\s*:""")]
    private static partial Regex HandleStart();
}
