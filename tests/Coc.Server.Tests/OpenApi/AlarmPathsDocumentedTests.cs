using System.Text.Json.Nodes;

namespace Coc.Server.Tests.OpenApi;

/// <summary>Every path of alarms.md is in the served document, with the method the server maps.</summary>
public sealed class AlarmPathsDocumentedTests(SecureServer server) : IClassFixture<SecureServer>
{
    [Theory]
    [InlineData("/v1/event/prometheus/{integration_key}", "post")]
    [InlineData("/v1/event/huawei/custom/{integration_key}", "post")]
    [InlineData("/v1/alarm-mgmt/alarm/{alarm_id}", "get")]
    [InlineData("/v1/alarm-mgmt/alarms/cancel", "post")]
    [InlineData("/v1/alarm-mgmt/alarm/{alarm_id}/handle-histories", "get")]
    [InlineData("/v1/alarm-mgmt/alarm/{alarm_id}/auto-process", "post")]
    [InlineData("/v1/alarm-mgmt/alarms-linked-incident", "post")]
    [InlineData("/v1/alarm-mgmt/alarms", "get")]
    [InlineData("/v1/admin/integrations", "post")]
    [InlineData("/v1/admin/integrations", "get")]
    [InlineData("/v1/admin/integrations/{id}", "put")]
    [InlineData("/v1/admin/integrations/{id}/rotate-key", "post")]
    public async Task The_path_is_documented(string path, string method)
    {
        using var http = server.CreateWireClient(signed: false);
        var document = JsonNode.Parse(await http.GetStringAsync("/openapi/v1.json"))!;
        Assert.NotNull(document["paths"]![path]?[method]);
    }
}
