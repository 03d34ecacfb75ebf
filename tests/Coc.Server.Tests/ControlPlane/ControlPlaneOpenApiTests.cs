using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Coc.Server.Tests.OpenApi;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Coc.Server.Tests.ControlPlane;

/// <summary>Every /_coc route the server maps is in the OpenAPI document, and its answers match it.</summary>
public sealed class ControlPlaneOpenApiTests(EmulatorServer server) : IClassFixture<EmulatorServer>
{
    [Fact]
    public async Task Every_control_plane_route_is_documented_with_its_method()
    {
        using var http = server.CreateWireClient(signed: false);
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        var routes = server.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/_coc", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(m => (Path: e.RoutePattern.RawText!.TrimEnd('/'), Method: m.ToLowerInvariant())))
            .ToList();
        Assert.True(routes.Count >= 14, $"only {routes.Count} control plane routes found");
        foreach (var (path, method) in routes)
            Assert.True(document["paths"]?[path]?[method] is not null, $"{method} {path} is not in the OpenAPI document");
    }

    [Fact]
    public async Task Control_plane_answers_match_the_document()
    {
        using var http = server.CreateWireClient(signed: false);
        var c = await OpenApiContract.LoadAsync(http);
        static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

        using (var info = await http.GetAsync("/_coc/info")) Assert.Equal(HttpStatusCode.OK, (await c.AssertDocumentedAsync("/_coc/info", "get", info, "info")).Status);
        using (var health = await http.GetAsync("/_coc/health")) await c.AssertDocumentedAsync("/_coc/health", "get", health, "health");
        using (var clock = await http.GetAsync("/_coc/clock")) Assert.Equal(HttpStatusCode.OK, (await c.AssertDocumentedAsync("/_coc/clock", "get", clock, "clock")).Status);
        using (var added = await http.PostAsync("/_coc/faults", Json("""{"path": "/nowhere", "status": 503, "count": 1}""")))
            Assert.Equal(HttpStatusCode.OK, (await c.AssertDocumentedAsync("/_coc/faults", "post", added, "add fault")).Status);
        using (var list = await http.GetAsync("/_coc/faults")) await c.AssertDocumentedAsync("/_coc/faults", "get", list, "list faults");
        using (var bad = await http.PostAsync("/_coc/faults", Json("""{"status": 42}""")))
            Assert.Equal(HttpStatusCode.BadRequest, (await c.AssertDocumentedAsync("/_coc/faults", "post", bad, "bad fault")).Status);
        using (var missing = await http.GetAsync("/_coc/faults/flt-none"))
            Assert.Equal(HttpStatusCode.NotFound, (await c.AssertDocumentedAsync("/_coc/faults/{id}", "get", missing, "unknown fault")).Status);
        using (var cleared = await http.DeleteAsync("/_coc/faults")) await c.AssertDocumentedAsync("/_coc/faults", "delete", cleared, "clear");
        using (var export = await http.GetAsync("/_coc/projects/default/export"))
            Assert.Equal(HttpStatusCode.OK, (await c.AssertDocumentedAsync("/_coc/projects/{project_id}/export", "get", export, "export")).Status);
        using (var reset = await http.PostAsync("/_coc/reset", Json("""{"project_id": "openapi-reset"}""")))
            Assert.Equal(HttpStatusCode.OK, (await c.AssertDocumentedAsync("/_coc/reset", "post", reset, "reset")).Status);
        using (var snapshots = await http.GetAsync("/_coc/snapshots")) await c.AssertDocumentedAsync("/_coc/snapshots", "get", snapshots, "snapshots");
    }
}
