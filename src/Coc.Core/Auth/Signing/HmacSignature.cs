using System.Security.Cryptography;
using System.Text;

namespace Coc.Core.Auth.Signing;

internal static class HmacSignature
{
    public static byte[] Compute(string secretKey, string stringToSign) =>
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secretKey), Encoding.UTF8.GetBytes(stringToSign));

    public static string ComputeHex(string secretKey, string stringToSign) =>
        Convert.ToHexStringLower(Compute(secretKey, stringToSign));

    /// <param name="expected">Raw bytes of the signature the client sent.</param>
    public static bool Matches(string secretKey, string stringToSign, ReadOnlySpan<byte> expected) =>
        CryptographicOperations.FixedTimeEquals(Compute(secretKey, stringToSign), expected);
}
