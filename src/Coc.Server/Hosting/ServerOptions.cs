namespace Coc.Server.Hosting;

/// <summary>Settings under <c>Coc:</c> (appsettings, <c>COC__*</c> environment variables, or the flags of <see cref="CommandLine"/>).</summary>
public sealed class ServerOptions
{
    /// <summary>SQLite file path, or <c>:memory:</c>. Default: <c>$XDG_DATA_HOME/coc-incident/coc.db</c>.</summary>
    public string? Data { get; set; }

    /// <summary>Emulator mode: relaxed people and actor checks (auth.md, Modes).</summary>
    public bool Emulator { get; set; }

    /// <summary>A JSON file whose sections replace the preset catalog, directory or WarRoom rules.</summary>
    public string? Reference { get; set; }

    /// <summary>The zone of the timestamp inside ticket numbers, e.g. <c>+08:00</c>.</summary>
    public string NumberZone { get; set; } = "+08:00";

    public string DataPath => Data ?? DefaultDataPath();

    public static string DefaultDataPath()
    {
        var root = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
        if (string.IsNullOrEmpty(root))
            root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
        return Path.Combine(root, "coc-incident", "coc.db");
    }

    public TimeSpan NumberOffset =>
        DateTimeOffset.ParseExact("2000-01-01T00:00:00" + NumberZone, "yyyy-MM-dd'T'HH:mm:sszzz", System.Globalization.CultureInfo.InvariantCulture).Offset;
}

/// <summary>Maps the short flags (<c>--data PATH</c>, <c>--emulator</c>, <c>--reference FILE</c>) onto settings.</summary>
public static class CommandLine
{
    public static string[] Normalize(string[] args)
    {
        var result = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "serve": break;
                case "--emulator": result.Add("--Coc:Emulator=true"); break;
                case "--data" when i + 1 < args.Length: result.Add($"--Coc:Data={args[++i]}"); break;
                case "--reference" when i + 1 < args.Length: result.Add($"--Coc:Reference={args[++i]}"); break;
                default: result.Add(args[i]); break;
            }
        }
        return [.. result];
    }
}
