using System.Text;

namespace Coc.Core.Auth.Signing;

/// <summary>
/// The six parts of the canonical request; <see cref="ToString"/> joins them with '\n'.
/// </summary>
/// <param name="Headers">One <c>name:value\n</c> line per signed header.</param>
public sealed record CanonicalRequest(
    string Method,
    string Uri,
    string Query,
    string Headers,
    string SignedHeaders,
    string PayloadHash)
{
    public override string ToString() =>
        string.Join('\n', Method, Uri, Query, Headers, SignedHeaders, PayloadHash);

    /// <param name="signedHeaders">Lower case and sorted, as <see cref="AuthorizationHeader"/> gives them.</param>
    public static CanonicalRequest Create(SignatureRequest request, IReadOnlyList<string> signedHeaders, string payloadHash) =>
        new(
            request.Method.ToUpperInvariant(),
            CanonicalUri(request.RawPath),
            CanonicalQuery(request.RawQuery),
            CanonicalHeaders(request, signedHeaders),
            string.Join(';', signedHeaders),
            payloadHash);

    /// <summary>
    /// Decodes the whole path first, so an encoded '/' (%2F) separates segments like a literal one.
    /// </summary>
    public static string CanonicalUri(string rawPath)
    {
        var decoded = PercentEncoding.Decode(rawPath).AsSpan();
        var builder = new StringBuilder(rawPath.Length + 8);
        while (true)
        {
            var slash = decoded.IndexOf((byte)'/');
            if (slash < 0)
            {
                PercentEncoding.Encode(decoded, builder);
                break;
            }
            PercentEncoding.Encode(decoded[..slash], builder);
            builder.Append('/');
            decoded = decoded[(slash + 1)..];
        }
        if (builder.Length == 0 || builder[^1] != '/')
        {
            builder.Append('/');
        }
        return builder.ToString();
    }

    // Pairs sort by their decoded UTF-8 bytes, which is code point order: the order the Python and
    // Go signers use (UTF-16 ordinal order would differ for characters beyond U+FFFF).
    public static string CanonicalQuery(string rawQuery)
    {
        var pairs = new List<(byte[] Name, byte[] Value)>();
        foreach (var part in rawQuery.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var eq = part.IndexOf('=');
            pairs.Add(eq < 0
                ? (PercentEncoding.Decode(part), [])
                : (PercentEncoding.Decode(part[..eq]), PercentEncoding.Decode(part[(eq + 1)..])));
        }
        pairs.Sort(static (a, b) =>
        {
            var byName = a.Name.AsSpan().SequenceCompareTo(b.Name);
            return byName != 0 ? byName : a.Value.AsSpan().SequenceCompareTo(b.Value);
        });
        return string.Join('&', pairs.Select(p => PercentEncoding.Encode(p.Name) + "=" + PercentEncoding.Encode(p.Value)));
    }

    /// <exception cref="ArgumentException">A signed header is missing from the request.</exception>
    public static string CanonicalHeaders(SignatureRequest request, IReadOnlyList<string> signedHeaders)
    {
        var builder = new StringBuilder();
        foreach (var name in signedHeaders)
        {
            var value = request.Header(name)
                ?? throw new ArgumentException($"signed header '{name}' is missing from the request", nameof(request));
            builder.Append(name).Append(':').Append(value.Trim()).Append('\n');
        }
        return builder.ToString();
    }
}
