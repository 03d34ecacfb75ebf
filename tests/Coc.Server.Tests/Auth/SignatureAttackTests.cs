using System.Globalization;
using System.Net;
using System.Text;
using Coc.Core.Auth.Signing;

namespace Coc.Server.Tests.Auth;

/// <summary>Secure mode as shipped: diagnostics off, so no refusal may show a canonical request.</summary>
public sealed class SignatureAttackServer() : AuthServer(settings: [KeyValuePair.Create("Coc:SignatureDiagnostics", "false")]);

/// <summary>
/// An adversary who knows the suite's AK (not its SK) and holds requests its owner signed, re-sending them byte
/// for byte with one change. Each change that would make the request mean something it was not signed for is
/// refused with 401, shows no canonical request, and stores nothing. Each row comes from an address of its own,
/// so the lockout never answers in place of the reason.
/// </summary>
public sealed class SignatureAttackTests(SignatureAttackServer server) : IClassFixture<SignatureAttackServer>
{
    private const string Create = "/v1/external/incident/create";
    private static int _nextAddress;

    /// <summary>A request as it goes on the wire; <see cref="Chunks"/> set: sent chunked instead of with Content-Length.</summary>
    private sealed record RawRequest(
        string Method, string Target, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body,
        IReadOnlyList<byte[]>? Chunks = null, string? ContentLength = null)
    {
        public RawRequest With(string name, string value) => this with { Headers = [.. Headers, KeyValuePair.Create(name, value)] };

        public RawRequest WithFirst(string name, string value) => this with { Headers = [KeyValuePair.Create(name, value), .. Headers] };

        public RawRequest Without(string name) =>
            this with { Headers = [.. Headers.Where(h => !h.Key.Equals(name, StringComparison.OrdinalIgnoreCase))] };

        public RawRequest Replacing(string name, string value) => Without(name).With(name, value);

        public string Header(string name) => Headers.First(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Value;

        public byte[] ToBytes()
        {
            var head = new StringBuilder().Append(CultureInfo.InvariantCulture, $"{Method} {Target} HTTP/1.1\r\n");
            foreach (var (name, value) in Headers) head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
            var body = new MemoryStream();
            if (Chunks is not null)
            {
                head.Append("Transfer-Encoding: chunked\r\n");
                foreach (var chunk in Chunks)
                {
                    body.Write(Encoding.ASCII.GetBytes(chunk.Length.ToString("x", CultureInfo.InvariantCulture) + "\r\n"));
                    body.Write(chunk);
                    body.Write("\r\n"u8);
                }
                body.Write("0\r\n\r\n"u8);
            }
            else
            {
                head.Append(CultureInfo.InvariantCulture, $"Content-Length: {ContentLength ?? Body.Length.ToString(CultureInfo.InvariantCulture)}\r\n");
                body.Write(Body);
            }
            head.Append("\r\n");
            return [.. Encoding.ASCII.GetBytes(head.ToString()), .. body.ToArray()];
        }
    }

    private static byte[] Json(string title) => Encoding.UTF8.GetBytes(Bodies.Create(title).ToJsonString());

    private static readonly byte[] OwnersBody = Json("the owner's ticket");
    private static readonly byte[] AttackersBody = Json("the attacker's ticket");

    /// <summary>
    /// What the owner sent, signed over every header given plus Host and X-Sdk-Date (as the Python SDK does),
    /// except <paramref name="unsigned"/> ones (the Go SDK leaves Content-Type out).
    /// </summary>
    private RawRequest Owner(string method, string target, byte[] body, (string Name, string Value)[] headers, params string[] unsigned)
    {
        var date = server.Now;
        List<KeyValuePair<string, string>> all =
        [
            KeyValuePair.Create("Host", server.SocketAddress.Authority),
            KeyValuePair.Create(SdkSigning.DateHeader, SdkDate.ToHeaderValue(date)),
            .. headers.Select(h => KeyValuePair.Create(h.Name, h.Value)),
        ];
        var names = all.Select(h => h.Key).Where(n => !unsigned.Contains(n, StringComparer.OrdinalIgnoreCase));
        var authorization = Signer.Sign(SignatureRequest.FromTarget(method, target, all, body),
            TestKey.Suite.AccessKey, TestKey.Suite.SecretKey, date, names);
        return new RawRequest(method, target, [.. all, KeyValuePair.Create(SdkSigning.AuthorizationHeader, authorization)], body);
    }

    /// <summary>The owner's create as the Python SDK signs it: Content-Type and X-Project-Id signed, the body's hash computed.</summary>
    private RawRequest OwnersCreate() =>
        Owner("POST", Create, OwnersBody, [("Content-Type", CocApi.SdkJson), ("X-Project-Id", "default")]);

    /// <summary>The owner's list, a GET without a body.</summary>
    private RawRequest OwnersList() => Owner("GET", "/v1/incident-tickets?limit=5", [], [("X-Project-Id", "default")]);

    private static IPAddress NextAddress() => IPAddress.Parse($"127.0.3.{Interlocked.Increment(ref _nextAddress)}");

    private async Task<WireResponse> SendAsync(RawRequest request) =>
        await RawHttp.SendRawAsync(server.SocketAddress, request.ToBytes(), NextAddress());

    private async Task<int> TicketCountAsync()
    {
        var list = await server.Api(TestKey.Suite, "default").ListAsync();
        Wire.AssertOk(list);
        return list.Data.GetProperty("total").GetInt32();
    }

    private static void AssertRefusedQuietly(WireResponse r, string? reason)
    {
        AuthAssert.Unauthorized(r, reason);
        Assert.False(AuthAssert.HasDiagnostics(r), $"secure mode shows no canonical request: {r}");
        Assert.DoesNotContain(TestKey.Suite.SecretKey, r.Text, StringComparison.Ordinal);
    }

    /// <summary>Each attack: a change to the owner's captured create, and a part of the 401's message (null: any 401).</summary>
    private static readonly Dictionary<string, (Func<RawRequest, RawRequest> Change, string? Reason)> CreateAttacks = new()
    {
        ["X-Project-Id added after the signed one"] = (r => r.With("X-Project-Id", "other"), SigningMessages.SignatureMismatch),
        ["X-Project-Id added before the signed one"] = (r => r.WithFirst("X-Project-Id", "other"), SigningMessages.SignatureMismatch),
        ["x-project-id in lower case added"] = (r => r.With("x-project-id", "other"), SigningMessages.SignatureMismatch),
        ["X-Domain-Id added"] = (r => r.With("X-Domain-Id", "default"), "'x-domain-id' must be signed"),
        ["X-Security-Token added"] = (r => r.With("X-Security-Token", "stolen"), "'x-security-token' must be signed"),
        ["a second Content-Type (text/plain) added"] = (r => r.With("Content-Type", "text/plain"), SigningMessages.SignatureMismatch),
        ["Content-Type replaced by text/plain"] = (r => r.Replacing("Content-Type", "text/plain"), SigningMessages.SignatureMismatch),
        ["a second X-Sdk-Date added"] = (r => r.With(SdkSigning.DateHeader, r.Header(SdkSigning.DateHeader)), "X-Sdk-Date"),
        ["a second Authorization added"] = (r => r.With(SdkSigning.AuthorizationHeader, r.Header(SdkSigning.AuthorizationHeader)), null),
        ["an invalid X-Auth-Token beside the signature"] = (r => r.With("X-Auth-Token", "guessed-token"), "x-auth-token invalid"),
        ["body swapped"] = (r => r with { Body = AttackersBody }, SigningMessages.SignatureMismatch),
        ["body swapped, its own hash declared"] = (r => r.With(SdkSigning.ContentSha256Header, PayloadHash.Of(AttackersBody)) with { Body = AttackersBody }, SigningMessages.SignatureMismatch),
        ["body swapped, the owner's hash declared"] = (r => r.With(SdkSigning.ContentSha256Header, PayloadHash.Of(OwnersBody)) with { Body = AttackersBody }, SdkSigning.ContentSha256Header),
        ["body swapped, the owner's hash declared in upper case"] = (r => r.With(SdkSigning.ContentSha256Header, PayloadHash.Of(OwnersBody).ToUpperInvariant()) with { Body = AttackersBody }, SdkSigning.ContentSha256Header),
        ["body swapped, the empty body's hash declared"] = (r => r.With(SdkSigning.ContentSha256Header, PayloadHash.EmptySha256) with { Body = AttackersBody }, SdkSigning.ContentSha256Header),
        ["body swapped, UNSIGNED-PAYLOAD declared"] = (r => r.With(SdkSigning.ContentSha256Header, SdkSigning.UnsignedPayload) with { Body = AttackersBody }, SdkSigning.UnsignedPayload),
        ["original body, UNSIGNED-PAYLOAD declared"] = (r => r.With(SdkSigning.ContentSha256Header, SdkSigning.UnsignedPayload), SdkSigning.UnsignedPayload),
        ["body swapped, sent chunked"] = (r => r with { Chunks = [AttackersBody] }, SigningMessages.SignatureMismatch),
        ["original body sent chunked with a second body appended"] = (r => r with { Chunks = [OwnersBody, AttackersBody] }, SigningMessages.SignatureMismatch),
        ["Content-Length: 0 with the body behind it"] = (r => r with { ContentLength = "0" }, SigningMessages.SignatureMismatch),
        ["a query parameter added"] = (r => r with { Target = Create + "?incident_title=x" }, SigningMessages.SignatureMismatch),
        ["a dot segment in the path"] = (r => r with { Target = "/v1/external/./incident/create" }, SigningMessages.SignatureMismatch),
        ["a parent segment in the path"] = (r => r with { Target = "/v1/external/x/../incident/create" }, SigningMessages.SignatureMismatch),
        ["Host changed"] = (r => r.Replacing("Host", "coc.example.com"), SigningMessages.SignatureMismatch),
        ["an empty X-Domain-Id added"] = (r => r.With("X-Domain-Id", ""), "'x-domain-id' must be signed"),
        ["the target in absolute form"] = (r => r with { Target = "http://" + r.Header("Host") + Create }, SigningMessages.SignatureMismatch),
        ["SignedHeaders without x-project-id"] = (r => r.Replacing(SdkSigning.AuthorizationHeader, r.Header(SdkSigning.AuthorizationHeader).Replace(";x-project-id", "", StringComparison.Ordinal)), "'x-project-id' must be signed"),
        ["SignedHeaders with an empty name"] = (r => r.Replacing(SdkSigning.AuthorizationHeader, r.Header(SdkSigning.AuthorizationHeader).Replace("host;", "host;;", StringComparison.Ordinal)), "SignedHeaders"),
        ["SignedHeaders with a space after a name"] = (r => r.Replacing(SdkSigning.AuthorizationHeader, r.Header(SdkSigning.AuthorizationHeader).Replace("host;", "host ;", StringComparison.Ordinal)), "SignedHeaders"),
        ["SignedHeaders naming a header twice in two cases"] = (r => r.Replacing(SdkSigning.AuthorizationHeader, r.Header(SdkSigning.AuthorizationHeader).Replace("host;", "host;HOST;", StringComparison.Ordinal)), "twice"),
    };

    public static TheoryData<string> CreateAttackNames => [.. CreateAttacks.Keys];

    [Theory]
    [MemberData(nameof(CreateAttackNames))]
    public async Task A_change_to_a_captured_create_is_refused_quietly_and_stores_nothing(string attack)
    {
        var (change, reason) = CreateAttacks[attack];
        var before = await TicketCountAsync();

        var response = await SendAsync(change(OwnersCreate()));

        AssertRefusedQuietly(response, reason);
        Assert.Equal(before, await TicketCountAsync());
    }

    [Fact]
    public async Task The_captured_create_itself_is_accepted_so_the_refusals_are_the_changes()
    {
        var before = await TicketCountAsync();

        Wire.AssertOk(await SendAsync(OwnersCreate()));

        Assert.Equal(before + 1, await TicketCountAsync());
    }

    [Theory]
    [InlineData("a second Host")]
    [InlineData("no Host")]
    public async Task A_request_without_exactly_one_Host_is_refused_before_the_app_sees_it(string attack)
    {
        var before = await TicketCountAsync();
        var captured = OwnersCreate();

        var response = await SendAsync(attack == "no Host" ? captured.Without("Host") : captured.With("Host", "coc.example.com"));

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.Equal(before, await TicketCountAsync());
    }

    /// <summary>Spellings that canonicalize like the signed path (or change the method) but reach no endpoint.</summary>
    [Theory]
    [InlineData("POST", "/v1/external//incident/create")]
    [InlineData("POST", "/v1/external%2Fincident/create")]
    [InlineData("POST", "/v1/external/incident%2Fcreate")]
    [InlineData("PUT", Create)]
    public async Task A_captured_create_sent_where_no_endpoint_is_gets_404_and_stores_nothing(string method, string target)
    {
        var before = await TicketCountAsync();

        var response = await SendAsync(OwnersCreate() with { Method = method, Target = target });

        Assert.True(response.Status == HttpStatusCode.NotFound && response.Json.Str("error_code") == "APIGW.0101", $"expected 404 APIGW.0101: {response}");
        Assert.Equal(before, await TicketCountAsync());
    }

    private static readonly Dictionary<string, (Func<RawRequest, RawRequest> Change, string? Reason)> ListAttacks = new()
    {
        ["a body added"] = (r => r with { Body = AttackersBody }, SigningMessages.SignatureMismatch),
        ["a body added, the empty body's hash declared"] = (r => r.With(SdkSigning.ContentSha256Header, PayloadHash.EmptySha256) with { Body = AttackersBody }, SdkSigning.ContentSha256Header),
        ["a query parameter added"] = (r => r with { Target = r.Target + "&offset=5" }, SigningMessages.SignatureMismatch),
        ["a query value changed"] = (r => r with { Target = "/v1/incident-tickets?limit=6" }, SigningMessages.SignatureMismatch),
        ["the query dropped"] = (r => r with { Target = "/v1/incident-tickets" }, SigningMessages.SignatureMismatch),
        ["X-Project-Id replaced"] = (r => r.Replacing("X-Project-Id", "other"), SigningMessages.SignatureMismatch),
    };

    public static TheoryData<string> ListAttackNames => [.. ListAttacks.Keys];

    [Theory]
    [MemberData(nameof(ListAttackNames))]
    public async Task A_change_to_a_captured_list_is_refused_quietly(string attack)
    {
        var (change, reason) = ListAttacks[attack];

        AssertRefusedQuietly(await SendAsync(change(OwnersList())), reason);
    }

    private const string Boundary = "attack-test-boundary";

    /// <summary>The owner's upload as a Go-style signer sends it: UNSIGNED-PAYLOAD signed, Content-Type not.</summary>
    private RawRequest OwnersUpload() => Owner("POST", "/v1/external/incident/attachments",
        Encoding.UTF8.GetBytes(
            $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain\r\n\r\n"
            + $"disk was full\r\n--{Boundary}--\r\n"),
        [("Content-Type", $"multipart/form-data; boundary={Boundary}"), ("X-Project-Id", "default"), (SdkSigning.ContentSha256Header, SdkSigning.UnsignedPayload)],
        "Content-Type");

    [Fact]
    public async Task A_multipart_upload_declared_unsigned_is_still_accepted()
    {
        Wire.AssertOk(await SendAsync(OwnersUpload()));
    }

    /// <summary>An upload's body is not covered (as with the official gateway), so what an attacker puts there is bad input: a 4xx.</summary>
    [Theory]
    [InlineData("a JSON body")]
    [InlineData("a multipart body cut short")]
    [InlineData("a part without a file")]
    public async Task A_captured_upload_with_a_broken_body_of_the_attacker_s_is_a_400_in_the_envelope(string attack)
    {
        var captured = OwnersUpload();
        var body = attack switch
        {
            "a JSON body" => AttackersBody,
            "a multipart body cut short" => captured.Body[..(captured.Body.Length / 2)],
            _ => Encoding.UTF8.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"incident_num\"\r\n\r\nIM1\r\n--{Boundary}--\r\n"),
        };

        var response = await SendAsync(captured with { Body = body });

        Assert.True(response.Status == HttpStatusCode.BadRequest && response.Json.Str("provider_code") == "049", $"expected 400 in the COC envelope: {response}");
        Assert.False(string.IsNullOrWhiteSpace(response.ErrorMsg), response.ToString());
    }

