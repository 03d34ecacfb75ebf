using System.Security.Cryptography;
using System.Text;

namespace Coc.Core.Auth.Signing;

public static class StringToSign
{
    /// <param name="sdkDate">The X-Sdk-Date value, yyyyMMddTHHmmssZ.</param>
    public static string Build(string sdkDate, CanonicalRequest canonicalRequest)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest.ToString()));
        return $"{SdkSigning.Algorithm}\n{sdkDate}\n{Convert.ToHexStringLower(hash)}";
    }
}
