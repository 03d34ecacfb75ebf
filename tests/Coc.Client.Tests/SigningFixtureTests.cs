using Coc.Client.Http;
using Coc.Core.Auth.Signing;
using Microsoft.Extensions.Time.Testing;

namespace Coc.Client.Tests;

/// <summary>
/// The client's signing handler reproduces, byte for byte, the Authorization header the official Python SDK sent for every
/// fixture row (both files): the row's request goes through <see cref="SdkSigningHandler"/> with the row's key and its
/// X-Sdk-Date, over a real loopback socket, and what arrives is compared with the row.
/// </summary>
public sealed class SigningFixtureTests : IAsyncLifetime
{
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() => _server = await LoopbackServer.StartAsync((_, http) => LoopbackServer.WriteEnvelopeAsync(http, 200, "GOM.00000000", null));

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public void Both_fixture_files_are_read_with_every_row()
    {
        Assert.Equal(Enumerable.Range(1, 38), SignedRows.Rows.Select(r => r.Id).Order());
    }

    [Theory]
    [MemberData(nameof(SignedRows.Ids), MemberType = typeof(SignedRows))]
    public async Task The_handler_signs_the_row_exactly_as_the_SDK_did(int id)
    {
        var row = SignedRows.Row(id);
        Assert.True(AuthorizationHeader.TryParse(row.Header("Authorization"), out var sdk, out var error), error);
        Assert.True(SdkDate.TryParse(row.Header("X-Sdk-Date"), out var signedAt));

        // The row's target, verbatim (odd characters included), on our socket; Host as the SDK sent (and signed) it.
        var uri = new Uri(new Uri(_server.BaseAddress.GetLeftPart(UriPartial.Authority)) + row.Target.TrimStart('/'),
            new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), uri);
        request.Headers.Host = row.Header("Host");
        var contentHeaders = new List<KeyValuePair<string, string>>();
        foreach (var name in sdk.SignedHeaders.Where(n => n is not ("host" or "x-sdk-date")))
        {
            var value = row.Header(name);
            if (name.StartsWith("content-", StringComparison.Ordinal)) contentHeaders.Add(new(name, value));
            else Assert.True(request.Headers.TryAddWithoutValidation(name, value), name);
        }
        if (row.Body.Length > 0 || contentHeaders.Count > 0)
        {
            request.Content = new ByteArrayContent(row.Body);
            foreach (var (name, value) in contentHeaders) Assert.True(request.Content.Headers.TryAddWithoutValidation(name, value), name);
        }

        using var http = new HttpClient(new SdkSigningHandler(row.AccessKey, row.SecretKey, new FakeTimeProvider(signedAt))
        {
            InnerHandler = new SocketsHttpHandler(),
        });
        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        var received = Assert.Single(_server.Received);
        Assert.Equal(row.Target, received.RawTarget);
        Assert.Equal(row.Header("X-Sdk-Date"), received.Headers["X-Sdk-Date"]);
        Assert.Equal(row.Header("Authorization"), received.Headers["Authorization"]);
        Assert.Equal(row.Body, received.Body);
    }
}
