using System.CommandLine;
using System.Reflection;
using Coc.Server.Hosting;

namespace Coc.Server.Cli;

/// <summary>
/// <c>coc-incident [serve] [flags] [--Coc:Setting=value …]</c> and <c>coc-incident admin &lt;command&gt; …</c>. The flags
/// become configuration (<c>Coc:*</c>, <c>urls</c>) beside appsettings and <c>COC__*</c> environment variables; a setting
/// may also be given as <c>--Coc:Name=value</c>. Anything else — an unknown option, a missing value or a required
/// option left out — exits with 2 and the usage on standard error.
/// </summary>
public sealed class ServerCommandLine
{
    public const int UsageExitCode = 2;

    /// <summary>Keys the generic host itself passes (e.g. the test host's <c>--applicationName=…</c>).</summary>
    private static readonly string[] HostKeys = ["applicationName", "environment", "contentRoot"];

    private static readonly HashSet<string> SettingNames = typeof(ServerOptions)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite).Select(p => p.Name)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private readonly Option<bool> _emulator = new("--emulator") { Description = "Emulator mode (auth.md, Modes)", Recursive = true };
    private readonly Option<string> _data = new("--data") { Description = "SQLite file, or :memory:", HelpName = "PATH", Recursive = true };
    private readonly Option<string> _db = new("--db") { Description = "PostgreSQL URL or connection string, instead of SQLite", HelpName = "URL", Recursive = true };
    private readonly Option<string> _reference = new("--reference") { Description = "JSON file replacing the preset catalog, directory or WarRoom rules", HelpName = "FILE", Recursive = true };
    private readonly Option<string> _seed = new("--seed") { Description = "A project export (GET /_coc/projects/{id}/export) imported at start, replacing that project's state", HelpName = "FILE" };
    private readonly Option<string> _urls = new("--urls") { Description = "Where to listen (default http://127.0.0.1:8080)", HelpName = "URL" };
    private readonly RootCommand _root = new("COC Incident Service: serves the COC incident API (the default command), or administers its database.");
    private readonly Command _serve = new("serve", "Serve the API (the same as giving no command).");

    public ServerCommandLine(Command admin)
    {
        _root.Options.Add(_emulator);
        _root.Options.Add(_data);
        _root.Options.Add(_db);
        _root.Options.Add(_reference);
        _root.Options.Add(_urls);
        _root.Options.Add(_seed);
        _serve.Options.Add(_seed);
        _serve.Options.Add(_urls);
        _root.Subcommands.Add(_serve);
        _root.Subcommands.Add(admin);
        _root.SetAction(_ => 0); // serving is Program's job; these only mark "serve" as a complete command line
        _serve.SetAction(_ => 0);
        foreach (var command in Commands(_root)) command.TreatUnmatchedTokensAsErrors = false; // checked in Parse instead
    }

    /// <summary>The parsed command line; <see cref="ExitCode"/> is set when it was answered already (usage or help).</summary>
    public sealed record Parsed(ParseResult Result, string[] Settings, bool Serve, int? ExitCode);

    public Parsed Parse(string[] args, TextWriter stdout, TextWriter stderr)
    {
        var result = _root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        var errors = result.Errors.Select(e => e.Message).Concat(result.UnmatchedTokens.Where(t => !IsSetting(t))
            .Select(t => $"unknown option or argument: {t} (settings are given as --Coc:Name=value)")).ToList();
        if (errors.Count > 0)
        {
            foreach (var error in errors) stderr.WriteLine("error: " + error);
            stderr.WriteLine();
            WriteUsage(result.CommandResult.Command, stderr);
            return new Parsed(result, [], false, UsageExitCode);
        }

        var command = result.CommandResult.Command;
        var ownAction = result.Action is not null && result.Action == command.Action;
        if (!ownAction) // --help, --version
            return new Parsed(result, [], false, result.Invoke(new InvocationConfiguration { Output = stdout, Error = stderr }));

        var settings = new List<string>();
        if (result.GetValue(_emulator)) settings.Add("--Coc:Emulator=true");
        AddSetting(settings, "Coc:Data", result.GetValue(_data));
        AddSetting(settings, "Coc:Db", result.GetValue(_db));
        AddSetting(settings, "Coc:Reference", result.GetValue(_reference));
        AddSetting(settings, "urls", result.GetValue(_urls));
        AddSetting(settings, "Coc:Seed", result.GetValue(_seed));
        settings.AddRange(result.UnmatchedTokens);
        return new Parsed(result, [.. settings], command == _root || command == _serve, null);
    }

    /// <summary>The help of <paramref name="command"/>, as <c>--help</c> prints it.</summary>
    private void WriteUsage(Command command, TextWriter writer)
    {
        var path = new List<string> { "--help" };
        for (Symbol? s = command; s is Command c && c != _root; s = c.Parents.FirstOrDefault())
            path.Insert(0, c.Name);
        _root.Parse(path).Invoke(new InvocationConfiguration { Output = writer, Error = writer });
    }

    private static void AddSetting(List<string> settings, string key, string? value)
    {
        if (value is not null) settings.Add($"--{key}={value}");
    }

    /// <summary><c>--Coc:Name=value</c> (Name a setting of <see cref="ServerOptions"/>, then any sub-keys), or a host key.</summary>
    private static bool IsSetting(string token)
    {
        if (!token.StartsWith("--", StringComparison.Ordinal) || token.IndexOf('=') is var eq && eq < 0) return false;
        var key = token[2..eq].Split(':');
        if (!key[0].Equals("Coc", StringComparison.OrdinalIgnoreCase))
            return key.Length == 1 && HostKeys.Contains(key[0], StringComparer.OrdinalIgnoreCase);
        return key.Length == 1 || SettingNames.Contains(key[1]); // the bare section appears when a host flattens its configuration
    }

    private static IEnumerable<Command> Commands(Command command) => [command, .. command.Subcommands.SelectMany(Commands)];
}
