using System.Text;

namespace Coc.Server.Tests.BadBytes;

/// <summary>
/// The fuzzers' classes of bad input, kept as cases (hardening items 4 and 10): invalid UTF-8, lone surrogates, NUL,
/// numeric edge cases, deep nesting, duplicate keys, a BOM, non-object bodies and wrong Content-Types on every JSON
/// endpoint. Each is a 400 in the envelope naming the field, changes nothing stored, and logs no stack trace, at most
/// one warning line, and none of the attacker's bytes.
/// </summary>
public sealed class BadBytesTests(BadBytesServer server) : IClassFixture<BadBytesServer>, IAsyncLifetime
{
    /// <summary>Written into every mutated string: the log must never contain it.</summary>
    public const string Marker = "ZQXJ";

    private readonly CocApi _api = server.Api();
    private string _acknowledged = "";

    public async Task InitializeAsync()
    {
        _acknowledged = await _api.CreateAsync();
        await _api.DoAsync(_acknowledged, People.Alice, "acceptedIncident1");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public static TheoryData<string, string> StringCases() => Cases(JsonEndpoints.All, Mutants.Strings.Keys);

    public static TheoryData<string, string> NumberCases() => Cases(JsonEndpoints.All, Mutants.Numbers.Keys);

    public static TheoryData<string, string> BodyCases() => Cases(JsonEndpoints.All, Mutants.Bodies.Keys);

    private static TheoryData<string, string> Cases(IEnumerable<JsonEndpoint> endpoints, IEnumerable<string> mutants)
    {
        var data = new TheoryData<string, string>();
        foreach (var endpoint in endpoints)
            foreach (var mutant in mutants) data.Add(endpoint.Name, mutant);
        return data;
    }

    [Theory]
    [MemberData(nameof(StringCases))]
    public async Task A_bad_string_is_a_400_naming_the_field(string endpoint, string mutant)
    {
        var e = JsonEndpoints.Get(endpoint);
        var body = e.Body(_acknowledged, text: Mutants.Strings[mutant]);
        await AssertRefusedAsync(e, body, e.TextField);
    }

    [Theory]
    [MemberData(nameof(NumberCases))]
    public async Task An_out_of_range_or_non_integer_number_is_a_400_naming_the_field(string endpoint, string mutant)
    {
        var e = JsonEndpoints.Get(endpoint);
        var body = e.Body(_acknowledged, number: Mutants.Numbers[mutant]);
        await AssertRefusedAsync(e, body, e.NumberField);
    }

    [Theory]
    [MemberData(nameof(BodyCases))]
    public async Task A_malformed_body_is_a_400_saying_what_is_wrong(string endpoint, string mutant)
    {
        var e = JsonEndpoints.Get(endpoint);
        var (bytes, contentType, names) = Mutants.Bodies[mutant](e, _acknowledged);
        await AssertRefusedAsync(e, bytes, names, contentType);
    }

    private async Task AssertRefusedAsync(JsonEndpoint e, byte[] body, string names, string contentType = CocApi.SdkJson)
    {
        var before = await server.DumpStorageAsync();
        var api = e.Signed ? _api : CocApi.WithoutProjectHeader(server.Client(null));
        var (response, lines) = await server.LoggedWhileAsync(() => api.SendAsync(HttpMethod.Post, e.Path, CocApi.Raw(body, contentType)));

        Wire.AssertInvalid(response, names);
        Assert.Equal(before, await server.DumpStorageAsync());
        LogAssert.Quiet(lines);
    }
}

/// <summary>What one bad request may leave in the log.</summary>
public static class LogAssert
{
    public static void Quiet(IReadOnlyList<string> lines)
    {
        var all = string.Join("\n", lines);
        Assert.False(all.Contains("   at ", StringComparison.Ordinal), $"a stack trace was logged:\n{all}");
        Assert.False(all.Contains("Exception", StringComparison.Ordinal), $"an exception was logged:\n{all}");
        Assert.False(all.Contains(BadBytesTests.Marker, StringComparison.Ordinal), $"the request's bytes were logged:\n{all}");
        var warnings = lines.Count(l => l.StartsWith("Warning", StringComparison.Ordinal) || l.StartsWith("Error", StringComparison.Ordinal)
            || l.StartsWith("Critical", StringComparison.Ordinal));
        Assert.True(warnings <= 1, $"{warnings} warning lines for one request:\n{all}");
    }
}

/// <summary>
/// A JSON endpoint with a valid body template: <c>@TEXT</c> is a string field and <c>@NUMBER</c> a numeric (or
/// other) field the mutants replace; <c>@TICKET</c> is the acknowledged ticket's number.
/// </summary>
public sealed record JsonEndpoint(string Name, string Path, bool Signed, string Template, string TextField, string NumberField,
    string FirstKey, string Text = "\"a full disk\"", string Number = "1700000000000")
{
    public byte[] Body(string ticket, byte[]? text = null, string? number = null)
    {
        var template = Encoding.UTF8.GetBytes(Template.Replace("@TICKET", ticket, StringComparison.Ordinal)
            .Replace("@NUMBER", number ?? Number, StringComparison.Ordinal));
        var slot = Encoding.UTF8.GetBytes("@TEXT");
        var at = template.AsSpan().IndexOf(slot);
        return [.. template.AsSpan(0, at), .. text ?? Encoding.UTF8.GetBytes(Text), .. template.AsSpan(at + slot.Length)];
    }
}

public static class JsonEndpoints
{
    public static readonly JsonEndpoint[] All =
    [
        new("create", "/v1/external/incident/create", true,
            """{"incident_level":"level_40","is_service_interrupt":"false","incident_type":"inc_type_p_function_issues","incident_title":@TEXT,"incident_source":"incident_source_manual","incident_assignee":["ops-alice"],"creator":"ops-carol","start_time":@NUMBER}""",
            "incident_title", "start_time", "incident_level"),
        new("handle-solution", "/v1/external/incident/handle", true,
            """{"incident_num":"@TICKET","operator":"ops-alice","operate_key":"commitSolution1","parameter":{"mtm_type":"inc_type_p_config_issues","is_service_interrupt":true,"cause":@TEXT,"solution":"rotated the logs","fault_recovery_time":@NUMBER}}""",
            "parameter.cause", "parameter.fault_recovery_time", "incident_num", Number: "1800000000000"),
        new("handle-pause", "/v1/external/incident/handle", true,
            """{"incident_num":"@TICKET","operator":"ops-alice","operate_key":"incidentPause","parameter":{"pause_reason":@TEXT,"pause_end_time":@NUMBER}}""",
            "parameter.pause_reason", "parameter.pause_end_time", "incident_num", Number: "4000000000000"),
        new("histories", "/v1/external/incident/list-histories", true,
            """{"string_filters":[{"operator":"in","field":"ticket_id","values":["@TICKET",@TEXT],"name":@NUMBER}],"sort_filter":{"operator":"desc","field":"start_time"}}""",
            "string_filters[0].values[1]", "string_filters[0].name", "string_filters", Number: "\"ticket\""),
        SignIn("token", "/v3/auth/tokens"),
        SignIn("console-session", "/v1/console/session"),
    ];

