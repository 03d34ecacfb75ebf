namespace Coc.Core.Auth.Signing;

/// <summary>
/// A request as it arrived on the wire (or is about to be sent), reduced to what signing reads.
/// </summary>
public sealed record SignatureRequest
{
    public SignatureRequest(
        string method,
        string rawPath,
        string rawQuery,
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body)
    {
        Method = method;
        RawPath = rawPath;
        RawQuery = rawQuery;
        Headers = ToLookup(headers);
        Body = body;
    }

    public string Method { get; init; }

    /// <summary>Path exactly as sent: no query, still percent-encoded.</summary>
    public string RawPath { get; init; }

    /// <summary>Query exactly as sent, without the leading '?'; empty when there is none.</summary>
    public string RawQuery { get; init; }

    /// <summary>Case-insensitive by name.</summary>
    public IReadOnlyDictionary<string, string> Headers { get; private init; }

    public ReadOnlyMemory<byte> Body { get; init; }

    /// <summary>Splits a request target (<c>/path?query</c>) into path and query.</summary>
    public static SignatureRequest FromTarget(
        string method,
        string target,
        IEnumerable<KeyValuePair<string, string>> headers,
        ReadOnlyMemory<byte> body)
    {
        var q = target.IndexOf('?');
        return q < 0
            ? new SignatureRequest(method, target, "", headers, body)
            : new SignatureRequest(method, target[..q], target[(q + 1)..], headers, body);
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    /// <summary>A copy with one header set (added or replaced); other headers unchanged.</summary>
    public SignatureRequest WithHeader(string name, string value)
    {
        var headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase) { [name] = value };
        return this with { Headers = headers };
    }

    public SignatureRequest WithoutHeader(string name)
    {
        var headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase);
        headers.Remove(name);
        return this with { Headers = headers };
    }

    // A repeated header is joined with ',' as HTTP defines, so the verifier sees the same value
    // a framework's combined header would show the application.
    private static Dictionary<string, string> ToLookup(IEnumerable<KeyValuePair<string, string>> headers)
    {
        var lookup = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in headers)
        {
            lookup[name] = lookup.TryGetValue(name, out var earlier) ? earlier + "," + value : value;
        }
        return lookup;
    }
}
