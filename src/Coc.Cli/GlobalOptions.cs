using System.CommandLine;
using Coc.Cli.Output;

namespace Coc.Cli;

/// <summary>The options every command takes (they may be given before or after the command's name).</summary>
public sealed class GlobalOptions
{
    public const string DefaultEndpoint = "http://127.0.0.1:8080";

    public Option<string> Endpoint { get; } = new("--endpoint")
    {
        Description = $"Service URL (else $COC_ENDPOINT, the profile's endpoint, {DefaultEndpoint})", HelpName = "URL", Recursive = true,
    };
    public Option<string> Profile { get; } = new("--profile")
    {
        Description = "Profile of the profile file to use (else $COC_PROFILE, default)", HelpName = "NAME", Recursive = true,
    };
    public Option<string> Token { get; } = new("--token")
    {
        Description = "An IAM token (X-Auth-Token) instead of AK/SK signing (else $COC_TOKEN)", HelpName = "TOKEN", Recursive = true,
    };
    public Option<string> Project { get; } = new("--project")
    {
        Description = "Project id (X-Project-Id; else $HUAWEICLOUD_SDK_PROJECT_ID, the profile's project_id)", HelpName = "ID", Recursive = true,
    };
    public Option<OutputFormat> Output { get; } = new("--output", "-o")
    {
        Description = "table for people, json for scripts (the service's data, unchanged)", HelpName = "table|json", Recursive = true,
        DefaultValueFactory = _ => OutputFormat.Table,
    };
    public Option<int> Timeout { get; } = new("--timeout")
    {
        Description = "Seconds to wait for each answer (default 100)", HelpName = "SECONDS", Recursive = true,
        DefaultValueFactory = _ => 100,
    };

    public void AddTo(Command root)
    {
        foreach (var option in new Option[] { Endpoint, Profile, Token, Project, Output, Timeout }) root.Options.Add(option);
    }
}
