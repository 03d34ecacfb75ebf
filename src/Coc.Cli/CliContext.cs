using System.CommandLine;
using System.Text.Json.Nodes;
using Coc.Cli.Connection;
using Coc.Cli.Output;
using Spectre.Console;

namespace Coc.Cli;

/// <summary>What a running command needs: its parse result, the connection (built on first use from options, the
/// environment and the profile), the renderer and the cancellation token.</summary>
public sealed class CliContext(ParseResult parse, GlobalOptions options, CliEnvironment environment, CancellationToken ct) : IDisposable
{
    private CocConnection? _connection;
    private JsonObject? _profile;
    private bool _profileRead;

    public ParseResult Parse => parse;
    public CancellationToken Cancellation => ct;
    public CliEnvironment Environment => environment;

    public Renderer Out { get; } = new(environment.Console, environment.Stdout, parse.GetValue(options.Output));

    public T? Value<T>(Option<T> option) => parse.GetValue(option);
    public T? Value<T>(Argument<T> argument) => parse.GetValue(argument);

    public string ProfileName => parse.GetValue(options.Profile) ?? environment.Variable("COC_PROFILE") ?? "default";

    public JsonObject? Profile
    {
        get
        {
            if (!_profileRead) { _profile = new Profiles(environment.Variable).Read(ProfileName); _profileRead = true; }
            return _profile;
        }
    }

    /// <summary>A setting from the option, else the environment variable(s), else the profile.</summary>
    public string? Setting(Option<string>? option, string profileKey, params string[] variables)
    {
        if (option is not null && parse.GetValue(option) is { Length: > 0 } given) return given;
        foreach (var name in variables)
            if (environment.Variable(name) is { Length: > 0 } fromEnvironment) return fromEnvironment;
        return Profile?[profileKey] is JsonValue v && v.TryGetValue<string>(out var s) && s.Length > 0 ? s : null;
    }

    public CocConnection Connection => _connection ??= Connect();

    private CocConnection Connect()
    {
        var endpointText = Setting(options.Endpoint, "endpoint", "COC_ENDPOINT") ?? GlobalOptions.DefaultEndpoint;
        if (!Uri.TryCreate(endpointText.EndsWith('/') ? endpointText : endpointText + "/", UriKind.Absolute, out var endpoint)
            || endpoint.Scheme is not ("http" or "https"))
            throw new UsageException($"--endpoint must be an http(s) URL, not '{endpointText}'");
        var token = Setting(options.Token, "token", "COC_TOKEN");
        Credentials credentials;
        if (token is not null) credentials = new Credentials(null, null, null, token);
        else
        {
            // The variables the official SDKs read win over the profile, pair by pair (never an AK from one and an SK from the other).
            var (ak, sk) = (environment.Variable("HUAWEICLOUD_SDK_AK"), environment.Variable("HUAWEICLOUD_SDK_SK"));
            var fromEnvironment = !string.IsNullOrEmpty(ak) || !string.IsNullOrEmpty(sk);
            if (!fromEnvironment) (ak, sk) = (Setting(null, "access_key"), Setting(null, "secret_key"));
            if (string.IsNullOrEmpty(ak) != string.IsNullOrEmpty(sk))
                throw new UsageException(fromEnvironment
                    ? "HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK must be set together"
                    : $"profile '{ProfileName}' must have both access_key and secret_key");
            var securityToken = fromEnvironment ? environment.Variable("HUAWEICLOUD_SDK_SECURITY_TOKEN") : Setting(null, "security_token");
            credentials = string.IsNullOrEmpty(ak) ? Credentials.None : new Credentials(ak, sk, NullIfEmpty(securityToken), null);
        }
        var project = Setting(options.Project, "project_id", "HUAWEICLOUD_SDK_PROJECT_ID");
        var seconds = parse.GetValue(options.Timeout);
        if (seconds <= 0) throw new UsageException("--timeout must be a positive number of seconds");
        return new CocConnection(endpoint, credentials, project, TimeSpan.FromSeconds(seconds));
    }

    private static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    public void Dispose() => _connection?.Dispose();
}

/// <summary>Where the CLI writes and which environment it reads (the process's, or a test's).</summary>
public sealed class CliEnvironment(TextWriter stdout, TextWriter stderr, Func<string, string?> variable, IAnsiConsole? console = null,
    TextReader? stdin = null)
{
    public TextWriter Stdout => stdout;
    public TextReader Stdin => stdin ?? System.Console.In;
    public TextWriter Stderr => stderr;
    public string? Variable(string name) => variable(name);

    public IAnsiConsole Console { get; } = console ?? CreateConsole(stdout);

    private static IAnsiConsole CreateConsole(TextWriter stdout)
    {
        var terminal = ReferenceEquals(stdout, System.Console.Out) && !System.Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(stdout),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
        });
        if (!terminal) console.Profile.Width = 240; // a pipe or file: rows are not wrapped at 80 columns
        return console;
    }

    public static CliEnvironment Process() => new(System.Console.Out, System.Console.Error, System.Environment.GetEnvironmentVariable);
}
