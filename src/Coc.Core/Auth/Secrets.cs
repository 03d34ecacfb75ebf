using System.Security.Cryptography;
using System.Text;

namespace Coc.Core.Auth;

/// <summary>Random credentials and token hashing (passwords: <see cref="PasswordHasher"/>).</summary>
public static class Secrets
{
    private const string Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static string NewAccessKeyId() => RandomNumberGenerator.GetString(Alphabet, 20);
    public static string NewSecretKey() => RandomNumberGenerator.GetString(Alphabet + "abcdefghijklmnopqrstuvwxyz", 40);
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>An opaque token; the prefix only makes it look like the IAM tokens clients expect.</summary>
    public static string NewToken() => "MII" + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static string HashToken(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static bool FixedTimeEquals(string a, string b) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(a), Encoding.UTF8.GetBytes(b));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
