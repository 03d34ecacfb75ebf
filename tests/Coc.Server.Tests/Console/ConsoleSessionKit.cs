using System.Net;
using System.Text.Json;
using Coc.Core.Auth;
using Coc.Server.Tests.Auth;

namespace Coc.Server.Tests.Console;

/// <summary>A signed-in console session as the browser holds it: the cookie (name=value) and the CSRF value the page read.</summary>
public sealed record CookieSession(string Cookie, string Csrf, JsonElement Info, string SetCookie)
{
    public string Token => Cookie[(Cookie.IndexOf('=') + 1)..];
}

/// <summary>Signs in through <c>POST /v1/console/session</c> and sends requests the way the console's pages do.</summary>
public static class ConsoleSessionKit
{
    public const string SessionPath = "/v1/console/session";

    public static Task AddUserAsync(AuthServer server, string name, string password, string permissions = "coc:*", string? person = null) =>
        AddUserAsync(server.AuthStore, name, password, permissions, person);

    public static async Task AddUserAsync(IAuthStore store, string name, string password, string permissions = "coc:*", string? person = null) =>
        await store.SaveUserAsync(new User(Secrets.NewId(), name, "default", TestPasswords.Hash(password),
            [.. permissions.Split(',')], PersonId: person));

    /// <summary>A client that keeps no cookies of its own (every test says which one it sends).</summary>
    public static HttpClient Client(Uri baseAddress, IPAddress? from = null) => new(new SocketsHttpHandler
    {
        UseCookies = false, AllowAutoRedirect = false,
        ConnectCallback = from is null ? null : async (context, ct) =>
        {
            var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream,
                System.Net.Sockets.ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(from, 0));
            await socket.ConnectAsync(context.DnsEndPoint, ct);
            return new System.Net.Sockets.NetworkStream(socket, ownsSocket: true);
        },
    }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };

    public static async Task<(WireResponse Response, HttpResponseMessage Message)> PostSignInAsync(
        HttpClient http, string user, string password, string? cookie = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, SessionPath)
        {
            Content = CocApi.Raw(TokenServer.TokenRequest(user, password, project: null).ToJsonString(), "application/json"),
        };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        var message = await http.SendAsync(request);
        return (await WireResponse.ReadAsync(message), message);
    }

    public static async Task<CookieSession> SignInAsync(HttpClient http, string user, string password, string? cookie = null)
    {
        var (response, message) = await PostSignInAsync(http, user, password, cookie);
        Assert.True(response.Status == HttpStatusCode.Created, response.ToString());
        var setCookie = Assert.Single(message.Headers.GetValues("Set-Cookie"));
        return new CookieSession(setCookie.Split(';')[0], response.Json.GetProperty("csrf_token").GetString()!, response.Json, setCookie);
    }

    /// <summary>A request carrying <paramref name="cookie"/> and, as given, the CSRF header, an Origin and Sec-Fetch-Site.</summary>
    public static async Task<WireResponse> SendAsync(HttpClient http, HttpMethod method, string path, string? cookie,
        string? csrf = null, string? origin = null, string? fetchSite = null, HttpContent? body = null,
        IEnumerable<KeyValuePair<string, string>>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body };
        if (cookie is not null) request.Headers.Add("Cookie", cookie);
        if (csrf is not null) request.Headers.Add("X-CSRF-Token", csrf);
        if (origin is not null) request.Headers.Add("Origin", origin);
        if (fetchSite is not null) request.Headers.Add("Sec-Fetch-Site", fetchSite);
        foreach (var (name, value) in headers ?? []) request.Headers.TryAddWithoutValidation(name, value);
        using var message = await http.SendAsync(request);
        return await WireResponse.ReadAsync(message);
    }

    public static HttpContent CreateBody(string title = "created from the console") =>
        CocApi.Raw(Bodies.Create(title).ToJsonString(), CocApi.SdkJson);

    /// <summary>The cookie's attributes, lower-cased, name → value ("" for a flag).</summary>
    public static Dictionary<string, string> Attributes(string setCookie) => setCookie.Split(';').Skip(1)
        .Select(a => a.Trim().Split('=', 2))
        .ToDictionary(p => p[0].ToLowerInvariant(), p => p.Length > 1 ? p[1].ToLowerInvariant() : "");
}
