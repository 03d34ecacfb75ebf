using System.Net;
using System.Text.Json;

namespace Coc.Server.Tests.Auth;

public static class AuthAssert
{
    public const string Unauthenticated = "APIGW.0301";
    public const string Forbidden = "GOM.00007262";

    /// <summary>
    /// 401 APIGW.0301 in the gateway's body: <c>error_code</c>, <c>error_msg</c>, <c>request_id</c> (= X-Request-Id),
    /// plus — only after a signature mismatch with diagnostics on — <c>canonical_request</c> and <c>string_to_sign</c>.
    /// </summary>
    public static void Unauthorized(WireResponse r, string? messageContains = null)
    {
        Assert.True(r.Status == HttpStatusCode.Unauthorized && r.Json.ValueKind == JsonValueKind.Object, $"expected 401 APIGW.0301, got {r}");
        var keys = r.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal).ToList();
        Assert.True(keys.SequenceEqual(["error_code", "error_msg", "request_id"])
            || keys.SequenceEqual(["canonical_request", "error_code", "error_msg", "request_id", "string_to_sign"]), $"not the gateway's body: {r}");
        Wire.AssertString(r.Json, "error_code", Unauthenticated);
        Assert.False(string.IsNullOrWhiteSpace(r.ErrorMsg), $"empty error_msg: {r}");
        Assert.StartsWith("Incorrect IAM authentication information", r.ErrorMsg, StringComparison.Ordinal);
        Assert.Equal(r.RequestId, r.Json.GetProperty("request_id").GetString());
        if (messageContains is not null)
            Assert.True(r.ErrorMsg.Contains(messageContains, StringComparison.Ordinal), $"error_msg should contain '{messageContains}': {r}");
    }

    public static bool HasDiagnostics(WireResponse r) =>
        r.Json.ValueKind == JsonValueKind.Object && (r.Json.TryGetProperty("canonical_request", out _) || r.Json.TryGetProperty("string_to_sign", out _));
}
