using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Coc.Core.Auth.Signing;

namespace Coc.Server.Tests;

/// <summary>
/// HTTP/1.1 over a bare socket, for what HttpClient cannot do: announce a large body, send only its start, and
/// read the answer the server gives before the body is complete (a 413 closes the connection mid-upload).
/// </summary>
public static class RawHttp
{
    public static async Task<WireResponse> SendPartialAsync(
        Uri server, string method, string target, IEnumerable<KeyValuePair<string, string>> headers, byte[] body, int sendBytes,
        TestKey? signWith = null, DateTimeOffset? signedAt = null)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {server.Authority}\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        var all = headers.ToList();
        if (signWith is not null)
        {
            var date = signedAt ?? DateTimeOffset.UtcNow;
            all.Add(KeyValuePair.Create(SdkSigning.DateHeader, SdkDate.ToHeaderValue(date)));
            var signed = new List<KeyValuePair<string, string>>(all) { KeyValuePair.Create("Host", server.Authority) };
            var request = SignatureRequest.FromTarget(method, target, signed, body);
            all.Add(KeyValuePair.Create(SdkSigning.AuthorizationHeader,
                Signer.Sign(request, signWith.AccessKey, signWith.SecretKey, date, signed.Select(h => h.Key))));
        }
        foreach (var (name, value) in all) head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        head.Append("\r\n");

        using var client = new TcpClient();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), timeout.Token);
        try
        {
            await stream.WriteAsync(body.AsMemory(0, Math.Min(sendBytes, body.Length)), timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read what was sent.
        }
        return await ReadResponseAsync(stream, timeout.Token);
    }

    /// <summary>Sends exactly <paramref name="request"/> (request line, headers and all) and reads the answer.</summary>
    /// <param name="from">The client's source address (any of 127.0.0.0/8 on Linux); null: the system's choice.</param>
    public static async Task<WireResponse> SendRawAsync(Uri server, byte[] request, IPAddress? from = null)
    {
        using var client = from is null ? new TcpClient() : new TcpClient(new IPEndPoint(from, 0));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything.
        }
        return await ReadResponseAsync(stream, timeout.Token);
    }

    private static async Task<WireResponse> ReadResponseAsync(Stream stream, CancellationToken ct)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int headEnd;
        while ((headEnd = IndexOf(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), "\r\n\r\n"u8)) < 0)
        {
            var read = await stream.ReadAsync(chunk, ct);
            if (read == 0) throw new IOException("the connection closed before a response head arrived");
            buffer.Write(chunk, 0, read);
        }
        var lines = Encoding.ASCII.GetString(buffer.GetBuffer(), 0, headEnd).Split("\r\n");
        var status = (HttpStatusCode)int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var rest = new MemoryStream();
        rest.Write(buffer.GetBuffer(), headEnd + 4, (int)buffer.Length - headEnd - 4);

        byte[] body;
        if (headers.TryGetValue("Content-Length", out var length))
        {
            var n = int.Parse(length, CultureInfo.InvariantCulture);
            while (rest.Length < n)
            {
                var read = await stream.ReadAsync(chunk, ct);
                if (read == 0) break;
                rest.Write(chunk, 0, read);
            }
            body = rest.ToArray()[..n];
        }
        else
        {
            // Chunked (or close-delimited): read to the end, then decode the chunks if any.
            int read;
            while (!EndsChunked(rest) && (read = await stream.ReadAsync(chunk, ct)) > 0) rest.Write(chunk, 0, read);
            body = headers.TryGetValue("Transfer-Encoding", out var te) && te.Contains("chunked", StringComparison.OrdinalIgnoreCase)
                ? Dechunk(rest.ToArray()) : rest.ToArray();
        }
        return new WireResponse(status, body, headers.GetValueOrDefault("Content-Type"), headers.GetValueOrDefault("Content-Disposition"),
            headers.GetValueOrDefault("X-Request-Id"));
    }

    private static bool EndsChunked(MemoryStream s) =>
        s.Length >= 5 && s.GetBuffer().AsSpan((int)s.Length - 5, 5).SequenceEqual("0\r\n\r\n"u8);

    private static byte[] Dechunk(byte[] data)
    {
        var output = new MemoryStream();
        var at = 0;
        while (at < data.Length)
        {
            var lineEnd = IndexOf(data.AsSpan(at), "\r\n"u8);
            if (lineEnd < 0) break;
            var size = int.Parse(Encoding.ASCII.GetString(data, at, lineEnd).Split(';')[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            at += lineEnd + 2;
            if (size == 0) break;
            output.Write(data, at, size);
            at += size + 2;
        }
        return output.ToArray();
    }

    private static int IndexOf(ReadOnlySpan<byte> haystack, ReadOnlySpan<byte> needle) => haystack.IndexOf(needle);
}
