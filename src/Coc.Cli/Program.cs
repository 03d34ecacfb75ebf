using Coc.Cli;

// Ctrl-C cancels the running request; the command then exits with 130.
using var interrupt = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (interrupt.IsCancellationRequested) return; // a second Ctrl-C ends the process at once
    e.Cancel = true;
    interrupt.Cancel();
};
return await new CliApp(CliEnvironment.Process()).RunAsync(args, interrupt.Token);
