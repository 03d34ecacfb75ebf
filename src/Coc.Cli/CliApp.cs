using System.CommandLine;
using System.CommandLine.Help;
using Coc.Cli.Commands;
using Coc.Cli.Connection;
using Spectre.Console;

namespace Coc.Cli;

/// <summary>
/// <c>coc</c>: the command tree, and the mapping of every outcome to an exit code (<see cref="ExitCodes"/>). Errors go
/// to standard error as one line naming the HTTP status, <c>error_code</c>, <c>error_msg</c> and the request id.
/// </summary>
public sealed class CliApp
{
    private readonly CliEnvironment _environment;
    private readonly GlobalOptions _options = new();
    private readonly RootCommand _root;

    public CliApp(CliEnvironment environment)
    {
        _environment = environment;
        _root = new RootCommand(RootDescription);
        _options.AddTo(_root);
        _root.Subcommands.Add(new IncidentCommands(this).Command);
        _root.Subcommands.Add(new HistoryCommands(this).Command);
        _root.Subcommands.Add(new AttachmentCommands(this).Command);
        _root.Subcommands.Add(new AlarmCommands(this).Command);
        _root.Subcommands.Add(new WebhookCommands(this).Command);
        _root.Subcommands.Add(new EmulatorCommands(this).Command);
        _root.Subcommands.Add(new ConfigureCommand(this).Command);
    }

    private const string RootDescription = """
        coc — the command line of the COC Incident Service (and of any COC-compatible endpoint).

        Endpoint: --endpoint, else $COC_ENDPOINT, else the profile's, else http://127.0.0.1:8080.
        Credentials, first found wins: --token (or $COC_TOKEN); $HUAWEICLOUD_SDK_AK + $HUAWEICLOUD_SDK_SK
        (+ $HUAWEICLOUD_SDK_SECURITY_TOKEN), as the official SDKs read them; the profile file written by
        'coc configure' (mode 0600); none (an emulator, 'coc-incident --emulator', needs none).
        Project: --project, else $HUAWEICLOUD_SDK_PROJECT_ID, else the profile's project_id.

        Exit codes: 0 ok; 1 unexpected failure; 2 usage (bad command line, missing setting);
        3 authentication or permission refused (401/403); 4 other client error (400, 404, 413, 429);
        5 conflict (409: not allowed in this state, or a concurrent update); 6 server error (5xx) or
        the service unreachable; 130 interrupted (Ctrl-C).
        """;

    public RootCommand Root => _root;

    public async Task<int> RunAsync(string[] args, CancellationToken ct = default)
    {
        var parse = _root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors) await _environment.Stderr.WriteLineAsync("error: " + error.Message);
            await _environment.Stderr.WriteLineAsync($"Run '{CommandPath(parse.CommandResult.Command)} --help' for usage.");
            return ExitCodes.Usage;
        }
        if (parse.Action is null || parse.CommandResult.Command.Action is null && parse.Action is not HelpAction)
        {
            // a group such as 'coc incidents' without its subcommand: show its help, as a usage error
            _root.Parse([.. CommandPath(parse.CommandResult.Command).Split(' ').Skip(1), "--help"])
                .Invoke(new InvocationConfiguration { Output = _environment.Stderr, Error = _environment.Stderr });
            return ExitCodes.Usage;
        }
        using var interrupt = CancellationTokenSource.CreateLinkedTokenSource(ct);
        _cancellation = interrupt;
        return await parse.InvokeAsync(new InvocationConfiguration
        {
            Output = _environment.Stdout, Error = _environment.Stderr, EnableDefaultExceptionHandler = false,
            ProcessTerminationTimeout = null, // Ctrl-C is handled in Program (it cancels the token given here)
        }, interrupt.Token);
    }

    private CancellationTokenSource? _cancellation;

    /// <summary>The action of a command: runs <paramref name="body"/> with a context and maps its outcome to an exit code.</summary>
    public Func<ParseResult, CancellationToken, Task<int>> Action(Func<CliContext, Task> body) => async (parse, ct) =>
    {
        using var context = new CliContext(parse, _options, _environment, ct);
        try
        {
            await body(context);
            return ExitCodes.Ok;
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested || _cancellation?.IsCancellationRequested == true)
        {
            await _environment.Stderr.WriteLineAsync("interrupted");
            return ExitCodes.Interrupted;
        }
        catch (UsageException e)
        {
            await _environment.Stderr.WriteLineAsync("error: " + e.Message);
            return ExitCodes.Usage;
        }
        catch (Coc.Client.CocApiException e)
        {
            var id = e.RequestId is null ? "" : $" (request id {e.RequestId})";
            await _environment.Stderr.WriteLineAsync($"error: HTTP {(int)e.HttpStatus} {e.ErrorCode}: {e.ErrorMessage}{id}");
            return ExitCodes.ForStatus((int)e.HttpStatus);
        }
        catch (HttpRequestException e)
        {
            await _environment.Stderr.WriteLineAsync($"error: cannot reach {context.Connection.Endpoint}: {e.Message}");
            return ExitCodes.ServerOrNetwork;
        }
        catch (Exception e) when (e is TaskCanceledException or Polly.Timeout.TimeoutRejectedException) // --timeout ran out
        {
            await _environment.Stderr.WriteLineAsync($"error: no answer from {context.Connection.Endpoint} within --timeout");
            return ExitCodes.ServerOrNetwork;
        }
        catch (IOException e)
        {
            await _environment.Stderr.WriteLineAsync("error: " + e.Message);
            return ExitCodes.Failure;
        }
    };

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        for (Symbol? s = command; s is Command c; s = c.Parents.FirstOrDefault()) names.Insert(0, c.Parents.Any() ? c.Name : "coc");
        return string.Join(' ', names);
    }
}
