using System.Text.Json.Nodes;

namespace Coc.Cli.Tests;

/// <summary>One run of the CLI, in process, over real HTTP: its exit code and what it wrote.</summary>
public sealed record CliRun(int ExitCode, string Stdout, string Stderr)
{
    /// <summary>Runs <c>coc ARGS</c> with only <paramref name="environment"/> as its environment variables.</summary>
    public static Task<CliRun> RunAsync(IReadOnlyDictionary<string, string> environment, params string[] args) =>
        RunWithInputAsync(environment, "", args);

    /// <summary>The same, with <paramref name="stdin"/> as its standard input.</summary>
    public static async Task<CliRun> RunWithInputAsync(IReadOnlyDictionary<string, string> environment, string stdin, params string[] args)
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        var cli = new CliEnvironment(stdout, stderr, name => environment.GetValueOrDefault(name), stdin: new StringReader(stdin));
        var code = await new CliApp(cli).RunAsync(args);
        return new CliRun(code, stdout.ToString(), stderr.ToString());
    }

    public JsonNode Json => JsonNode.Parse(Stdout) ?? throw new InvalidOperationException("stdout is JSON null");

    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Stdout}\nstderr:\n{Stderr}";
}
