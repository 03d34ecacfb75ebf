using System.Text;
using Microsoft.Extensions.DependencyInjection;

namespace Coc.Client.Tests;

/// <summary>What the client puts on the wire for the CLI's needs: an endpoint's base path, uploads from a stream.</summary>
public sealed class TransportTests
{
    private static Task Ok(int i, Microsoft.AspNetCore.Http.HttpContext http) => LoopbackServer.WriteEnvelopeAsync(http, 200, "GOM.00000000", null);

    [Theory]
    [InlineData("gateway/coc")]
    [InlineData("gateway/coc/")]
    public async Task An_endpoint_behind_a_path_prefix_keeps_the_prefix_in_every_request(string prefix)
    {
        await using var server = await LoopbackServer.StartAsync(Ok);
        var endpoint = new Uri(server.BaseAddress, prefix);
        using var created = CocClient.Create(new CocClientOptions { Endpoint = endpoint });
        var services = new ServiceCollection();
        services.AddCocClient(o => o.Endpoint = endpoint);
        await using var provider = services.BuildServiceProvider();

        await created.DeleteSnapshotAsync("s1");
        await provider.GetRequiredService<CocClient>().RemoveFaultAsync("flt-1");

        Assert.Equal(["/gateway/coc/_coc/snapshots/s1", "/gateway/coc/_coc/faults/flt-1"], server.Received.Select(r => r.RawTarget));
    }

    [Fact]
    public async Task A_retried_stream_upload_sends_the_whole_file_again()
    {
        var attachment = """{"provider_code":"049","code":"GOM.00000000","msg":null,"error_code":"GOM.00000000","error_msg":null,"data":{"doc_id":"d1","doc_name":"a.txt"}}""";
        await using var server = await LoopbackServer.StartAsync(async (i, http) =>
        {
            if (i == 0)
            {
                http.Response.Headers.RetryAfter = "0";
                await LoopbackServer.WriteEnvelopeAsync(http, 503, "GOM.00007299", "busy");
                return;
            }
            http.Response.ContentType = "application/json";
            await Microsoft.AspNetCore.Http.HttpResponseWritingExtensions.WriteAsync(http.Response, attachment);
        });
        using var client = CocClient.Create(new CocClientOptions { Endpoint = server.BaseAddress });
        var bytes = Encoding.UTF8.GetBytes(new string('x', 100_000));

        var uploaded = await client.UploadAttachmentAsync("a.txt", new MemoryStream(bytes), null, "text/plain", null);

        Assert.Equal("d1", uploaded.DocId);
        var attempts = server.Received.ToArray();
        Assert.Equal(2, attempts.Length);
        Assert.Equal(attempts[0].Body.Length, attempts[1].Body.Length);
        Assert.True(attempts[1].Body.Length > bytes.Length, "the multipart body holds the whole file");
    }
}

/// <summary>Uploads from a stream against the real server.</summary>
public sealed class StreamUploadTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task A_stream_upload_reports_its_progress_up_to_the_file_size_and_downloads_byte_for_byte()
    {
        var client = fixture.InOwnProject();
        var number = await client.CreateIncidentAsync(Requests.Create());
        var bytes = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Range(0, 20_000).Select(i => $"line {i}\n")));
        var reported = new List<long>();

        var uploaded = await client.UploadAttachmentAsync("log.txt", new MemoryStream(bytes), number, "text/plain", new Recorder(reported));
        var downloaded = await client.DownloadAttachmentAsync(uploaded.DocId);

        Assert.True(reported.Count > 1, $"progress reported {reported.Count} times");
        Assert.Equal(reported.OrderBy(n => n), reported);
        Assert.Equal(bytes.Length, reported[^1]);
        Assert.Equal(bytes, downloaded.Bytes);
        Assert.Equal("log.txt", downloaded.FileName);
    }

    private sealed class Recorder(List<long> values) : IProgress<long>
    {
        public void Report(long value) => values.Add(value);
    }
}