    /// <summary>
    /// The canonical query reads '+' as itself (as the SDKs encode it: %2B), the service's query parser as a space, so a
    /// signature over <c>q=a%2Bb</c> also verified <c>q=a+b</c>, a search for "a b" the owner never signed.
    /// </summary>
    [Fact]
    public async Task A_literal_plus_in_a_signed_query_is_refused_so_it_cannot_stand_for_a_signed_2B()
    {
        var captured = Owner("GET", "/v1/incident-tickets?q=a%2Bb", [], [("X-Project-Id", "default")]);
        Wire.AssertOk(await SendAsync(captured));

        var response = await SendAsync(captured with { Target = "/v1/incident-tickets?q=a+b" });

        AssertRefusedQuietly(response, "'+'");
    }

    /// <summary>
    /// The owner's create as a Go-style signer sends it with X-Sdk-Content-Sha256: UNSIGNED-PAYLOAD (signed) and
    /// Content-Type left out of the signature. The server refuses it; the attacker re-sends the signature with a
    /// Content-Type the JSON check does not match and a JSON body of its own, which the endpoint parses whatever
    /// the Content-Type says.
    /// </summary>
    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-json")]
    [InlineData("text/json")]
    [InlineData("application/vnd.api+json")]
    [InlineData("application/octet-stream")]
    [InlineData("multipart/form-data; boundary=x")]
    [InlineData("\"application/json\"")]
    [InlineData("text/plain, application/json")]
    [InlineData("Application/JSON")]
    [InlineData("application/json ; charset=utf-8")]
    [InlineData(null)]
    public async Task An_unsigned_payload_signature_cannot_carry_a_JSON_body_whatever_the_Content_Type(string? contentType)
    {
        var before = await TicketCountAsync();
        var captured = Owner("POST", Create, OwnersBody,
            [("Content-Type", "application/json"), ("X-Project-Id", "default"), (SdkSigning.ContentSha256Header, SdkSigning.UnsignedPayload)],
            "Content-Type");
        AssertRefusedQuietly(await SendAsync(captured), SdkSigning.UnsignedPayload);

        var attack = (contentType is null ? captured.Without("Content-Type") : captured.Replacing("Content-Type", contentType)) with { Body = AttackersBody };
        var response = await SendAsync(attack);

        AssertRefusedQuietly(response, SdkSigning.UnsignedPayload);
        Assert.Equal(before, await TicketCountAsync());
    }
}
