namespace Coc.Server.Features.Console;

/// <summary>The web console at <c>/console</c>: static files plus the small read API it needs.</summary>
public static class ConsoleEndpoints
{
    public static IEndpointRouteBuilder MapConsole(this IEndpointRouteBuilder app)
    {
        app.MapGet("/console", () => Results.Redirect("/console/")).ExcludeFromDescription();
        return app;
    }
}
