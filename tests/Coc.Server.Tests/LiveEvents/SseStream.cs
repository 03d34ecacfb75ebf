using System.Net;
using System.Text;
using System.Text.Json;

namespace Coc.Server.Tests.LiveEvents;

/// <summary>One frame of a Server-Sent Events stream: an event (id, type, data lines joined by \n) or a comment line.</summary>
public sealed record SseFrame(string? Id, string? Type, string? Data, string? Comment)
{
    public JsonElement Json => JsonDocument.Parse(Data ?? "null").RootElement;
}

/// <summary>A client of <c>GET /v1/events/stream</c> over real HTTP that reads the wire format line by line.</summary>
public sealed class SseStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly StreamReader _reader;

    private SseStream(HttpResponseMessage response, StreamReader reader)
    {
        _response = response;
        _reader = reader;
    }

    public HttpStatusCode Status => _response.StatusCode;
    public string? ContentType => _response.Content.Headers.ContentType?.MediaType;

    /// <summary>Opens the stream as <paramref name="api"/>'s caller; answers the response as it is (a 4xx has a body, not a stream).</summary>
    public static async Task<SseStream> OpenAsync(CocApi api, string? lastEventId = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/events/stream");
        if (api.Project is not null) request.Headers.TryAddWithoutValidation("X-Project-Id", api.Project);
        if (lastEventId is not null) request.Headers.TryAddWithoutValidation("Last-Event-ID", lastEventId);
        var response = await api.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        var reader = new StreamReader(await response.Content.ReadAsStreamAsync(), Encoding.UTF8);
        return new SseStream(response, reader);
    }

    /// <summary>The next frame (events and comments; the retry field alone makes none), or a failure after <paramref name="seconds"/>.</summary>
    public async Task<SseFrame> NextAsync(double seconds = 5)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        string? id = null, type = null, comment = null;
        var data = new List<string>();
        while (true)
        {
            string? line;
            try
            {
                line = await _reader.ReadLineAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"no frame on the stream within {seconds} s");
            }
            if (line is null) throw new EndOfStreamException("the stream ended");
            if (line.Length == 0)
            {
                if (id is null && type is null && data.Count == 0 && comment is null) continue;
                return new SseFrame(id, type, data.Count == 0 ? null : string.Join('\n', data), comment);
            }
            if (line.StartsWith(':')) comment = line[1..].TrimStart();
            else if (Field(line, "id") is { } i) id = i;
            else if (Field(line, "event") is { } t) type = t;
            else if (Field(line, "data") is { } d) data.Add(d);
        }
    }

    /// <summary>The next event, skipping comments.</summary>
    public async Task<SseFrame> NextEventAsync(double seconds = 5)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (true)
        {
            var left = (deadline - DateTime.UtcNow).TotalSeconds;
            if (left <= 0) throw new TimeoutException($"no event on the stream within {seconds} s");
            var frame = await NextAsync(left);
            if (frame.Comment is null) return frame;
        }
    }

    private static string? Field(string line, string name) =>
        line.StartsWith(name + ":", StringComparison.Ordinal) ? line[(name.Length + 1)..].TrimStart(' ') : null;

    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        _response.Dispose();
        return ValueTask.CompletedTask;
    }
}
