using Coc.Server.Cli;
using Coc.Server.Hosting;
using Coc.Server.Storage;

var admin = new AdminCommands(Console.Out, Console.Error, Console.In);
var commandLine = new ServerCommandLine(admin.Command).Parse(args, Console.Out, Console.Error);
if (commandLine.ExitCode is { } answered) return answered; // usage (2) or --help
var (builder, options) = CocServerHost.CreateBuilder(commandLine.Settings);
if (!commandLine.Serve)
    return await admin.RunAsync(commandLine.Result, options);

CocServerHost.AddServer(builder, options);
var app = builder.Build();
if (CocServerHost.Prepare(app, options) is { } failure)
{
    await Console.Error.WriteLineAsync(failure.Message); // directly: the console logger would still be queueing at exit
    return failure.ExitCode;
}

var storageState = app.Services.GetRequiredService<StorageState>(); // the container is disposed when RunAsync returns
await app.RunAsync();
if (storageState.Fatal is { } fatal)
{
    await Console.Error.WriteLineAsync(fatal);
    return 2;
}
return 0;

public partial class Program;
