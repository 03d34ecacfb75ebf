using System.Text.Json;
using Coc.Core.Auth.Signing;

namespace Coc.Core.Tests.Signing;

/// <summary>One line of shared/fixtures/sdk-signed-requests.jsonl: a request the Python SDK really sent.</summary>
public sealed record SignedRequestRow(
    int Id,
    string Method,
    string Target,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    byte[] Body,
    string AccessKey,
    string SecretKey,
    bool SignatureValid)
{
    public string Header(string name) =>
        Headers.Single(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

    public string Authorization => Header(SdkSigning.AuthorizationHeader);

    public DateTimeOffset SignedAt =>
        SdkDate.TryParse(Header(SdkSigning.DateHeader), out var date) ? date : throw new FormatException(Header(SdkSigning.DateHeader));

    public IReadOnlyList<string> SignedHeaders =>
        AuthorizationHeader.TryParse(Authorization, out var parsed, out var error) ? parsed.SignedHeaders : throw new FormatException(error);

    public SignatureRequest ToRequest() => SignatureRequest.FromTarget(Method, Target, Headers, Body);

    public string? SecretFor(string accessKey) => accessKey == AccessKey ? SecretKey : null;
}

public static class Fixtures
{
    private const string RelativePath = "shared/fixtures/sdk-signed-requests.jsonl";

    private static readonly Lazy<IReadOnlyList<SignedRequestRow>> LazyRows = new(Load);

    public static IReadOnlyList<SignedRequestRow> Rows => LazyRows.Value;

    public static SignedRequestRow Row(int id) => Rows.Single(r => r.Id == id);

    public static TheoryData<int> AllIds => [.. Rows.Select(r => r.Id)];

    public static TheoryData<int> IdsWithQuery => [.. Rows.Where(r => r.Target.Contains('?')).Select(r => r.Id)];

    public static TheoryData<int> IdsWithBody => [.. Rows.Where(r => r.Body.Length > 0).Select(r => r.Id)];

    public static TheoryData<int> IdsWithoutBody => [.. Rows.Where(r => r.Body.Length == 0).Select(r => r.Id)];

    public static TheoryData<int, string> SignedHeaderCases
    {
        get
        {
            var cases = new TheoryData<int, string>();
            foreach (var row in Rows)
            {
                foreach (var name in row.SignedHeaders)
                {
                    cases.Add(row.Id, name);
                }
            }
            return cases;
        }
    }

    // The repository is cloned beside shared/ (…/main and …/shared), so walk up from the test
    // binaries until some ancestor, or a sibling reached through "..", holds the file.
    public static string FilePath
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, RelativePath), Path.Combine(dir.FullName, "..", RelativePath) })
                {
                    if (File.Exists(candidate))
                    {
                        return Path.GetFullPath(candidate);
                    }
                }
            }
            throw new FileNotFoundException($"{RelativePath} not found above {AppContext.BaseDirectory}");
        }
    }

    private static IReadOnlyList<SignedRequestRow> Load() =>
        [.. File.ReadLines(FilePath).Where(line => line.Length > 0).Select(Parse)];

    private static SignedRequestRow Parse(string line)
    {
        using var doc = JsonDocument.Parse(line);
        var row = doc.RootElement;
        var headers = row.GetProperty("headers").EnumerateArray()
            .Select(pair => KeyValuePair.Create(pair[0].GetString()!, pair[1].GetString()!))
            .ToArray();
        return new SignedRequestRow(
            row.GetProperty("id").GetInt32(),
            row.GetProperty("method").GetString()!,
            row.GetProperty("target").GetString()!,
            headers,
            Convert.FromBase64String(row.GetProperty("body_base64").GetString()!),
            row.GetProperty("access_key").GetString()!,
            row.GetProperty("secret_key").GetString()!,
            row.GetProperty("signature_valid").GetBoolean());
    }
}
