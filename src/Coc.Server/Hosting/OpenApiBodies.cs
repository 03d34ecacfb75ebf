using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Coc.Server.Hosting;

/// <summary>
/// Documents a request body without <c>Accepts()</c>, whose content-type matching would turn away the
/// bodies the COC API must read whatever their Content-Type says.
/// </summary>
public sealed record JsonBodyDoc(Type Type, string ContentType);

public static class OpenApiBodies
{
    public static RouteHandlerBuilder DocumentsBody<T>(this RouteHandlerBuilder builder, string contentType = "application/json") =>
        builder.WithMetadata(new JsonBodyDoc(typeof(T), contentType));

    public static OpenApiOptions AddJsonBodies(this OpenApiOptions options) =>
        options.AddOperationTransformer(async (operation, context, ct) =>
        {
            var doc = context.Description.ActionDescriptor.EndpointMetadata.OfType<JsonBodyDoc>().FirstOrDefault();
            if (doc is null) return;
            var schema = await context.GetOrCreateSchemaAsync(doc.Type, null, ct);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType> { [doc.ContentType] = new() { Schema = schema } },
            };
        });
}
