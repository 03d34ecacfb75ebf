using System.Text;

namespace Coc.Server.Tests.BadBytes;

/// <summary>
/// Malformed multipart uploads (hardening item 4): a 400 in the upload's envelope saying what is wrong with the
/// multipart body, nothing stored, and a quiet log.
/// </summary>
public sealed class BadMultipartTests(BadBytesServer server) : IClassFixture<BadBytesServer>
{
    private const string Path = "/v1/external/incident/attachments";
    private const string Boundary = "coc-boundary";
    private static readonly string M = BadBytesTests.Marker;

    private readonly CocApi _api = server.Api();

    private static byte[] Part(string headers, string content) =>
        Encoding.UTF8.GetBytes($"--{Boundary}\r\n{headers}\r\n\r\n{content}\r\n");

    private static readonly byte[] FilePart = Part("Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt\"\r\nContent-Type: text/plain",
        "disk usage at 97% " + M);

    private static byte[] Closed(params byte[][] parts) => [.. parts.SelectMany(p => p), .. Encoding.UTF8.GetBytes($"--{Boundary}--\r\n")];

    private static readonly string Form = $"multipart/form-data; boundary={Boundary}";

    /// <summary>Each case: Content-Type and body.</summary>
    public static readonly Dictionary<string, Func<(string ContentType, byte[] Body)>> Cases = new()
    {
        ["no-boundary"] = () => ("multipart/form-data", Closed(FilePart)),
        ["empty-boundary"] = () => ("multipart/form-data; boundary=\"\"", Closed(FilePart)),
        ["boundary-of-129-characters"] = () => ($"multipart/form-data; boundary={new string('b', 129)}", Closed(FilePart)),
        ["truncated-in-the-file"] = () => (Form, FilePart[..(FilePart.Length - 10)]),
        ["no-closing-boundary"] = () => (Form, FilePart),
        ["not-multipart-at-all"] = () => (Form, Encoding.UTF8.GetBytes("{\"file\":\"" + M + "\"}")),
        ["unclosed-quote-in-content-disposition"] = () => (Form, Closed(
            Part("Content-Disposition: form-data; name=\"file\"; filename=\"notes.txt", "disk usage " + M))),
        ["content-disposition-without-name"] = () => (Form, Closed(Part("Content-Disposition: ;;;=", M), FilePart)),
        ["part-without-headers"] = () => (Form, Closed(Part("", M), FilePart)),
        ["1025-values"] = () => (Form, Closed([.. Enumerable.Range(0, 1025).Select(i => Part($"Content-Disposition: form-data; name=\"v{i}\"", M)), FilePart])),
        ["part-header-of-20000-bytes"] = () => (Form, Closed(Part("X-Long: " + new string('h', 20_000), M), FilePart)),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task A_malformed_multipart_body_is_a_400_naming_it(string name)
    {
        var (contentType, body) = Cases[name]();
        await server.EnsureProjectAsync(_api.Project!);
        var before = await server.DumpStorageAsync();

        var (response, lines) = await server.LoggedWhileAsync(() => _api.SendAsync(HttpMethod.Post, Path, CocApi.Raw(body, contentType)));

        Wire.AssertInvalid(response, "multipart");
        Wire.AssertString(response.Json, "code", Wire.InvalidParameter);
        Assert.Equal(before, await server.DumpStorageAsync());
        LogAssert.Quiet(lines);
    }

    [Fact]
    public async Task A_refused_part_header_is_not_echoed_back()
    {
        var body = Closed(Part($"Content-Disposition: form-data; name=\"{M}", "x"), FilePart);
        await server.EnsureProjectAsync(_api.Project!);

        var response = await _api.SendAsync(HttpMethod.Post, Path, CocApi.Raw(body, Form));

        Wire.AssertInvalid(response, "Content-Disposition");
        Assert.DoesNotContain(M, response.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(new byte[] { 0x49, 0x4d, 0xc3, 0x28 })] // "IM" and a broken two-byte sequence
    [InlineData(new byte[] { 0x49, 0x4d, 0x00, 0x31 })] // a NUL
    [InlineData(new byte[] { 0xed, 0xb0, 0x80 })]       // an encoded lone surrogate
    public async Task An_incident_num_part_that_is_not_clean_text_is_a_400_naming_it_and_stores_nothing(byte[] value)
    {
        byte[] numberPart = [.. Encoding.ASCII.GetBytes($"--{Boundary}\r\nContent-Disposition: form-data; name=\"incident_num\"\r\n\r\n"),
            .. value, .. "\r\n"u8];
        var body = Closed(numberPart, FilePart);
        await server.EnsureProjectAsync(_api.Project!);
        var before = await server.DumpStorageAsync();

        var response = await _api.SendAsync(HttpMethod.Post, Path, CocApi.Raw(body, Form));

        Wire.AssertInvalid(response, "incident_num");
        Assert.Equal(before, await server.DumpStorageAsync());
    }

    [Theory]
    [InlineData("nul\u0000.txt")]
    [InlineData("tab\t.txt")]
    [InlineData("del\u007f.txt")]
    public async Task A_file_name_with_a_control_character_is_a_400_naming_it_and_stores_nothing(string escaped)
    {
        var fileName = System.Text.RegularExpressions.Regex.Unescape(escaped);
        var body = Closed(Part($"Content-Disposition: form-data; name=\"file\"; filename=\"{fileName}\"\r\nContent-Type: text/plain", "disk usage"));
        await server.EnsureProjectAsync(_api.Project!);
        var before = await server.DumpStorageAsync();

        var response = await _api.SendAsync(HttpMethod.Post, Path, CocApi.Raw(body, Form));

        Wire.AssertInvalid(response, "file name");
        Assert.Equal(before, await server.DumpStorageAsync());
    }
}
