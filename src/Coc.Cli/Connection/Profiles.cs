using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Cli.Connection;

/// <summary>
/// The profile file: <c>$COC_CONFIG</c>, else <c>$XDG_CONFIG_HOME/coc/profiles.json</c> (<c>~/.config/coc/profiles.json</c>),
/// <c>{"profiles": {"default": {"endpoint", "access_key", "secret_key", "security_token", "project_id", "token",
/// "operator"}}}</c>. It holds secrets, so it is written with mode 0600 and refused when others may read it.
/// </summary>
public sealed class Profiles(Func<string, string?> environment)
{
    public string Path
    {
        get
        {
            if (environment("COC_CONFIG") is { Length: > 0 } explicitPath) return explicitPath;
            var config = environment("XDG_CONFIG_HOME") is { Length: > 0 } xdg
                ? xdg
                : System.IO.Path.Combine(environment("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".config");
            return System.IO.Path.Combine(config, "coc", "profiles.json");
        }
    }

    /// <summary>The named profile's settings, or null when the file or the profile does not exist.</summary>
    public JsonObject? Read(string name)
    {
        var file = Path;
        if (!File.Exists(file)) return null;
        if (!OperatingSystem.IsWindows() && (File.GetUnixFileMode(file) & (UnixFileMode.GroupRead | UnixFileMode.OtherRead
                | UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
            throw new UsageException($"the profile file {file} holds secrets but others may read it; run: chmod 600 {file}");
        return Load(file)["profiles"]?[name] as JsonObject;
    }

    /// <summary>Sets the given keys of one profile (null values remove a key), creating the file with mode 0600.</summary>
    public string Write(string name, IReadOnlyDictionary<string, string?> settings)
    {
        var file = Path;
        var root = File.Exists(file) ? Load(file) : new JsonObject();
        var profiles = root["profiles"] as JsonObject ?? (JsonObject)(root["profiles"] = new JsonObject());
        var profile = profiles[name] as JsonObject ?? (JsonObject)(profiles[name] = new JsonObject());
        foreach (var (key, value) in settings)
            if (value is null) profile.Remove(key); else profile[key] = value;
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(file)!);
        var temp = file + ".tmp";
        var options = new FileStreamOptions { Mode = FileMode.Create, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using (var stream = new FileStream(temp, options))
            JsonSerializer.Serialize(stream, root, CliJson.Indented);
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        File.Move(temp, file, overwrite: true);
        return file;
    }

    private static JsonObject Load(string file)
    {
        try
        {
            return JsonNode.Parse(File.ReadAllText(file)) as JsonObject
                ?? throw new UsageException($"the profile file {file} is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new UsageException($"the profile file {file} is not valid JSON: {e.Message}");
        }
    }
}
