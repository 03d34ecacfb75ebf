using System.Net;
using System.Text.Json;

namespace Coc.Server.Tests;

public sealed class HealthAndOpenApiTests(SecureServer server) : IClassFixture<SecureServer>
{
    private readonly CocApi _api = server.Api();

    [Theory]
    [InlineData("/healthz")]
    [InlineData("/readyz")]
    public async Task Health_endpoints_answer_200(string path)
    {
        var response = await new CocApi(server.CreateWireClient(signed: false)).GetAsync(path);

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.Equal(JsonValueKind.Object, response.Json.ValueKind);
    }

    [Fact]
    public async Task The_openapi_document_is_3_1_and_lists_every_api()
    {
        var response = await new CocApi(server.CreateWireClient(signed: false)).GetAsync("/openapi/v1.json");

        Assert.True(response.Status == HttpStatusCode.OK, response.ToString());
        Assert.StartsWith("3.1", response.Json.Str("openapi"), StringComparison.Ordinal);
        var paths = response.Json.GetProperty("paths");
        var expected = new (string Path, string Method, bool Body)[]
        {
            ("/v1/external/incident/create", "post", true),
            ("/v1/external/incident/{incident_num}", "get", false),
            ("/v1/external/incident/handle", "post", true),
            ("/v1/incident-tickets", "get", false),
            ("/v1/external/{ticket_type}/list-histories", "post", true),
            ("/v1/external/incident/attachments", "post", false),
            ("/v1/console/session", "post", true),
            ("/v1/console/session", "get", false),
            ("/v1/console/session", "delete", false),
        };
        foreach (var (path, method, body) in expected)
        {
            Assert.True(paths.TryGetProperty(path, out var item), $"the OpenAPI document lacks {path}");
            Assert.True(item.TryGetProperty(method, out var operation), $"{path} lacks {method}");
            if (!body) continue;
            var schema = operation.GetProperty("requestBody").GetProperty("content").GetProperty("application/json").GetProperty("schema");
            Assert.True(schema.EnumerateObject().Any(), $"{path}: empty request body schema");
        }
    }

    [Theory]
    [InlineData("/v1/external/incident/create")]
    [InlineData("/v1/external/incident/handle")]
    public async Task The_openapi_document_lists_the_storage_faults_of_writes(string path)
    {
        var doc = (await _api.GetAsync("/openapi/v1.json")).Json;

        var responses = doc.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("responses");

        Assert.True(responses.TryGetProperty("503", out _), $"{path} does not document 503");
        Assert.True(responses.TryGetProperty("507", out _), $"{path} does not document 507");
    }

    [Fact]
    public async Task The_openapi_request_schemas_name_the_wire_fields()
    {
        var doc = (await _api.GetAsync("/openapi/v1.json")).Json;

        string[] Properties(string path)
        {
            var schema = doc.GetProperty("paths").GetProperty(path).GetProperty("post").GetProperty("requestBody")
                .GetProperty("content").GetProperty("application/json").GetProperty("schema");
            if (schema.TryGetProperty("$ref", out var reference))
                schema = doc.GetProperty("components").GetProperty("schemas").GetProperty(reference.GetString()!.Split('/')[^1]);
            return [.. schema.GetProperty("properties").EnumerateObject().Select(p => p.Name)];
        }

        Assert.Subset(Properties("/v1/external/incident/create").ToHashSet(),
            new HashSet<string> { "incident_level", "is_service_interrupt", "incident_type", "incident_title", "incident_source", "creator" });
        Assert.Subset(Properties("/v1/external/incident/handle").ToHashSet(),
            new HashSet<string> { "incident_num", "operator", "operate_key", "parameter" });
        Assert.Contains("string_filters", Properties("/v1/external/{ticket_type}/list-histories"));
    }
}
