using Microsoft.AspNetCore.Routing.Patterns;
using Coc.Server.Wire;

namespace Coc.Server.Http;

/// <summary>
/// A method a path does not have is an unknown API, as the gateway answers it (api.md), never the framework's 405:
/// each mapped path also gets an any-method endpoint, ordered after the real ones, that answers 404 straight from
/// routing (before authentication, as the gateway does).
/// </summary>
public static class UnknownMethods
{
    /// <summary>Call after every endpoint is mapped.</summary>
    public static void MapUnknownMethods(this IEndpointRouteBuilder app)
    {
        var patterns = app.DataSources.SelectMany(source => source.Endpoints).OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>() is { HttpMethods.Count: > 0 })
            .Select(e => e.RoutePattern)
            .DistinctBy(p => p.RawText, StringComparer.Ordinal)
            .ToList();
        foreach (var pattern in patterns)
            app.Map(pattern, WireResults.WriteNoSuchApiAsync).WithOrder(int.MaxValue).ShortCircuit().ExcludeFromDescription();
    }
}
