using System.Diagnostics.CodeAnalysis;

namespace Coc.Core.Auth.Signing;

/// <summary>
/// <c>SDK-HMAC-SHA256 Access=&lt;AK&gt;, SignedHeaders=&lt;h1;h2&gt;, Signature=&lt;64 hex&gt;</c>.
/// </summary>
/// <param name="SignedHeaders">Lower case, sorted, without duplicates.</param>
public sealed record AuthorizationHeader(string AccessKey, IReadOnlyList<string> SignedHeaders, string Signature)
{
    private const int SignatureHexLength = 64;

    public override string ToString() =>
        $"{SdkSigning.Algorithm} Access={AccessKey}, SignedHeaders={string.Join(';', SignedHeaders)}, Signature={Signature}";

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out AuthorizationHeader? header,
        [NotNullWhen(false)] out string? error)
    {
        header = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            error = "empty Authorization header";
            return false;
        }
        var text = value.Trim();
        var prefix = SdkSigning.Algorithm + " ";
        if (!text.StartsWith(prefix, StringComparison.Ordinal))
        {
            error = $"algorithm must be {SdkSigning.Algorithm}";
            return false;
        }

        string? accessKey = null, signedHeaders = null, signature = null;
        foreach (var part in text[prefix.Length..].Split(','))
        {
            var eq = part.IndexOf('=');
            var name = eq < 0 ? part.Trim() : part[..eq].Trim();
            var field = eq < 0 ? null : part[(eq + 1)..].Trim();
            ref var slot = ref accessKey;
            switch (name)
            {
                case "Access": slot = ref accessKey; break;
                case "SignedHeaders": slot = ref signedHeaders; break;
                case "Signature": slot = ref signature; break;
                default:
                    error = $"unexpected field '{name}'";
                    return false;
            }
            if (string.IsNullOrEmpty(field))
            {
                error = $"{name} is empty";
                return false;
            }
            if (slot is not null)
            {
                error = $"{name} given twice";
                return false;
            }
            slot = field;
        }

        if (accessKey is null || signedHeaders is null || signature is null)
        {
            error = "Access, SignedHeaders and Signature are all required";
            return false;
        }
        if (signature.Length != SignatureHexLength || !signature.All(char.IsAsciiHexDigit))
        {
            error = $"Signature must be {SignatureHexLength} hex digits";
            return false;
        }
        if (!TryParseSignedHeaders(signedHeaders, out var names, out error))
        {
            return false;
        }

        header = new AuthorizationHeader(accessKey, names, signature);
        return true;
    }

    // Names are compared lower case and in sorted order, which is how every SDK builds the list,
    // so a client listing them differently still gets a canonical request it can reproduce.
    private static bool TryParseSignedHeaders(
        string list,
        [NotNullWhen(true)] out IReadOnlyList<string>? names,
        [NotNullWhen(false)] out string? error)
    {
        names = null;
        var parts = list.Split(';');
        if (parts.Any(p => p.Length == 0 || !p.All(IsTokenChar)))
        {
            error = "SignedHeaders must be header names separated by ';'";
            return false;
        }
        var sorted = parts.Select(p => p.ToLowerInvariant()).Order(StringComparer.Ordinal).ToArray();
        for (var i = 1; i < sorted.Length; i++)
        {
            if (sorted[i] == sorted[i - 1])
            {
                error = $"SignedHeaders names '{sorted[i]}' twice";
                return false;
            }
        }
        names = sorted;
        error = null;
        return true;
    }

    // RFC 9110 token characters.
    private static bool IsTokenChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c);
}
