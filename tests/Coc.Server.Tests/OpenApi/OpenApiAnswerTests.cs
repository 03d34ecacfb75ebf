using System.Net;
using System.Text;
using Coc.Server.Tests.Auth;

namespace Coc.Server.Tests.OpenApi;

/// <summary>The operations the generated requests do not reach, and the refusals: each answer matches the document (secure mode).</summary>
public sealed class OpenApiAnswerTests(TokenServer server) : IClassFixture<TokenServer>
{
    private const string Project = TokenServer.Project;

    private HttpClient Signed()
    {
        var http = server.CreateWireClient();
        http.DefaultRequestHeaders.Add("X-Project-Id", Project);
        return http;
    }

    private async Task<OpenApiContract> ContractAsync()
    {
        using var http = server.CreateWireClient(signed: false);
        return await OpenApiContract.LoadAsync(http);
    }

    private static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

    [Fact]
    public async Task Refusals_match_their_documented_statuses_and_bodies()
    {
        var c = await ContractAsync();
        using var anonymous = server.CreateWireClient(signed: false);
        using var signed = Signed();

        using var unauthenticated = await anonymous.GetAsync("/v1/incident-tickets");
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.AssertDocumentedAsync("/v1/incident-tickets", "get", unauthenticated, "no credentials")).Status);

        var token = await server.TokenAsync();
        using var wrongProject = new HttpRequestMessage(HttpMethod.Get, "/v1/incident-tickets");
        wrongProject.Headers.Add("X-Auth-Token", token);
        wrongProject.Headers.Add("X-Project-Id", "some-other-project");
        using var forbidden = await anonymous.SendAsync(wrongProject);
        Assert.Equal(HttpStatusCode.Forbidden, (await c.AssertDocumentedAsync("/v1/incident-tickets", "get", forbidden, "token for another project")).Status);

        using var reserved = await signed.GetAsync("/v1/external/incident/handle");
        Assert.Equal(HttpStatusCode.NotFound, (await c.AssertDocumentedAsync("/v1/external/incident/{incident_num}", "get", reserved, "reserved word")).Status);

        // A file over its limit inside a body under the body limit: the server reads it all, so the client sees the answer.
        using var bigFile = new MultipartFormDataContent
        {
            { new ByteArrayContent(new byte[Coc.Core.Attachments.AttachmentRules.MaxFileBytes + 1]), "file", "big.txt" },
        };
        using var tooLarge = await signed.PostAsync("/v1/external/incident/attachments", bigFile);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge,
            (await c.AssertDocumentedAsync("/v1/external/incident/attachments", "post", tooLarge, "file over the limit")).Status);

        using var malformed = await signed.PostAsync("/v1/external/incident/create", Json("{not json"));
        Assert.Equal(HttpStatusCode.BadRequest, (await c.AssertDocumentedAsync("/v1/external/incident/create", "post", malformed, "malformed")).Status);

        using var issuesMgmt = await signed.PostAsync("/v1/external/issues_mgmt/list-histories", Json(Bodies.Histories("IM1").ToJsonString()));
        Assert.Equal(HttpStatusCode.BadRequest,
            (await c.AssertDocumentedAsync("/v1/external/{ticket_type}/list-histories", "post", issuesMgmt, "issues_mgmt")).Status);
    }

    [Fact]
    public async Task Token_issue_and_revoke_answers_match_the_document()
    {
        var c = await ContractAsync();
        using var anonymous = server.CreateWireClient(signed: false);

        using var wrong = await anonymous.PostAsync("/v3/auth/tokens", Json(TokenServer.TokenRequest(TokenServer.UserName, "wrong").ToJsonString()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await c.AssertDocumentedAsync("/v3/auth/tokens", "post", wrong, "wrong password")).Status);

        using var issued = await anonymous.PostAsync("/v3/auth/tokens", Json(TokenServer.TokenRequest(TokenServer.UserName, server.Password).ToJsonString()));
        Assert.Equal(HttpStatusCode.Created, (await c.AssertDocumentedAsync("/v3/auth/tokens", "post", issued, "issue")).Status);
        var token = issued.Headers.GetValues("X-Subject-Token").Single();

        using var revoke = new HttpRequestMessage(HttpMethod.Delete, "/v3/auth/tokens");
        revoke.Headers.Add("X-Auth-Token", token);
        revoke.Headers.Add("X-Subject-Token", token);
        using var revoked = await anonymous.SendAsync(revoke);
        Assert.Equal(HttpStatusCode.NoContent, (await c.AssertDocumentedAsync("/v3/auth/tokens", "delete", revoked, "revoke")).Status);
    }

    [Fact]
    public async Task Upload_and_download_answers_match_the_document()
    {
        var c = await ContractAsync();
        using var signed = Signed();

        using var form = new MultipartFormDataContent { { new ByteArrayContent("evidence"u8.ToArray()), "file", "note.txt" } };
        using var uploaded = await signed.PostAsync("/v1/external/incident/attachments", form);
        var (status, body) = await c.AssertDocumentedAsync("/v1/external/incident/attachments", "post", uploaded, "upload");
        Assert.Equal(HttpStatusCode.OK, status);

        using var badForm = new MultipartFormDataContent { { new ByteArrayContent("MZ\0\0"u8.ToArray()), "file", "tool.exe" } };
        using var refused = await signed.PostAsync("/v1/external/incident/attachments", badForm);
        Assert.Equal(HttpStatusCode.BadRequest, (await c.AssertDocumentedAsync("/v1/external/incident/attachments", "post", refused, "exe")).Status);

        var path = "/v1/external/incident/attachments/{doc_id}";
        using var download = await signed.GetAsync("/v1/external/incident/attachments/" + body!["data"]!["doc_id"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.OK, (await c.AssertDocumentedAsync(path, "get", download, "download")).Status);
        using var missing = await signed.GetAsync("/v1/external/incident/attachments/nope");
        Assert.Equal(HttpStatusCode.BadRequest, (await c.AssertDocumentedAsync(path, "get", missing, "missing download")).Status);
    }

    [Theory]
    [InlineData("/v3/projects", false)]
    [InlineData("/v3/auth/domains", false)]
    [InlineData("/v1/console/config", true)]
    [InlineData("/v1/console/reference", false)]
    [InlineData("/healthz", true)]
    [InlineData("/readyz", true)]
    public async Task The_other_reads_match_the_document(string path, bool anonymous)
    {
        var c = await ContractAsync();
        using var http = anonymous ? server.CreateWireClient(signed: false) : Signed();

        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, (await c.AssertDocumentedAsync(path, "get", response, path)).Status);
    }
}
