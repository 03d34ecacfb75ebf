using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coc.Core.Reference;
using Coc.Core.Tickets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;

namespace Coc.Server.Tests.OpenApi;

/// <summary>The served document is valid OpenAPI 3.1 (checked by Microsoft.OpenApi's reader and rules) and says what the code does.</summary>
public sealed partial class OpenApiDocumentTests(SecureServer server) : IClassFixture<SecureServer>
{
    private static readonly string[] Methods = ["get", "post", "put", "delete", "patch"];

    private async Task<(string Text, OpenApiContract Contract)> LoadAsync()
    {
        using var http = server.CreateWireClient(signed: false);
        var text = await http.GetStringAsync("/openapi/v1.json");
        return (text, new OpenApiContract(JsonNode.Parse(text)!.AsObject()));
    }

    private IEnumerable<(string Path, string Method, JsonObject Operation)> Operations(OpenApiContract c) =>
        from path in c.Document["paths"]!.AsObject()
        from method in Methods
        where path.Value![method] is not null
        select (path.Key, method, path.Value![method]!.AsObject());

    [Fact]
    public async Task The_document_is_valid_openapi_3_1_by_a_real_validator()
    {
        var (text, _) = await LoadAsync();

        var (document, diagnostic) = OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings());

        Assert.NotNull(document);
        Assert.Equal(OpenApiSpecVersion.OpenApi3_1, diagnostic!.SpecificationVersion);
        Assert.True(diagnostic.Errors.Count == 0, string.Join("\n", diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}")));
        var errors = document!.Validate(ValidationRuleSet.GetDefaultRuleSet())?.ToList() ?? [];
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Pointer}: {e.Message}")));
    }

    [Fact]
    public async Task Every_path_template_variable_is_a_declared_path_parameter()
    {
        var (_, c) = await LoadAsync();

        foreach (var (path, method, _) in Operations(c))
        {
            var declared = c.Parameters(path, method).Where(p => p["in"]!.GetValue<string>() == "path")
                .Select(p => p["name"]!.GetValue<string>()).ToHashSet();
            var inPath = TemplateVariable().Matches(path).Select(m => m.Groups[1].Value).ToHashSet();
            Assert.True(inPath.SetEquals(declared), $"{method} {path}: variables {string.Join(",", inPath)}, declared {string.Join(",", declared)}");
            Assert.All(c.Parameters(path, method).Where(p => p["in"]!.GetValue<string>() == "path"), p => Assert.True(p["required"]!.GetValue<bool>()));
        }
    }

    [Fact]
    public async Task Every_ref_resolves_and_every_schema_compiles()
    {
        var (text, c) = await LoadAsync();

        foreach (Match m in RefValue().Matches(text)) c.Resolve(new JsonObject { ["$ref"] = m.Groups[1].Value });
        foreach (var (name, _) in c.Document["components"]!["schemas"]!.AsObject())
            c.Evaluate(new JsonObject { ["$ref"] = "#/components/schemas/" + name }, null); // throws if it does not build
    }

    [Fact]
    public async Task The_document_names_no_server_so_it_never_echoes_a_host()
    {
        var (_, c) = await LoadAsync();

        Assert.False(c.Document.ContainsKey("servers"));
    }

    [Fact]
    public async Task Every_authenticated_operation_documents_the_refusals_that_can_reach_it()
    {
        var (_, c) = await LoadAsync();
        var schemes = c.Document["components"]!["securitySchemes"]!.AsObject();
        Assert.True(schemes.ContainsKey("sdkHmac") && schemes.ContainsKey("authToken"));

        foreach (var (path, method, op) in Operations(c))
        {
            var responses = op["responses"]!.AsObject();
            var anonymous = op["security"] is JsonArray { Count: 0 };
            // An anonymous one may still refuse a wrong password (401) and throttle a guesser (429, the sign-ins); the
            // console's sign-in also refuses a post from another site's page (403, login CSRF).
            var signIn = path is "/v3/auth/tokens" or "/v1/console/session";
            var consoleSignIn = path == "/v1/console/session" && method == "post";
            foreach (var status in new[] { "401", "403", "429" })
                Assert.True(anonymous
                        ? status == "401" || (signIn && status == "429") || (consoleSignIn && status == "403") || !responses.ContainsKey(status)
                        : responses.ContainsKey(status),
                    $"{method} {path}: {status} {(anonymous ? "listed on an anonymous operation" : "missing")}");
            if (op["requestBody"] is not null) Assert.True(responses.ContainsKey("413"), $"{method} {path}: 413 missing");
            if (!path.EndsWith("z", StringComparison.Ordinal)) Assert.True(responses.ContainsKey("503"), $"{method} {path}: 503 missing");
        }
        foreach (var (path, method) in new[] { ("/v1/external/incident/create", "post"), ("/v1/external/incident/handle", "post"),
                     ("/v1/external/incident/attachments", "post") })
            Assert.True(c.Operation(path, method)["responses"]!.AsObject().ContainsKey("507"), $"{method} {path}: 507 missing");
    }

    [Fact]
    public async Task Token_endpoints_document_the_statuses_the_server_answers()
    {
        var (_, c) = await LoadAsync();

        var issue = c.Operation("/v3/auth/tokens", "post")["responses"]!.AsObject();
        var revoke = c.Operation("/v3/auth/tokens", "delete")["responses"]!.AsObject();
        Assert.True(issue.ContainsKey("201") && !issue.ContainsKey("200"));
        Assert.True(revoke.ContainsKey("204") && !revoke.ContainsKey("200"));
        Assert.NotNull(issue["201"]!["headers"]!["X-Subject-Token"]);
    }

    [Fact]
    public async Task The_list_documents_its_eleven_query_parameters()
    {
        var (_, c) = await LoadAsync();

        var query = c.Parameters("/v1/incident-tickets", "get").Where(p => p["in"]!.GetValue<string>() == "query")
            .Select(p => p["name"]!.GetValue<string>());
        Assert.Equal(["offset", "limit", "status", "level", "assignee", "creator", "created_after", "created_before", "q", "sort", "extended"], query);
    }

    [Fact]
    public async Task Enumerations_come_from_the_loaded_catalog_and_the_workflow()
    {
        var (_, c) = await LoadAsync();
        var catalog = server.Services.GetRequiredService<ReferenceData>().Catalog;
        var create = c.Definition("CreateIncidentRequest")["properties"]!;

        string[] Enum(JsonNode schema) => [.. schema["enum"]!.AsArray().Where(v => v is not null).Select(v => v!.GetValue<string>()).Where(v => v.Length > 0)];
        Assert.Equal(catalog.Levels.Entries.Select(e => e.Key), Enum(create["incident_level"]!));
        Assert.Equal(catalog.Types.Entries.Select(e => e.Key), Enum(create["incident_type"]!));
        Assert.Equal(catalog.Sources.Entries.Select(e => e.Key), Enum(create["incident_source"]!));
        Assert.Equal(catalog.Ownerships.Entries.Select(e => e.Key), Enum(create["incident_ownership"]!));
        Assert.Equal(OperateKeys.All, Enum(c.Definition("HandleIncidentRequest")["properties"]!["operate_key"]!));
    }

    [Fact]
    public async Task Length_limits_are_the_validation_code_s_own()
    {
        var (_, c) = await LoadAsync();
        var create = c.Definition("CreateIncidentRequest")["properties"]!;
        var histories = c.Definition("ListHistoriesRequest")["properties"]!;

        Assert.Equal(FieldLimits.Title, create["incident_title"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(FieldLimits.Description, create["incident_description"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(FieldLimits.Text, create["creator"]!["maxLength"]!.GetValue<int>());
        Assert.Equal(FieldLimits.ListItems, create["region"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(FieldLimits.HistoryFilters, histories["string_filters"]!["maxItems"]!.GetValue<int>());
        Assert.Equal(FieldLimits.HistoryFilterValues, c.Definition("StringFilter")["properties"]!["values"]!["maxItems"]!.GetValue<int>());
    }

    [Fact]
    public async Task The_download_documents_every_content_type_a_file_can_have()
    {
        var (_, c) = await LoadAsync();

        var content = c.Operation("/v1/external/incident/attachments/{doc_id}", "get")["responses"]!["200"]!["content"]!.AsObject();
        Assert.Equal(Coc.Core.Attachments.FileTypes.ContentTypes.Order(), content.Select(p => p.Key).Order());
    }

    [GeneratedRegex(@"\{([^}]+)\}")]
    private static partial Regex TemplateVariable();

    [GeneratedRegex("\"\\$ref\"\\s*:\\s*\"([^\"]+)\"")]
    private static partial Regex RefValue();
}
