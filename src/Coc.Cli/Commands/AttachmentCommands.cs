using System.CommandLine;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Coc.Cli.Connection;
using Coc.Cli.Output;
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
            JsonNode? answer = null;
            await using var stream = info.OpenRead();
            async Task SendAsync(Action<long>? progress)
            {
                using var form = new MultipartFormDataContent();
                var content = new ProgressContent(stream, progress);
                content.Headers.ContentType = new MediaTypeHeaderValue(ContentType(info.Name));
                form.Add(content, "file", info.Name);
                if (c.Value(incident) is { } number) form.Add(new StringContent(number), "incident_num");
                answer = await c.Connection.SendAsync(HttpMethod.Post, "v1/external/incident/attachments", form, c.Cancellation);
            }
            if (c.Out.Format == OutputFormat.Table && ReferenceEquals(c.Environment.Stdout, Console.Out) && !Console.IsErrorRedirected)
            {
                // the bar goes to standard error, so standard output keeps only the doc id
                var bar = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
                await bar.Progress().Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn())
                    .StartAsync(async p =>
                    {
                        var task = p.AddTask(Markup.Escape(info.Name), maxValue: Math.Max(1, info.Length));
                        await SendAsync(sent => task.Value = sent);
                        task.Value = task.MaxValue;
                    });
            }
            else await SendAsync(null);
            var data = answer?["data"];
            if (c.Out.Format == OutputFormat.Json) c.Out.Json(data);
            else c.Environment.Stdout.WriteLine(data?["doc_id"]?.GetValue<string>());
        });
        var docId = new Argument<string>("doc_id") { Description = "The doc id an upload printed" };
        var output = new Option<FileInfo>("--to") { Description = "Where to write it (default: its own name, in the current directory)", HelpName = "PATH" };
        var download = new Command("download", "Download an attachment's bytes.").With(docId, output).Does(app, async c =>
        {
            var (bytes, name) = await c.Connection.DownloadAsync($"v1/external/incident/attachments/{CommandHelpers.Escape(c.Value(docId)!)}", c.Cancellation);
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

    /// <summary>A file's bytes as a request body, reporting how many were sent.</summary>
    private sealed class ProgressContent(Stream source, Action<long>? progress) : HttpContent
    {
        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context, CancellationToken ct)
        {
            source.Position = 0;
            var buffer = new byte[64 * 1024];
            long sent = 0;
            int read;
            while ((read = await source.ReadAsync(buffer, ct)) > 0)
            {
                await stream.WriteAsync(buffer.AsMemory(0, read), ct);
                sent += read;
                progress?.Invoke(sent);
            }
        }

        protected override Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override bool TryComputeLength(out long length)
        {
            length = source.Length;
            return true;
        }
    }
}
