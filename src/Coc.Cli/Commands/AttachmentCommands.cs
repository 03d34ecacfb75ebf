using System.CommandLine;
using System.Text.Json.Nodes;
using Coc.Cli.Connection;
using Coc.Cli.Output;
using Coc.Core.Contracts.Wire;
using Spectre.Console;

namespace Coc.Cli.Commands;

/// <summary><c>coc attachments upload|download</c> (POST /v1/external/incident/attachments, GET …/attachments/{doc_id}).</summary>
public sealed class AttachmentCommands
{
    public AttachmentCommands(CliApp app)
    {
        Command = new Command("attachments", "Upload files to tickets and download them.") { Aliases = { "attachment" } };
        var file = new Argument<FileInfo>("file") { Description = "jpg, png, pdf, docx or txt, up to 10 MB" };
        var incident = CommandHelpers.Text("--incident", "Link it to this ticket (else link its doc id later, e.g. coc incidents solve --attachment)", "IM…");
        var upload = new Command("upload", "Upload one file, with a progress bar; prints its doc id.").With(file, incident).Does(app, async c =>
        {
            var info = c.Value(file)!;
            if (!info.Exists) throw new UsageException($"no such file: {info.FullName}");
            await using var stream = info.OpenRead();
            Task<AttachmentData> UploadAsync(Action<long>? sent) => c.Connection.Client.UploadAttachmentAsync(
                info.Name, stream, c.Value(incident), ContentType(info.Name), sent is null ? null : new Reporter(sent), c.Cancellation);
            AttachmentData data;
            if (c.Out.Format == OutputFormat.Table && ReferenceEquals(c.Environment.Stdout, Console.Out) && !Console.IsErrorRedirected)
            {
                // the bar goes to standard error, so standard output keeps only the doc id
                var bar = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                data = await bar.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
                    .StartAsync(async p =>
                    {
                        var task = p.AddTask(Markup.Escape(info.Name), maxValue: Math.Max(1, info.Length));
                        var answer = await UploadAsync(sent => task.Value = sent);
                        task.Value = task.MaxValue;
                        return answer;
                    });
            }
            else data = await UploadAsync(null);
            c.Out.Line(data.DocId, data, WireJsonContext.Default.AttachmentData);
        });
        var docId = new Argument<string>("doc_id") { Description = "The doc id an upload printed" };
        var output = new Option<FileInfo>("--to") { Description = "Where to write it (default: its own name, in the current directory)", HelpName = "PATH" };
        var download = new Command("download", "Download an attachment's bytes.").With(docId, output).Does(app, async c =>
        {
            var downloaded = await c.Connection.Client.DownloadAttachmentAsync(c.Value(docId)!, c.Cancellation);
            var (bytes, name) = (downloaded.Bytes, downloaded.FileName);
            var path = c.Value(output)?.FullName ?? Path.GetFileName(name ?? c.Value(docId)!);
            await File.WriteAllBytesAsync(path, bytes, c.Cancellation);
            c.Out.Done($"{bytes.Length} bytes → {path}", new JsonObject { ["path"] = path, ["size"] = bytes.Length });
        });
        Command.With(upload, download);
    }

    public Command Command { get; }

    private static string ContentType(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".jpg" or ".jpeg" => "image/jpeg",
        ".png" => "image/png",
        ".pdf" => "application/pdf",
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".txt" => "text/plain",
        _ => "application/octet-stream",
    };

    /// <summary>Reports on the sending thread (Progress&lt;T&gt; would post to a pool thread, after the bar has moved on).</summary>
    private sealed class Reporter(Action<long> report) : IProgress<long>
    {
        public void Report(long value) => report(value);
    }
}
