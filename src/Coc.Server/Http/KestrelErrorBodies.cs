using System.Buffers;
using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json;
using Coc.Core.Errors;
using Coc.Server.Wire;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Coc.Server.Http;

/// <summary>
/// Kestrel answers a request it cannot parse (a NUL or non-ASCII byte in the request line or a header, a request line
/// over 8 KB, headers over 32 KB) itself, before any middleware runs, with an empty body and no hook to change it.
/// This connection middleware gives those answers a body: the COC envelope for a 400, the gateway's body for 414 and
/// 431 (the size family of APIGW.0201, as 413), each with an X-Request-Id. While the app is answering a request on the
/// connection its bytes pass straight through; only what Kestrel writes on its own is looked at.
/// </summary>
public static class KestrelErrorBodies
{
    private static readonly ConcurrentDictionary<string, ErrorBodyWriter> Connections = new(StringComparer.Ordinal);

    public static void UseKestrelErrorBodies(this ListenOptions listen) => listen.Use(next => async connection =>
    {
        var transport = connection.Transport;
        var writer = new ErrorBodyWriter(transport.Output);
        connection.Transport = new Duplex(transport.Input, writer);
        Connections[connection.ConnectionId] = writer;
        try
        {
            await next(connection);
        }
        finally
        {
            Connections.TryRemove(connection.ConnectionId, out _);
            connection.Transport = transport;
        }
    });

    /// <summary>Marks the app as answering on the request's connection until the scope is disposed.</summary>
    public static AppScope AppAnswering(HttpContext http) =>
        http.Connection.Id is { } id && Connections.TryGetValue(id, out var writer) ? new AppScope(writer.Enter()) : default;

    public readonly struct AppScope(ErrorBodyWriter? writer) : IDisposable
    {
        public void Dispose() => writer?.Leave();
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }

    /// <summary>The JSON body for one of Kestrel's own answers, by status.</summary>
    internal static byte[] BodyFor(int status, string requestId) => status switch
    {
        414 => Gateway("Request URI too large", requestId),
        431 => Gateway("Request headers too large", requestId),
        // Every refusal of Kestrel's is the client's fault, even the 505 for an HTTP version it does not speak (sent as 400).
        _ => Envelope(CocErrors.InvalidParameterCode, "bad request: the request line or a header is malformed", status),
    };

    private static byte[] Gateway(string message, string requestId) =>
        JsonSerializer.SerializeToUtf8Bytes(new GatewayError(CocErrors.TooLargeCode, message, requestId), WireJsonContext.Default.GatewayError);

    private static byte[] Envelope(string code, string message, int status) =>
        JsonSerializer.SerializeToUtf8Bytes(new ErrorEnvelope(Envelopes.ProviderCode, code, $"{message} (HTTP {status})", null),
            WireJsonContext.Default.ErrorEnvelope);
}

/// <summary>
/// Passes the app's writes through; holds what Kestrel writes between requests until it is flushed, and replaces an
/// empty error answer of Kestrel's (status 4xx/5xx, <c>Content-Length: 0</c>, <c>Connection: close</c>, no
/// X-Request-Id) with one that has a body.
/// </summary>
public sealed class ErrorBodyWriter(PipeWriter inner) : PipeWriter
{
    private static readonly byte[] StatusLineStart = "HTTP/1.1 "u8.ToArray();
    private static readonly byte[] EmptyLength = "\r\nContent-Length: 0\r\n"u8.ToArray();
    private static readonly byte[] Close = "\r\nConnection: close\r\n"u8.ToArray();
    private static readonly byte[] RequestIdHeader = "X-Request-Id:"u8.ToArray();
    private static readonly string SecurityHeaderLines = string.Concat(SecurityHeaders.ApiHeaders.Select(h => $"{h.Key}: {h.Value}\r\n"));

    private readonly ArrayBufferWriter<byte> _held = new(256);
    private int _answering;
    private bool _lastSpanHeld;

    internal ErrorBodyWriter Enter()
    {
        Interlocked.Increment(ref _answering);
        return this;
    }

    internal void Leave() => Interlocked.Decrement(ref _answering);

    private bool Holding => Volatile.Read(ref _answering) == 0;

    public override Memory<byte> GetMemory(int sizeHint = 0)
    {
        if (Holding) return Hold().GetMemory(sizeHint);
        Release();
        return inner.GetMemory(sizeHint);
    }

    public override Span<byte> GetSpan(int sizeHint = 0)
    {
        if (Holding) return Hold().GetSpan(sizeHint);
        Release();
        return inner.GetSpan(sizeHint);
    }

    public override void Advance(int bytes)
    {
        if (_lastSpanHeld) _held.Advance(bytes);
        else inner.Advance(bytes);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default)
    {
        Release();
        return inner.FlushAsync(cancellationToken);
    }

    public override void CancelPendingFlush() => inner.CancelPendingFlush();

    public override void Complete(Exception? exception = null)
    {
        Release();
        inner.Complete(exception);
    }

    public override ValueTask CompleteAsync(Exception? exception = null)
    {
        Release();
        return inner.CompleteAsync(exception);
    }

    public override bool CanGetUnflushedBytes => inner.CanGetUnflushedBytes;

    public override long UnflushedBytes => inner.UnflushedBytes + _held.WrittenCount;

    private ArrayBufferWriter<byte> Hold()
    {
        _lastSpanHeld = true;
        return _held;
    }

    /// <summary>Moves what was held to the inner writer, with a body added if it is one of Kestrel's empty error answers.</summary>
    private void Release()
    {
        _lastSpanHeld = false;
        if (_held.WrittenCount == 0) return;
        var held = _held.WrittenSpan;
        if (IsEmptyErrorAnswer(held)) WriteWithBody(held);
        else inner.Write(held);
        _held.ResetWrittenCount();
    }

    private static bool IsEmptyErrorAnswer(ReadOnlySpan<byte> bytes) =>
        bytes.StartsWith(StatusLineStart) && bytes.Length > 12 && bytes[9] is (byte)'4' or (byte)'5'
        && bytes.EndsWith("\r\n\r\n"u8) && bytes.IndexOf("\r\n\r\n"u8) == bytes.Length - 4
        && bytes.IndexOf(EmptyLength) >= 0 && bytes.IndexOf(Close) >= 0 && bytes.IndexOf(RequestIdHeader) < 0;

    private void WriteWithBody(ReadOnlySpan<byte> head)
    {
        var status = (head[9] - '0') * 100 + (head[10] - '0') * 10 + (head[11] - '0');
        // A request Kestrel cannot read is the client's fault, even one in an HTTP version it does not speak (505):
        // bad input is always a 4xx here; the body still names the status Kestrel chose.
        if (status >= 500) head = ((byte[])[.. "HTTP/1.1 400 Bad Request"u8, .. head[head.IndexOf("\r\n"u8)..]]).AsSpan();
        var requestId = Guid.NewGuid().ToString("N");
        var body = KestrelErrorBodies.BodyFor(status, requestId);
        var lengthAt = head.IndexOf(EmptyLength);
        inner.Write(head[..lengthAt]);
        inner.Write(Encoding.ASCII.GetBytes(
            $"\r\nContent-Type: application/json\r\nX-Request-Id: {requestId}\r\n{SecurityHeaderLines}Content-Length: {body.Length}\r\n"));
        inner.Write(head[(lengthAt + EmptyLength.Length)..]);
        inner.Write(body);
    }
}
