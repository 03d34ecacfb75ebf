using Coc.Core.Reference;
using Coc.Server.Hosting;

namespace Coc.Server.Features.OpenApi;

public static class OpenApiEndpoints
{
    public const string Path = "/openapi/v1.json";

    /// <summary>The document is built once, from the catalog this server loaded, and served as is.</summary>
    public static IEndpointRouteBuilder MapOpenApiDocument(this IEndpointRouteBuilder app)
    {
        var reference = app.ServiceProvider.GetRequiredService<ReferenceData>();
        var emulator = app.ServiceProvider.GetRequiredService<ServerOptions>().Emulator;
        var bytes = new Lazy<byte[]>(() => System.Text.Encoding.UTF8.GetBytes(
            OpenApiDocumentBuilder.Build(reference, emulator).ToJsonString(new System.Text.Json.JsonSerializerOptions
            {
                Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            })));
        app.MapGet(Path, () => Results.Bytes(bytes.Value, "application/json; charset=utf-8")).AllowAnonymous();
        return app;
    }
}
