namespace Coc.Server.Hosting;

/// <summary>Who is calling and in which project. Authentication (a later step in the pipeline) fills it;
/// until then the project is <c>X-Project-Id</c> if present, else <c>default</c> (auth.md).</summary>
public sealed record Caller(string Project)
{
    public const string DefaultProject = "default";
    private const string ItemKey = "coc.caller";

    public static Caller Of(HttpContext http) =>
        http.Items.TryGetValue(ItemKey, out var c) && c is Caller caller ? caller : FromHeaders(http);

    public static void Set(HttpContext http, Caller caller) => http.Items[ItemKey] = caller;

    private static Caller FromHeaders(HttpContext http)
    {
        var project = http.Request.Headers["X-Project-Id"].ToString();
        return new Caller(string.IsNullOrWhiteSpace(project) ? DefaultProject : project.Trim());
    }
}
