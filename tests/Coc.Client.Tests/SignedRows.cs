using System.Text.Json;

namespace Coc.Client.Tests;

/// <summary>A row of shared/fixtures/sdk-signed-requests*.jsonl: a request the official Python SDK really sent.</summary>
public sealed record SignedRow(int Id, string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body,
    string AccessKey, string SecretKey)
{
    public string Header(string name) => Headers.Single(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public override string ToString() => $"row {Id}: {Method} {Target}";
}

public static class SignedRows
{
    private static readonly Lazy<IReadOnlyList<SignedRow>> All = new(Load);

    public static IReadOnlyList<SignedRow> Rows => All.Value;

    public static TheoryData<int> Ids => [.. Rows.Select(r => r.Id)];

    public static SignedRow Row(int id) => Rows.Single(r => r.Id == id);

    private static IReadOnlyList<SignedRow> Load()
    {
        var directory = FixtureDirectory();
        var files = Directory.GetFiles(directory, "sdk-signed-requests*.jsonl").Order(StringComparer.Ordinal).ToArray();
        Assert.True(files.Length >= 2, $"both fixture files are expected in {directory}");
        return [.. files.SelectMany(File.ReadLines).Where(l => l.Length > 0).Select(Parse)];
    }

    // The repository is checked out beside shared/ (…/main and …/shared): walk up until an ancestor, or its sibling, holds it.
    private static string FixtureDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "shared", "fixtures"), Path.Combine(dir.FullName, "..", "shared", "fixtures") })
                if (File.Exists(Path.Combine(candidate, "sdk-signed-requests.jsonl"))) return Path.GetFullPath(candidate);
        throw new FileNotFoundException($"shared/fixtures not found above {AppContext.BaseDirectory}");
    }

    private static SignedRow Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var row = doc.RootElement;
        return new SignedRow(
            row.GetProperty("id").GetInt32(),
            row.GetProperty("method").GetString()!,
            row.GetProperty("target").GetString()!,
            [.. row.GetProperty("headers").EnumerateArray().Select(p => KeyValuePair.Create(p[0].GetString()!, p[1].GetString()!))],
            Convert.FromBase64String(row.GetProperty("body_base64").GetString()!),
            row.GetProperty("access_key").GetString()!,
            row.GetProperty("secret_key").GetString()!);
    }
}