    public static JsonEndpoint Get(string name) => All.Single(e => e.Name == name);

    /// <summary>A password sign-in: the token endpoint and the console's session take the same body.</summary>
    private static JsonEndpoint SignIn(string name, string path) => new(name, path, false,
        """{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":@TEXT,"password":@NUMBER,"domain":{"name":"default"}}}},"scope":{"project":{"name":"default"}}}}""",
        "auth.identity.password.user.name", "auth.identity.password.user.password", "auth", Number: "\"not-the-password\"");
}

public static class Mutants
{
    private static byte[] Bytes(params object[] parts) =>
        [.. parts.SelectMany(p => p is string s ? Encoding.UTF8.GetBytes(s) : (byte[])p)];

    private const string M = BadBytesTests.Marker;

    /// <summary>String values that are not text.</summary>
    public static readonly Dictionary<string, byte[]> Strings = new()
    {
        ["invalid-utf8"] = Bytes("\"" + M, new byte[] { 0xFF, 0xFE }, "\""),
        ["overlong-utf8"] = Bytes("\"" + M, new byte[] { 0xC0, 0xAF }, "\""),
        ["truncated-utf8-sequence"] = Bytes("\"" + M, new byte[] { 0xE2, 0x82 }, "\""),
        ["utf8-encoded-surrogate"] = Bytes("\"" + M, new byte[] { 0xED, 0xA0, 0x80 }, "\""),
        ["lone-low-surrogate-escape"] = Bytes("\"" + M + "\\udc00\""),
        ["lone-high-surrogate-escape"] = Bytes("\"" + M + "\\ud800x\""),
        ["reversed-surrogate-escapes"] = Bytes("\"" + M + "\\udc00\\ud800\""),
        ["nul-escape"] = Bytes("\"" + M + "\\u0000\""),
    };

