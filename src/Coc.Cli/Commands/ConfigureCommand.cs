using System.CommandLine;
using Coc.Cli.Connection;

namespace Coc.Cli.Commands;

/// <summary><c>coc configure</c>: writes a profile of the profile file (mode 0600). The secret key is read from standard
/// input (<c>--secret-key-stdin</c>) so it never sits in the shell's history.</summary>
public sealed class ConfigureCommand
{
    public ConfigureCommand(CliApp app)
    {
        var endpoint = CommandHelpers.Text("--set-endpoint", "The service URL", "URL");
        var accessKey = CommandHelpers.Text("--access-key", "AK", "AK");
        var secretStdin = new Option<bool>("--secret-key-stdin") { Description = "Read the SK from the first line of standard input" };
        var securityToken = CommandHelpers.Text("--security-token", "Security token of a temporary AK/SK", "TOKEN");
        var projectId = CommandHelpers.Text("--project-id", "Project id (X-Project-Id)", "ID");
        var operatorId = CommandHelpers.Text("--operator", "Person id that workflow commands act as", "PERSON");
        var show = new Option<bool>("--show") { Description = "Print the profile (secrets masked) instead of changing it" };
        Command = new Command("configure", "Write the profile file's settings (endpoint, AK/SK, project, operator); mode 0600.")
            .With(endpoint, accessKey, secretStdin, securityToken, projectId, operatorId, show)
            .Does(app, c =>
            {
                var profiles = new Profiles(c.Environment.Variable);
                if (c.Value(show))
                {
                    var profile = profiles.Read(c.ProfileName)?.DeepClone().AsObject() ?? [];
                    foreach (var secret in new[] { "secret_key", "security_token", "token" })
                        if (profile.ContainsKey(secret)) profile[secret] = "****";
                    c.Out.Item(profile);
                    return Task.CompletedTask;
                }
                var settings = new Dictionary<string, string?>();
                void Set(string key, string? value) { if (value is not null) settings[key] = value; }
                Set("endpoint", c.Value(endpoint));
                Set("access_key", c.Value(accessKey));
                if (c.Value(secretStdin)) Set("secret_key", c.Environment.Stdin.ReadLine()?.Trim() is { Length: > 0 } sk ? sk : throw new UsageException("no secret key on standard input"));
                Set("security_token", c.Value(securityToken));
                Set("project_id", c.Value(projectId));
                Set("operator", c.Value(operatorId));
                if (settings.Count == 0) throw new UsageException("nothing to set: give --set-endpoint, --access-key, --secret-key-stdin, --project-id or --operator");
                var path = profiles.Write(c.ProfileName, settings);
                c.Out.Done($"profile '{c.ProfileName}' written to {path}");
                return Task.CompletedTask;
            });
    }

    public Command Command { get; }
}
