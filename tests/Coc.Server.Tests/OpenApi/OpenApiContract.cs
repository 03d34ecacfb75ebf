using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Coc.Server.Tests.OpenApi;

/// <summary>
/// The served OpenAPI document as a contract to check the wire against: operations, their parameters, and the
/// JSON Schema of every request body and answer (OpenAPI 3.1 schemas are JSON Schema 2020-12, evaluated here
/// by JsonSchema.Net with the document's components as <c>$defs</c>).
/// </summary>
public sealed class OpenApiContract
{
    private const string ComponentsPrefix = "#/components/schemas/";
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _compiled = new();

    public OpenApiContract(JsonObject document)
    {
        Document = document;
        _definitions = Rewrite(document["components"]!["schemas"]!).AsObject();
    }

    public JsonObject Document { get; }

    public static async Task<OpenApiContract> LoadAsync(HttpClient http)
    {
        var text = await http.GetStringAsync("/openapi/v1.json");
        return new OpenApiContract(JsonNode.Parse(text)!.AsObject());
    }

    public JsonObject Operation(string path, string method) =>
        Document["paths"]?[path]?[method]?.AsObject() ?? throw new InvalidOperationException($"the document lacks {method} {path}");

    /// <summary>Follows a local <c>$ref</c> (responses, parameters, schemas) to what it names.</summary>
    public JsonObject Resolve(JsonNode node)
    {
        var obj = node.AsObject();
        while (obj["$ref"]?.GetValue<string>() is { } reference)
        {
            JsonNode? target = Document;
            foreach (var part in reference.TrimStart('#', '/').Split('/'))
                target = target?[part.Replace("~1", "/").Replace("~0", "~")];
            obj = target?.AsObject() ?? throw new InvalidOperationException($"unresolved $ref {reference}");
        }
        return obj;
    }

    public IReadOnlyList<JsonObject> Parameters(string path, string method) =>
        [.. (Operation(path, method)["parameters"]?.AsArray() ?? []).Select(p => Resolve(p!))];

    /// <summary>The schema of the JSON request body (resolved through its $ref).</summary>
    public JsonObject RequestSchema(string path, string method, string contentType = "application/json") =>
        Resolve(Operation(path, method)["requestBody"]!["content"]![contentType]!["schema"]!);

    /// <summary>The definition a <c>$ref</c> names, for generators.</summary>
    public JsonObject Definition(string name) => Document["components"]!["schemas"]![name]!.AsObject();

    public EvaluationResults Evaluate(JsonNode schema, JsonNode? instance)
    {
        var compiled = _compiled.GetOrAdd(schema.ToJsonString(), text =>
        {
            var root = new JsonObject
            {
                ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                ["$defs"] = _definitions.DeepClone(),
                ["allOf"] = new JsonArray(Rewrite(JsonNode.Parse(text)!)),
            };
            return JsonSchema.FromText(root.ToJsonString(), baseUri: new Uri($"https://coc.test/schemas/{Guid.NewGuid():N}"));
        });
        using var json = JsonDocument.Parse(instance?.ToJsonString() ?? "null");
        return compiled.Evaluate(json.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
    }

    public static string Explain(EvaluationResults results) => string.Join("; ", (results.Details ?? [])
        .Where(d => d.Errors is { Count: > 0 })
        .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Take(8));

    /// <summary>
    /// The answer is documented: its status is one the operation lists, it carries X-Request-Id, and a JSON body
    /// validates against the schema documented for that status.
    /// </summary>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> AssertDocumentedAsync(string path, string method, HttpResponseMessage response, string what)
    {
        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = System.Text.Encoding.UTF8.GetString(bytes);
        var responses = Operation(path, method)["responses"]!.AsObject();
        Assert.True(responses.ContainsKey(status), $"{what}: {method} {path} answered {status}, which the document does not list: {Cut(text)}");
        Assert.True(response.Headers.Contains("X-Request-Id"), $"{what}: no X-Request-Id");
        var documented = Resolve(responses[status]!);
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        var content = documented["content"]?.AsObject();
        if (content is null)
        {
            Assert.True(bytes.Length == 0, $"{what}: {status} documents no body but got {Cut(text)}");
            return (response.StatusCode, null);
        }
        var contentType = response.Content.Headers.ContentType?.ToString();
        var entry = content.FirstOrDefault(c => c.Key == contentType || c.Key == mediaType).Value;
        Assert.True(entry is not null, $"{what}: {status} answered {contentType}; documented: {string.Join(", ", content.Select(c => c.Key))}");
        if (mediaType != "application/json") return (response.StatusCode, null);
        var body = JsonNode.Parse(text);
        var results = Evaluate(entry!["schema"]!, body);
        Assert.True(results.IsValid, $"{what}: the {status} body does not match its documented schema: {Explain(results)}\n{Cut(text)}");
        return (response.StatusCode, body);
    }

    private static string Cut(string text) => text.Length > 1500 ? text[..1500] + "…" : text;

    private static JsonNode Rewrite(JsonNode node) =>
        JsonNode.Parse(node.ToJsonString().Replace("\"" + ComponentsPrefix, "\"#/$defs/", StringComparison.Ordinal))!;
}
