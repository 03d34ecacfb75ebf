using System.Net;
using System.Text.Json;

namespace Coc.Server.Tests;

/// <summary>Assertions on the wire shapes of api.md: the COC envelope, its errors and the gateway's errors.</summary>
public static class Wire
{
    public const string Success = "GOM.00000000";
    public const string InvalidParameter = "GOM.00007256";
    public const string TicketNotFound = "COC.00067003";
    public const string NotAllowed = "GOM.00007258";
    public const string ConcurrentUpdate = "GOM.00007259";
    public const string NoSuchApi = "APIGW.0101";
    public const string TooLarge = "APIGW.0201";

    /// <summary>HTTP 200, <c>provider_code</c> the string "049", <c>error_code</c> GOM.00000000, <c>error_msg</c> null.</summary>
    public static void AssertOk(WireResponse r)
    {
        Assert.True(r.Status == HttpStatusCode.OK, $"expected 200, got {r}");
        Assert.True(r.Json.ValueKind == JsonValueKind.Object, $"not a JSON object: {r}");
        AssertString(r.Json, "provider_code", "049");
        AssertString(r.Json, "error_code", Success);
        AssertNull(r.Json, "error_msg");
        Assert.True(r.Json.TryGetProperty("data", out _), $"no data key: {r}");
    }

    /// <summary>An error in the COC envelope: the status, the code, a message, and <c>data: null</c>.</summary>
    public static void AssertError(WireResponse r, HttpStatusCode status, string code, string? messageContains = null)
    {
        Assert.True(r.Status == status && r.Json.ValueKind == JsonValueKind.Object, $"expected {(int)status} {code}, got {r}");
        AssertString(r.Json, "provider_code", "049");
        AssertString(r.Json, "error_code", code);
        Assert.True(r.Json.GetProperty("error_msg").ValueKind == JsonValueKind.String, $"error_msg is not a string: {r}");
        Assert.False(string.IsNullOrWhiteSpace(r.ErrorMsg), $"empty error_msg: {r}");
        AssertNull(r.Json, "data");
        if (messageContains is not null)
            Assert.True(r.ErrorMsg.Contains(messageContains, StringComparison.Ordinal), $"error_msg should name '{messageContains}': {r}");
    }

    public static void AssertInvalid(WireResponse r, string? messageContains = null) =>
        AssertError(r, HttpStatusCode.BadRequest, InvalidParameter, messageContains);

    /// <summary>The API gateway's own body: exactly <c>error_code</c>, <c>error_msg</c>, <c>request_id</c> (= X-Request-Id).</summary>
    public static void AssertGateway(WireResponse r, HttpStatusCode status, string code)
    {
        Assert.True(r.Status == status && r.Json.ValueKind == JsonValueKind.Object, $"expected {(int)status} {code} in the gateway body, got {r}");
        Assert.Equal(["error_code", "error_msg", "request_id"], r.Json.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        AssertString(r.Json, "error_code", code);
        Assert.False(string.IsNullOrWhiteSpace(r.ErrorMsg), $"empty error_msg: {r}");
        Assert.Equal(r.RequestId, r.Json.GetProperty("request_id").GetString());
    }

    public static void AssertString(JsonElement obj, string name, string expected)
    {
        Assert.True(obj.TryGetProperty(name, out var v), $"missing '{name}' in {obj}");
        Assert.True(v.ValueKind == JsonValueKind.String, $"'{name}' should be the JSON string \"{expected}\", is {v.ValueKind}: {v}");
        Assert.Equal(expected, v.GetString());
    }

    /// <summary>The key is present and its value is JSON null.</summary>
    public static void AssertNull(JsonElement obj, string name)
    {
        Assert.True(obj.TryGetProperty(name, out var v), $"missing '{name}' (it must be present, as null) in {obj}");
        Assert.True(v.ValueKind == JsonValueKind.Null, $"'{name}' should be null, is {v}");
    }

    public static void AssertKind(JsonElement obj, string name, JsonValueKind kind)
    {
        Assert.True(obj.TryGetProperty(name, out var v), $"missing '{name}' in {obj}");
        Assert.True(v.ValueKind == kind, $"'{name}' should be a JSON {kind}, is {v.ValueKind}: {v}");
    }

    /// <summary>A JSON integer (no fraction, no exponent) — how times travel.</summary>
    public static long AssertInteger(JsonElement obj, string name)
    {
        AssertKind(obj, name, JsonValueKind.Number);
        var v = obj.GetProperty(name);
        Assert.True(v.TryGetInt64(out var value) && v.GetRawText().All(c => char.IsAsciiDigit(c) || c == '-'), $"'{name}' should be an integer, is {v.GetRawText()}");
        return value;
    }

    public static bool AssertBoolean(JsonElement obj, string name)
    {
        Assert.True(obj.TryGetProperty(name, out var v), $"missing '{name}' in {obj}");
        Assert.True(v.ValueKind is JsonValueKind.True or JsonValueKind.False, $"'{name}' should be a JSON boolean, is {v.ValueKind}: {v}");
        return v.GetBoolean();
    }

    /// <summary>A JSON array of strings, returned as a list.</summary>
    public static IReadOnlyList<string> AssertStringArray(JsonElement obj, string name)
    {
        AssertKind(obj, name, JsonValueKind.Array);
        var items = obj.GetProperty(name).EnumerateArray().ToList();
        Assert.All(items, i => Assert.Equal(JsonValueKind.String, i.ValueKind));
        return [.. items.Select(i => i.GetString()!)];
    }

    public static string Str(this JsonElement obj, string name) => obj.GetProperty(name).GetString()!;
}