    /// <summary>Numbers no time (or string field) takes.</summary>
    public static readonly Dictionary<string, string> Numbers = new()
    {
        ["1e400"] = "1e400",
        ["2^64"] = "18446744073709551616",
        ["2^63-1"] = "9223372036854775807",
        ["year-10000"] = "253402300800000",
        ["minus-zero"] = "-0",
        ["negative"] = "-1",
        ["fraction"] = "1.5",
        ["exponent"] = "17e11",
    };

    /// <summary>Whole-body mutants: bytes, Content-Type, and what the error message must name.</summary>
    public static readonly Dictionary<string, Func<JsonEndpoint, string, (byte[] Body, string ContentType, string Names)>> Bodies = new()
    {
        ["bom"] = (e, n) => (Bytes(new byte[] { 0xEF, 0xBB, 0xBF }, e.Body(n)), CocApi.SdkJson, "byte order mark"),
        ["duplicate-key"] = (e, n) => (Bytes("{\"" + e.FirstKey + "\":\"" + M + "\",", e.Body(n)[1..]), CocApi.SdkJson, e.FirstKey),
        ["invalid-utf8-property-name"] = (e, n) => (Bytes("{\"" + M, new byte[] { 0xFF }, "\":1,", e.Body(n)[1..]), CocApi.SdkJson, "property name"),
        ["lone-surrogate-property-name"] = (e, n) => (Bytes("{\"" + M + "\\udc00\":1,", e.Body(n)[1..]), CocApi.SdkJson, "property name"),
        ["nested-65-deep"] = (e, n) => (Nested(e.Body(n), 65), CocApi.SdkJson, "depth"),
        ["nested-100000-deep"] = (e, n) => (Nested(e.Body(n), 100_000), CocApi.SdkJson, "depth"),
        ["array"] = (_, _) => (Bytes("[{\"a\":1}]"), CocApi.SdkJson, "JSON object"),
        ["string"] = (_, _) => (Bytes("\"" + M + "\""), CocApi.SdkJson, "JSON object"),
        ["number"] = (_, _) => (Bytes("1e400"), CocApi.SdkJson, "JSON object"),
        ["null"] = (_, _) => (Bytes("null"), CocApi.SdkJson, "JSON object"),
        ["truncated"] = (e, n) => (e.Body(n)[..(e.Body(n).Length / 2)], CocApi.SdkJson, "not valid JSON"),
        ["empty"] = (_, _) => ([], CocApi.SdkJson, "request body is required"),
        ["text-plain-lone-surrogate"] = (e, n) => (e.Body(n, Strings["lone-low-surrogate-escape"]), "text/plain", e.TextField),
        ["form-urlencoded-invalid-utf8"] = (e, n) => (e.Body(n, Strings["invalid-utf8"]), "application/x-www-form-urlencoded", e.TextField),
        ["multipart-type-invalid-utf8"] = (e, n) => (e.Body(n, Strings["invalid-utf8"]), "multipart/form-data; boundary=x", e.TextField),
        ["latin1-charset-invalid-utf8"] = (e, n) => (e.Body(n, Strings["invalid-utf8"]), "application/json; charset=iso-8859-1", e.TextField),
    };

    /// <summary>The body with one more member, <c>"deep"</c>, holding arrays nested <paramref name="depth"/> levels.</summary>
    private static byte[] Nested(byte[] body, int depth) =>
        Bytes("{\"deep\":" + new string('[', depth) + new string(']', depth) + ",", body[1..]);
}
