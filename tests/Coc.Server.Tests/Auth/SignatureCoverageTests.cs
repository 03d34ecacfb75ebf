using System.Net;
using System.Text;
using Coc.Core.Auth.Signing;

namespace Coc.Server.Tests.Auth;

/// <summary>
/// What a signature must cover (hardening items 1 and 9): the body whenever there is one (X-Sdk-Content-Sha256 may
/// only declare its real hash, or UNSIGNED-PAYLOAD for a non-JSON body), Host and X-Sdk-Date always, and the
/// tenancy headers whenever present.
/// </summary>
public sealed class SignatureCoverageTests
{
    private const string Create = "/v1/external/incident/create";

    private static byte[] CreateBody(string title) => Encoding.UTF8.GetBytes(Bodies.Create(title).ToJsonString());

    /// <summary>
    /// Signs <paramref name="signedBody"/> with <paramref name="signed"/> headers (plus Host and X-Sdk-Date unless left
    /// out), then sends <paramref name="sentBody"/> with the signed headers and <paramref name="unsigned"/> ones.
    /// </summary>
    private static async Task<WireResponse> SendAsync(
        AuthServer server, string method, string target, byte[] signedBody, byte[] sentBody,
        (string Name, string Value)[] signed, (string Name, string Value)[]? unsigned = null,
        string contentType = CocApi.SdkJson, bool signHost = true, bool signDate = true)
    {
        var date = server.Now;
        var host = server.SocketAddress.Authority;
        var all = new List<KeyValuePair<string, string>> { new("Host", host), new(SdkSigning.DateHeader, SdkDate.ToHeaderValue(date)) };
        all.AddRange(signed.Select(h => KeyValuePair.Create(h.Name, h.Value)));
        var names = all.Select(h => h.Key).Where(n => (signHost || n != "Host") && (signDate || n != SdkSigning.DateHeader));
        var authorization = Signer.Sign(SignatureRequest.FromTarget(method, target, all, signedBody),
            TestKey.Suite.AccessKey, TestKey.Suite.SecretKey, date, names);

        using var http = server.Client(null);
        using var request = new HttpRequestMessage(new HttpMethod(method), target);
        if (sentBody.Length > 0) request.Content = CocApi.Raw(sentBody, contentType);
        foreach (var (name, value) in all.Skip(1).Concat((unsigned ?? []).Select(h => KeyValuePair.Create(h.Name, h.Value))))
            request.Headers.TryAddWithoutValidation(name, value);
        request.Headers.TryAddWithoutValidation(SdkSigning.AuthorizationHeader, authorization);
        using var response = await http.SendAsync(request);
        return await WireResponse.ReadAsync(response);
    }

    private static async Task AssertNoTicketsAsync(AuthServer server)
    {
        var list = await server.Api(TestKey.Suite, "default").ListAsync();
        Wire.AssertOk(list);
        Assert.Equal(0, list.Data.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_create_signed_for_one_body_and_sent_with_another_is_refused_and_stores_nothing()
    {
        await using var server = new AuthServer();
        var signedFor = CreateBody("the body that was signed");
        var declared = ("X-Sdk-Content-Sha256", PayloadHash.Of(signedFor));

        var tampered = await SendAsync(server, "POST", Create, signedFor, CreateBody("a body swapped in afterwards"),
            [("X-Project-Id", "default"), declared]);

        AuthAssert.Unauthorized(tampered, "X-Sdk-Content-Sha256");
        Assert.False(AuthAssert.HasDiagnostics(tampered), tampered.ToString());
        await AssertNoTicketsAsync(server);
        // The same request with the body it was signed for is the owner's, and goes through.
        Wire.AssertOk(await SendAsync(server, "POST", Create, signedFor, signedFor, [("X-Project-Id", "default"), declared]));
    }

    [Fact]
    public async Task A_json_create_declared_unsigned_is_refused_and_stores_nothing()
    {
        await using var server = new AuthServer();
        var body = CreateBody("declared unsigned");

        var response = await SendAsync(server, "POST", Create, body, body,
            [("X-Project-Id", "default"), ("X-Sdk-Content-Sha256", SdkSigning.UnsignedPayload)]);

        AuthAssert.Unauthorized(response, SdkSigning.UnsignedPayload);
        await AssertNoTicketsAsync(server);
    }

    /// <summary>The create reads its body as JSON whatever the Content-Type says, so a non-JSON label must not let a
    /// JSON body through uncovered: UNSIGNED-PAYLOAD is for the multipart upload only.</summary>
    [Theory]
    [InlineData("text/plain")]
    [InlineData("multipart/form-data; boundary=x")]
    public async Task A_json_create_labelled_non_json_and_declared_unsigned_is_refused_and_stores_nothing(string contentType)
    {
        await using var server = new AuthServer();
        var body = CreateBody("labelled non-json, declared unsigned");

        var response = await SendAsync(server, "POST", Create, body, body,
            [("X-Project-Id", "default"), ("X-Sdk-Content-Sha256", SdkSigning.UnsignedPayload), ("Content-Type", contentType)],
            contentType: contentType);

        AuthAssert.Unauthorized(response, SdkSigning.UnsignedPayload);
        await AssertNoTicketsAsync(server);
    }

    [Theory]
    [InlineData("X-Project-Id", "default")]
    [InlineData("X-Domain-Id", "default")]
    public async Task A_tenancy_header_added_after_signing_is_refused_naming_it(string header, string value)
    {
        await using var server = new AuthServer();
        var body = CreateBody("moved into another tenant");

        var response = await SendAsync(server, "POST", Create, body, body, [], unsigned: [(header, value)]);

        AuthAssert.Unauthorized(response, $"'{header.ToLowerInvariant()}' must be signed");
        await AssertNoTicketsAsync(server);
    }

    [Theory]
    [InlineData(false, true, "'host'")]
    [InlineData(true, false, "'x-sdk-date'")]
    public async Task Host_and_X_Sdk_Date_must_be_signed(bool signHost, bool signDate, string named)
    {
        await using var server = new AuthServer();

        var response = await SendAsync(server, "GET", "/v1/incident-tickets?limit=5", [], [], [("X-Project-Id", "default")],
            signHost: signHost, signDate: signDate);

        AuthAssert.Unauthorized(response, named);
        Assert.Equal(HttpStatusCode.Unauthorized, response.Status);
    }
}
