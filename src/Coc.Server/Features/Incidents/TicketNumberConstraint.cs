namespace Coc.Server.Features.Incidents;

/// <summary>
/// The words beside <c>{incident_num}</c> in the path are not ticket numbers: <c>GET …/incident/handle</c> is no
/// details lookup but a method that path does not have, so an unknown API (api.md).
/// </summary>
public sealed class TicketNumberConstraint : IRouteConstraint
{
    public const string Name = "ticketnumber";

    private static readonly HashSet<string> Reserved = ["handle", "create", "attachments", "list-histories"];

    public bool Match(HttpContext? httpContext, IRouter? route, string routeKey, RouteValueDictionary values, RouteDirection routeDirection) =>
        values.TryGetValue(routeKey, out var value) && value is string number && !Reserved.Contains(number);
}
