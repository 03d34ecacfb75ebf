using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coc.Server.Tests;

/// <summary>POST /v1/external/incident/attachments and the download of a doc (api.md, Attachments).</summary>
public sealed class AttachmentTests(SecureServer server) : IClassFixture<SecureServer>
{
    private readonly CocApi _api = server.Api();

    /// <summary>A real 1×1 PNG.</summary>
    private static readonly byte[] Png = Convert.FromBase64String(
        "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==");

    private static readonly byte[] Text = Encoding.UTF8.GetBytes("disk usage at 97% on db-1\nrotated logs at 10:02 — 恢复\n");

    private static byte[] Docx(bool withContentTypes = true)
    {
        using var stream = new MemoryStream();
        using (var zip = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true))
        {
            if (withContentTypes)
            {
                using var w = new StreamWriter(zip.CreateEntry("[Content_Types].xml").Open());
                w.Write("<?xml version=\"1.0\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>");
            }
            using var d = new StreamWriter(zip.CreateEntry("word/document.xml").Open());
            d.Write("<w:document/>");
        }
        return stream.ToArray();
    }

    /// <summary>The upload answer: every key of both models, success values, data.doc_id and data.doc_name.</summary>
    private static string AssertUploaded(WireResponse r, string name)
    {
        Assert.True(r.Status == HttpStatusCode.OK, r.ToString());
        Wire.AssertString(r.Json, "provider_code", "049");
        Wire.AssertString(r.Json, "code", Wire.Success);
        Wire.AssertNull(r.Json, "msg");
        Wire.AssertString(r.Json, "error_code", Wire.Success);
        Wire.AssertNull(r.Json, "error_msg");
        Wire.AssertString(r.Data, "doc_name", name);
        var docId = r.Data.Str("doc_id");
        Assert.False(string.IsNullOrWhiteSpace(docId));
        return docId;
    }

    /// <summary>An upload error carries both key sets with the same values, and data null.</summary>
    private static void AssertUploadRefused(WireResponse r, HttpStatusCode status, string code, string? messageContains = null)
    {
        Assert.True(r.Status == status, $"expected {(int)status} {code}: {r}");
        Wire.AssertString(r.Json, "provider_code", "049");
        Wire.AssertString(r.Json, "code", code);
        Wire.AssertString(r.Json, "error_code", code);
        Wire.AssertKind(r.Json, "msg", JsonValueKind.String);
        Wire.AssertKind(r.Json, "error_msg", JsonValueKind.String);
        Assert.Equal(r.Json.Str("msg"), r.Json.Str("error_msg"));
        Wire.AssertNull(r.Json, "data");
        if (messageContains is not null) Assert.Contains(messageContains, r.Json.Str("error_msg"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("notes.txt", "text/plain")]
    [InlineData("screen.png", "image/png")]
    [InlineData("report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    public async Task A_linked_upload_shows_in_details_and_downloads_byte_identical(string name, string contentType)
    {
        var content = name.EndsWith(".png", StringComparison.Ordinal) ? Png : name.EndsWith(".docx", StringComparison.Ordinal) ? Docx() : Text;
        var number = await _api.CreateAsync();
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        var docId = AssertUploaded(await _api.UploadAsync(name, content, number), name);

        var attachments = (await _api.TicketAsync(number)).GetProperty("attachments").EnumerateArray().ToList();
        var entry = Assert.Single(attachments);
        Wire.AssertString(entry, "doc_id", docId);
        Wire.AssertString(entry, "doc_name", name);
        Assert.Equal(content.Length, Wire.AssertInteger(entry, "size"));
        Assert.True(Wire.AssertInteger(entry, "uploaded_at") >= before - 1000);
        var download = await _api.GetAsync("/v1/external/incident/attachments/" + docId);
        Assert.Equal(HttpStatusCode.OK, download.Status);
        Assert.Equal(content, download.Bytes);
        Assert.StartsWith(contentType, download.ContentType, StringComparison.Ordinal);
        Assert.Contains(name, download.ContentDisposition ?? "", StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unlinked_upload_is_linked_by_commitSolution1_resolve_attachments()
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        var docId = AssertUploaded(await _api.UploadAsync("evidence.png", Png), "evidence.png");
        Assert.Equal(0, (await _api.TicketAsync(number)).GetProperty("attachments").GetArrayLength());

        var solution = Bodies.Solution();
        solution["resolve_attachments"] = new JsonArray(docId);
        await _api.DoAsync(number, People.Alice, "commitSolution1", solution);

        var entry = Assert.Single((await _api.TicketAsync(number)).GetProperty("attachments").EnumerateArray());
        Wire.AssertString(entry, "doc_id", docId);
        Assert.Equal(Png, (await _api.GetAsync("/v1/external/incident/attachments/" + docId)).Bytes);
    }

    [Fact]
    public async Task A_doc_linked_to_one_ticket_cannot_be_linked_to_another()
    {
        var first = await _api.CreateAsync();
        var second = await _api.CreateAsync();
        await _api.DoAsync(second, People.Alice, "acceptedIncident1");
        var docId = AssertUploaded(await _api.UploadAsync("a.txt", Text, first), "a.txt");
        var solution = Bodies.Solution();
        solution["resolve_attachments"] = new JsonArray(docId);

        Wire.AssertInvalid(await _api.HandleAsync(second, People.Alice, "commitSolution1", solution), docId);

        Assert.Equal(Statuses.Acknowledged, await _api.StatusAsync(second));
        Assert.Equal(0, (await _api.TicketAsync(second)).GetProperty("attachments").GetArrayLength());
    }

    [Theory]
    [InlineData("fake.png", "text")]
    [InlineData("fake.jpg", "png")]
    [InlineData("fake.pdf", "text")]
    [InlineData("fake.docx", "zip without content types")]
    [InlineData("binary.txt", "nul")]
    [InlineData("latin1.txt", "invalid utf-8")]
    public async Task Content_that_does_not_match_its_extension_is_400_with_both_key_sets(string name, string content)
    {
        var bytes = content switch
        {
            "text" => Text,
            "png" => Png,
            "zip without content types" => Docx(withContentTypes: false),
            "nul" => [0x61, 0x00, 0x62],
            _ => [0x63, 0x61, 0x66, 0xE9, 0x0A],
        };
        var number = await _api.CreateAsync();

        AssertUploadRefused(await _api.UploadAsync(name, bytes, number), HttpStatusCode.BadRequest, Wire.InvalidParameter);

        Assert.Equal(0, (await _api.TicketAsync(number)).GetProperty("attachments").GetArrayLength());
    }

    [Theory]
    [InlineData("tool.exe")]
    [InlineData("script.sh")]
    [InlineData("noextension")]
    public async Task A_file_type_not_allowed_is_400(string name)
    {
        AssertUploadRefused(await _api.UploadAsync(name, Text), HttpStatusCode.BadRequest, Wire.InvalidParameter);
    }

    [Fact]
    public async Task An_eleventh_attachment_on_one_ticket_is_400()
    {
        var number = await _api.CreateAsync();
        for (var i = 1; i <= 10; i++)
            AssertUploaded(await _api.UploadAsync($"part-{i}.txt", Text, number), $"part-{i}.txt");

        AssertUploadRefused(await _api.UploadAsync("part-11.txt", Text, number), HttpStatusCode.BadRequest, Wire.InvalidParameter);

        Assert.Equal(10, (await _api.TicketAsync(number)).GetProperty("attachments").GetArrayLength());
    }

    [Fact]
    public async Task Linking_past_ten_through_resolve_attachments_is_400()
    {
        var number = await _api.CreateAsync();
        await _api.DoAsync(number, People.Alice, "acceptedIncident1");
        for (var i = 1; i <= 10; i++) AssertUploaded(await _api.UploadAsync($"part-{i}.txt", Text, number), $"part-{i}.txt");
        var extra = AssertUploaded(await _api.UploadAsync("extra.txt", Text), "extra.txt");
        var solution = Bodies.Solution();
        solution["resolve_attachments"] = new JsonArray(extra);

        Wire.AssertInvalid(await _api.HandleAsync(number, People.Alice, "commitSolution1", solution));

        Assert.Equal(Statuses.Acknowledged, await _api.StatusAsync(number));
    }

    [Fact]
    public async Task A_file_over_10_MB_is_413_APIGW_0201()
    {
        var big = new byte[10 * 1024 * 1024 + 1];
        Array.Fill(big, (byte)'a');

        var response = await _api.UploadAsync("big.txt", big);

        Wire.AssertGateway(response, HttpStatusCode.RequestEntityTooLarge, Wire.TooLarge);
    }

    [Fact]
    public async Task An_upload_naming_a_missing_or_foreign_ticket_is_COC_00067003_with_both_key_sets()
    {
        var foreign = await server.Api().CreateAsync();

        AssertUploadRefused(await _api.UploadAsync("a.txt", Text, "IM202001010000000000000000"), HttpStatusCode.BadRequest, Wire.TicketNotFound);
        AssertUploadRefused(await _api.UploadAsync("a.txt", Text, foreign), HttpStatusCode.BadRequest, Wire.TicketNotFound);
    }

    [Fact]
    public async Task An_upload_that_is_not_multipart_is_400_with_both_key_sets()
    {
        // The path and method exist, so this is not "no such API" (404 APIGW.0101) but an invalid request.
        var response = await _api.PostAsync("/v1/external/incident/attachments", "{\"file\":\"x\"}");

        AssertUploadRefused(response, HttpStatusCode.BadRequest, Wire.InvalidParameter);
    }

    [Fact]
    public async Task A_multipart_upload_without_the_file_part_is_400_naming_it()
    {
        using var form = new MultipartFormDataContent { { new ByteArrayContent(Text), "document", "a.txt" } };

        var response = await _api.SendAsync(HttpMethod.Post, "/v1/external/incident/attachments", form);

        AssertUploadRefused(response, HttpStatusCode.BadRequest, Wire.InvalidParameter, "file");
    }

    [Fact]
    public async Task A_multipart_body_over_12_MB_is_413_APIGW_0201()
    {
        const string boundary = "f61df07bd6884f52ae690fe4c95bbed0";
        var body = Encoding.ASCII.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.txt\"\r\n\r\n")
            .Concat(Enumerable.Repeat((byte)'a', 13 * 1024 * 1024)).Concat(Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n")).ToArray();
        var headers = new[]
        {
            KeyValuePair.Create("Content-Type", "multipart/form-data; boundary=" + boundary),
            KeyValuePair.Create("X-Project-Id", "default"),
            KeyValuePair.Create("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"), // as the SDK signs uploads
        };

        var response = await RawHttp.SendPartialAsync(_api.Http.BaseAddress!, "POST", "/v1/external/incident/attachments", headers, body, 64 * 1024, TestKey.Suite);

        Wire.AssertGateway(response, HttpStatusCode.RequestEntityTooLarge, Wire.TooLarge);
    }

    [Fact]
    public async Task A_doc_of_another_project_does_not_download()
    {
        var docId = AssertUploaded(await _api.UploadAsync("private.txt", Text), "private.txt");

        var response = await server.Api().GetAsync("/v1/external/incident/attachments/" + docId);

        Assert.Equal(HttpStatusCode.BadRequest, response.Status);
        Assert.DoesNotContain("disk usage", response.Text, StringComparison.Ordinal);
        Wire.AssertString(response.Json, "error_code", Wire.InvalidParameter);
    }
}
