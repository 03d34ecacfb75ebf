using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Coc.Server.Tests;

/// <summary>
/// Rows 1–8 of shared/fixtures/sdk-signed-requests.jsonl, as the official Python SDK sent them, replayed in order
/// to the server on a real socket; each answer must have the documented shape.
/// </summary>
public sealed class FixtureReplayTests
{
    /// <summary>Rows 1–8 were signed together at 21:33:47 UTC; a server clock a minute later accepts them all.</summary>
    private static readonly DateTimeOffset SignedAt = new(2026, 11, 22, 21, 34, 47, TimeSpan.Zero);

    // Headers the HTTP stack writes itself.
    private static readonly HashSet<string> TransportHeaders = new(StringComparer.OrdinalIgnoreCase) { "Content-Length", "Connection" };

    [Fact]
    public async Task Signed_rows_1_to_8_replay_in_secure_mode_with_their_own_signatures()
    {
        await using var server = new CocServerFactory(emulator: false, kestrel: true, clockStart: SignedAt);
        await ReplayAsync(server, withAuthorization: true);
    }

    [Fact]
    public async Task Rows_1_to_8_without_their_auth_headers_replay_in_emulator_mode()
    {
        await using var server = new CocServerFactory(emulator: true, kestrel: true);
        await ReplayAsync(server, withAuthorization: false);
    }

    private static async Task ReplayAsync(CocServerFactory server, bool withAuthorization)
    {
        const string project = StoreSeeding.FixtureProject;
        await server.EnsureProjectAsync(project);
        using var http = server.CreateWireClient(signed: false);
        // Rows 2–5 and 7 act on the seeds' ticket: it is put into storage first (shared/fixtures/README.md).
        await server.SeedTriggeredTicketAsync(project);
        await Task.Delay(5);
        var answers = new Dictionary<int, WireResponse>();
        for (var id = 1; id <= 8; id++)
        {
            answers[id] = await SendAsync(http, SdkRequests.Row(id), withAuthorization);
            await Task.Delay(5); // distinct history times, so "newest first" has one answer
        }
        var api = new CocApi(server.CreateWireClient(), project);

        // 1: create
        Wire.AssertOk(answers[1]);
        var created = answers[1].Data.Str("incident_num");
        Assert.Matches(new Regex(@"^IM\d{24}$"), created);
        var createdTicket = await api.TicketAsync(created);
        Assert.Equal(["cn-north-4"], Wire.AssertStringArray(createdTicket, "region"));
        Assert.False(Wire.AssertBoolean(createdTicket, "is_service_interrupt"));
        Assert.Equal(1711091706000, Wire.AssertInteger(createdTicket, "start_time"));

        // 2: details of the seeded ticket, TRIGGERED
        Wire.AssertOk(answers[2]);
        var details = answers[2].Data;
        Wire.AssertString(details, "incident_num", StoreSeeding.SeedNumber);
        Wire.AssertString(details, "status", Statuses.Triggered);
        foreach (var field in IncidentHappyPathTests.DocumentedDetailFields)
            Assert.True(details.TryGetProperty(field, out _), $"row 2 details lack '{field}'");
        Wire.AssertNull(details, "handle_time");

        // 3–5: accept, submit solution, confirm — data null, status moving on
        foreach (var id in new[] { 3, 4, 5 })
        {
            Wire.AssertOk(answers[id]);
            Assert.Equal(JsonValueKind.Null, answers[id].Data.ValueKind);
        }
        var history = await api.HistoryAsync(StoreSeeding.SeedNumber);
        Assert.Equal([Statuses.Triggered, Statuses.Acknowledged, Statuses.Resolved, Statuses.Completed],
            history.EnumerateArray().Select(e => e.Str("to_status")));
        Assert.Equal(Statuses.Completed, await api.StatusAsync(StoreSeeding.SeedNumber));

        // 6: list, page 1 of 10
        Wire.AssertOk(answers[6]);
        Assert.Equal(2, Wire.AssertInteger(answers[6].Data, "total"));
        var items = answers[6].Data.GetProperty("IncidentSimpleTicketInfos").EnumerateArray().ToList();
        Assert.Equal([created, StoreSeeding.SeedNumber], items.Select(i => i.Str("ticket_id")));
        Wire.AssertString(items[0], "enterprise_project", "0");

        // 7: histories, newest first
        Wire.AssertOk(answers[7]);
        Assert.Equal(4, Wire.AssertInteger(answers[7].Data, "total"));
        var info = answers[7].Data.GetProperty("info").EnumerateArray().ToList();
        Assert.Equal(["confirm", "commitSolution1", "acceptedIncident1", "create"], info.Select(e => e.Str("action")));
        Assert.All(info, e => Wire.AssertKind(e, "id", JsonValueKind.String));
        Assert.All(info, e => Wire.AssertString(e, "operator", People.Oncall));
        Wire.AssertString(info[0], "comment", "verified ok");

        // 8: multipart upload, answered with both key sets
        var upload = answers[8];
        Assert.True(upload.Status == HttpStatusCode.OK, upload.ToString());
        Wire.AssertString(upload.Json, "provider_code", "049");
        Wire.AssertString(upload.Json, "code", Wire.Success);
        Wire.AssertString(upload.Json, "error_code", Wire.Success);
        Wire.AssertNull(upload.Json, "msg");
        Wire.AssertNull(upload.Json, "error_msg");
        Assert.False(string.IsNullOrEmpty(upload.Data.Str("doc_id")));
        Wire.AssertString(upload.Data, "doc_name", "note-gqy65p42.txt");
        var download = await api.GetAsync("/v1/external/incident/attachments/" + upload.Data.Str("doc_id"));
        Assert.Equal("hello from sdk_client.py\n"u8.ToArray(), download.Bytes);
    }

    internal static async Task<WireResponse> SendAsync(HttpClient http, SdkRequest row, bool withAuthorization)
    {
        var raw = new Uri(http.BaseAddress!.GetLeftPart(UriPartial.Authority) + row.Target, new UriCreationOptions { DangerousDisablePathAndQueryCanonicalization = true });
        using var request = new HttpRequestMessage(new HttpMethod(row.Method), raw);
        var contentType = row.Header("Content-Type");
        if (row.Body.Length > 0 || contentType is not null)
        {
            request.Content = new ByteArrayContent(row.Body);
        }
        foreach (var (name, value) in row.Headers)
        {
            if (TransportHeaders.Contains(name)) continue;
            if (!withAuthorization && name is "Authorization" or "X-Sdk-Date" or "X-Sdk-Content-Sha256") continue;
            if (name.Equals("Host", StringComparison.OrdinalIgnoreCase)) request.Headers.Host = value;
            else if (name.Equals("Content-Type", StringComparison.OrdinalIgnoreCase)) request.Content!.Headers.TryAddWithoutValidation(name, value);
            else Assert.True(request.Headers.TryAddWithoutValidation(name, value), $"row {row.Id}: could not send {name}");
        }
        using var response = await http.SendAsync(request);
        var wire = await WireResponse.ReadAsync(response);
        Assert.False(string.IsNullOrEmpty(wire.RequestId), $"row {row.Id} answered without X-Request-Id");
        Assert.True(wire.Status == HttpStatusCode.OK, $"row {row.Id} ({row.Method} {row.Target}): {wire}");
        return wire;
    }
}
