using System.Net;
using System.Text;
using Coc.Server.Tests.Auth;

namespace Coc.Server.Tests.Security;

/// <summary>The security headers of hardening item 8, one test per class of response.</summary>
public sealed class SecurityHeaderTests(TokenServer server) : IClassFixture<TokenServer>
{
    private static string? Header(HttpResponseMessage r, string name) =>
        r.Headers.TryGetValues(name, out var v) ? string.Join(", ", v)
        : r.Content.Headers.TryGetValues(name, out var c) ? string.Join(", ", c) : null;

    private static void AssertBaseline(HttpResponseMessage r, string what)
    {
        Assert.True(Header(r, "X-Content-Type-Options") == "nosniff", $"{what}: X-Content-Type-Options is {Header(r, "X-Content-Type-Options")}");
        Assert.True(Header(r, "Referrer-Policy") == "no-referrer", $"{what}: Referrer-Policy is {Header(r, "Referrer-Policy")}");
        Assert.Contains("frame-ancestors 'none'", Header(r, "Content-Security-Policy") ?? "");
    }

    [Theory]
    [InlineData("/v1/incident-tickets")]
    [InlineData("/v1/external/incident/IM00000000000000000000000000")]
    [InlineData("/v1/no/such/api")]
    [InlineData("/openapi/v1.json")]
    [InlineData("/healthz")]
    [InlineData("/console/")]
    [InlineData("/console/main.js")]
    public async Task Every_response_carries_nosniff_no_referrer_and_frame_ancestors_none(string path)
    {
        using var http = server.CreateWireClient();
        using var response = await http.GetAsync(path);

        AssertBaseline(response, path);
    }

    [Fact]
    public async Task Unauthenticated_refusals_carry_the_headers_too()
    {
        using var http = server.CreateWireClient(signed: false);
        using var response = await http.GetAsync("/v1/incident-tickets");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertBaseline(response, "401");
        Assert.Equal("no-store", Header(response, "Cache-Control"));
    }

    [Theory]
    [InlineData("/v1/incident-tickets")]
    [InlineData("/v1/console/reference")]
    [InlineData("/v1/external/incident/IM00000000000000000000000000")]
    public async Task Authenticated_json_is_not_stored_by_caches(string path)
    {
        using var http = server.CreateWireClient();
        using var response = await http.GetAsync(path);

        Assert.StartsWith("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("no-store", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task The_token_response_is_not_stored_by_caches()
    {
        using var http = server.CreateWireClient(signed: false);
        using var content = new StringContent(TokenServer.TokenRequest(TokenServer.UserName, server.Password).ToJsonString(), Encoding.UTF8, "application/json");
        using var response = await http.PostAsync("/v3/auth/tokens", content);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("no-store", Header(response, "Cache-Control"));
        AssertBaseline(response, "token");
    }

    [Fact]
    public async Task The_console_gets_a_strict_csp_without_inline_script_or_style()
    {
        using var http = server.CreateWireClient(signed: false);
        using var response = await http.GetAsync("/console/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy") ?? "";
        var directives = csp.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .ToDictionary(d => d.Split(' ')[0], d => d);
        Assert.Equal("default-src 'none'", directives.GetValueOrDefault("default-src"));
        Assert.Equal("script-src 'self'", directives.GetValueOrDefault("script-src"));
        Assert.Equal("style-src 'self'", directives.GetValueOrDefault("style-src"));
        Assert.Equal("connect-src 'self'", directives.GetValueOrDefault("connect-src"));
        Assert.Equal("object-src 'none'", directives.GetValueOrDefault("object-src"));
        Assert.Equal("base-uri 'none'", directives.GetValueOrDefault("base-uri"));
        Assert.DoesNotContain("unsafe-", csp);
    }

    [Fact]
    public async Task The_console_files_hold_no_inline_script_or_style_the_csp_would_block()
    {
        var root = Path.Combine(AppContext.BaseDirectory, "wwwroot", "console");
        var html = await File.ReadAllTextAsync(Path.Combine(root, "index.html"));
        Assert.DoesNotMatch(@"<script(?![^>]*\bsrc=)[^>]*>", html); // every script is a file
        Assert.DoesNotMatch(@"<style\b", html);
        Assert.DoesNotMatch(@"\s(style|on[a-z]+)\s*=", html);
        foreach (var js in Directory.GetFiles(root, "*.js"))
        {
            var code = await File.ReadAllTextAsync(js);
            Assert.DoesNotMatch(@"\.innerHTML\s*=|\beval\(|new Function\(|setAttribute\(\s*['""](style|on)", code);
            Assert.DoesNotMatch(@"['""]style['""]\s*:", code); // h('div', { style: … }) would become an inline style attribute
        }
    }

    [Fact]
    public async Task Attachment_downloads_are_sandboxed()
    {
        const string project = "security-headers";
        var api = server.Api(project);
        var upload = await api.UploadAsync("note.txt", "plain text"u8.ToArray());
        Wire.AssertOk(upload);
        var docId = upload.Data.Str("doc_id");

        using var http = server.CreateWireClient();
        http.DefaultRequestHeaders.Add("X-Project-Id", project);
        using var response = await http.GetAsync("/v1/external/incident/attachments/" + docId);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var csp = Header(response, "Content-Security-Policy") ?? "";
        Assert.Contains("sandbox", csp.Split(';', StringSplitOptions.TrimEntries));
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", Header(response, "X-Content-Type-Options"));
        Assert.Equal("no-store", Header(response, "Cache-Control"));
    }

    [Fact]
    public async Task The_openapi_document_does_not_echo_the_host_header()
    {
        using var http = server.CreateWireClient(signed: false);
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.Host = "attacker.example:8443";
        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var text = await response.Content.ReadAsStringAsync();
        Assert.DoesNotContain("attacker.example", text, StringComparison.OrdinalIgnoreCase);
    }
}
