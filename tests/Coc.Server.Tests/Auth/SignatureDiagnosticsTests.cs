using System.Net;
using System.Security.Cryptography;
using System.Text;
using Coc.Core.Auth.Signing;

namespace Coc.Server.Tests.Auth;

/// <summary>Emulator mode with Coc:SignatureDiagnostics off: the emulator shows diagnostics regardless.</summary>
public sealed class EmulatorWithoutDiagnosticsSetting() : AuthServer(emulator: true, settings: [KeyValuePair.Create("Coc:SignatureDiagnostics", "false")]);

/// <summary>auth.md step 8 (diagnostics of a mismatch) and the emulator's handling of unknown AKs (Modes).</summary>
public sealed class SignatureDiagnosticsTests(EmulatorWithoutDiagnosticsSetting emulator) : IClassFixture<EmulatorWithoutDiagnosticsSetting>
{
    private static readonly TestKey Unknown = new("NOBODYKNOWSTHISAK01", "an-unknown-secret-0123456789");

    private static async Task<WireResponse> MismatchAsync(AuthServer server)
    {
        var impostor = TestKey.Suite with { SecretKey = "not-the-suite-secret-0123456789" };
        return await server.Api(impostor, "default").ListAsync("limit=5");
    }

    private static void AssertDiagnostics(WireResponse r)
    {
        AuthAssert.Unauthorized(r, "verify aksk signature fail");
        var canonical = r.Json.Str("canonical_request");
        var toSign = r.Json.Str("string_to_sign");
        Assert.StartsWith("GET\n/v1/incident-tickets/\nlimit=5\n", canonical, StringComparison.Ordinal);
        Assert.Contains("x-project-id:default\n", canonical, StringComparison.Ordinal);
        var lines = toSign.Split('\n');
        Assert.Equal(3, lines.Length);
        Assert.Equal("SDK-HMAC-SHA256", lines[0]);
        Assert.Matches(@"^\d{8}T\d{6}Z$", lines[1]);
        // What the server signed is exactly what it shows: the string-to-sign hashes the canonical request.
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical))), lines[2]);
        Assert.DoesNotContain(TestKey.Suite.SecretKey, r.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Emulator_mode_answers_a_known_key_s_mismatch_with_the_canonical_request_and_string_to_sign()
    {
        AssertDiagnostics(await MismatchAsync(emulator));
    }

    [Fact]
    public async Task Secure_mode_without_the_setting_shows_neither()
    {
        await using var server = new AuthServer(settings: [KeyValuePair.Create("Coc:SignatureDiagnostics", "false")]);

        var response = await MismatchAsync(server);

        Wire.AssertGateway(response, HttpStatusCode.Unauthorized, AuthAssert.Unauthenticated);
        Assert.DoesNotContain("canonical_request", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("string_to_sign", response.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("SDK-HMAC-SHA256\n", response.Json.Str("error_msg"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Secure_mode_with_the_setting_shows_both()
    {
        await using var server = new AuthServer(settings: [KeyValuePair.Create("Coc:SignatureDiagnostics", "true")]);

        AssertDiagnostics(await MismatchAsync(server));
        // Only a mismatch is explained: a stale X-Sdk-Date is just "signature expired".
        var stale = await server.Api(TestKey.Suite, "default", () => server.Now.AddMinutes(-16)).ListAsync();
        AuthAssert.Unauthorized(stale, "signature expired");
        Assert.False(AuthAssert.HasDiagnostics(stale), stale.ToString());
    }

    [Fact]
    public async Task Emulator_mode_accepts_an_unknown_AK_without_verifying_its_signature()
    {
        var server = emulator;
        var api = server.Api(Unknown, "diag-project");

        var number = await api.CreateAsync(Bodies.Create("by an unknown AK", "anyone", "someone"));

        Wire.AssertOk(await api.DetailsAsync(number));
        // Any signature at all: the value is not checked for an AK the service does not know.
        var forged = await SendAsync(server, $"SDK-HMAC-SHA256 Access={Unknown.AccessKey}, SignedHeaders=host;x-sdk-date, Signature={new string('0', 64)}",
            SdkDate.ToHeaderValue(server.Now));
        Wire.AssertOk(forged);
    }

    [Theory]
    [InlineData("SDK-HMAC-SHA256 Access=NOBODYKNOWSTHISAK01")]
    [InlineData("SDK-HMAC-SHA256 garbage")]
    [InlineData("AWS4-HMAC-SHA256 Credential=NOBODYKNOWSTHISAK01/x, SignedHeaders=host, Signature=00")]
    [InlineData("SDK-HMAC-SHA256 Access=NOBODYKNOWSTHISAK01, SignedHeaders=host;x-sdk-date")]
    public async Task Emulator_mode_still_refuses_a_malformed_Authorization_header(string authorization)
    {
        var server = emulator;

        var response = await SendAsync(server, authorization, SdkDate.ToHeaderValue(server.Now));

        AuthAssert.Unauthorized(response);
    }

    [Theory]
    [InlineData(-16)]
    [InlineData(16)]
    public async Task Emulator_mode_refuses_an_unknown_AK_16_minutes_off_as_signature_expired(int minutes)
    {
        var server = emulator;
        var off = server.Api(Unknown, "default", () => server.Now.AddMinutes(minutes));
        var near = server.Api(Unknown, "default", () => server.Now.AddMinutes(minutes > 0 ? 14 : -14));

        var response = await off.ListAsync();

        AuthAssert.Unauthorized(response, "signature expired");
        Assert.Equal(SigningMessages.SignatureExpired, response.ErrorMsg);
        Wire.AssertOk(await near.ListAsync());
    }

    [Fact]
    public async Task Emulator_mode_refuses_an_unknown_AK_without_a_valid_X_Sdk_Date()
    {
        var server = emulator;
        var header = $"SDK-HMAC-SHA256 Access={Unknown.AccessKey}, SignedHeaders=host;x-sdk-date, Signature={new string('0', 64)}";

        AuthAssert.Unauthorized(await SendAsync(server, header, null));
        AuthAssert.Unauthorized(await SendAsync(server, header, "2026-11-22 20:17:18"));
    }

    private static async Task<WireResponse> SendAsync(AuthServer server, string authorization, string? sdkDate)
    {
        using var http = server.Client(null);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/incident-tickets");
        request.Headers.TryAddWithoutValidation("Authorization", authorization);
        if (sdkDate is not null) request.Headers.TryAddWithoutValidation(SdkSigning.DateHeader, sdkDate);
        using var message = await http.SendAsync(request);
        return await WireResponse.ReadAsync(message);
    }
}
