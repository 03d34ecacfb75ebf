using System.Security.Cryptography;
using System.Text;

namespace Coc.Core.Alarms;

/// <summary>
/// Integration keys (alarms.md, Ingestion — authentication): 32 characters <c>A-Za-z0-9</c> from a CSPRNG, kept only as
/// their SHA-256, shown once. A key is a credential: it is never logged.
/// </summary>
public static class IntegrationKeys
{
    public const int Length = 32;
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);

    public static bool IsWellFormed(string? key) => key is { Length: Length } && key.All(char.IsAsciiLetterOrDigit);

    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    /// <summary>The last four characters, shown instead of the key.</summary>
    public static string Hint(string key) => key[^4..];

    /// <summary>An ingestion path with its key replaced by <c>***</c>, for logs; other paths unchanged.</summary>
    public static string MaskInPath(string path)
    {
        foreach (var prefix in IngestPrefixes)
            if (path.StartsWith(prefix, StringComparison.OrdinalIgnoreCase) && path.Length > prefix.Length)
                return path[..prefix.Length] + "***";
        return path;
    }

    public const string PrometheusPrefix = "/v1/event/prometheus/";
    public const string CustomPrefix = "/v1/event/huawei/custom/";
    private static readonly string[] IngestPrefixes = [PrometheusPrefix, CustomPrefix];

    public static string IngestPath(string type, string key) => (type == IntegrationTypes.Prometheus ? PrometheusPrefix : CustomPrefix) + key;
}

public static class IntegrationTypes
{
    public const string Prometheus = "prometheus";
    public const string Custom = "custom";

    public static bool IsKnown(string? type) => type is Prometheus or Custom;
}
