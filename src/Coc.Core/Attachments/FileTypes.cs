using System.IO.Compression;

namespace Coc.Core.Attachments;

/// <summary>The accepted file types (jpg, png, docx, txt, pdf), checked by extension and by content.</summary>
public static class FileTypes
{
    public static readonly IReadOnlyList<string> Extensions = ["jpg", "jpeg", "png", "docx", "txt", "pdf"];

    private const string Jpeg = "image/jpeg";
    private const string Png = "image/png";
    private const string Pdf = "application/pdf";
    private const string Text = "text/plain; charset=utf-8";
    private const string Docx = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

    /// <summary>Every content type a stored file can have (a download answers with one of these).</summary>
    public static readonly IReadOnlyList<string> ContentTypes = [Jpeg, Png, Pdf, Text, Docx];

    /// <summary>The content type for a file whose name and bytes agree, or an error naming what is wrong.</summary>
    public static (string? ContentType, string? Error) Check(string fileName, ReadOnlySpan<byte> content)
    {
        var ext = Path.GetExtension(fileName).TrimStart('.').ToLowerInvariant();
        var (contentType, matches) = ext switch
        {
            "jpg" or "jpeg" => (Jpeg, content.StartsWith((byte[])[0xFF, 0xD8, 0xFF])),
            "png" => (Png, content.StartsWith((byte[])[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])),
            "pdf" => (Pdf, content.StartsWith("%PDF-"u8)),
            "txt" => (Text, IsUtf8Text(content)),
            "docx" => (Docx, IsOfficeZip(content)),
            _ => (null, false),
        };
        if (contentType is null)
            return (null, $"file type .{ext} is not allowed; allowed: {string.Join(", ", Extensions)}");
        return matches ? (contentType, null) : (null, $"file content does not match its .{ext} extension");
    }

    private static bool IsUtf8Text(ReadOnlySpan<byte> content) =>
        !content.Contains((byte)0) && System.Text.Unicode.Utf8.IsValid(content);

    private static bool IsOfficeZip(ReadOnlySpan<byte> content)
    {
        if (!content.StartsWith("PK\u0003\u0004"u8)) return false;
        try
        {
            using var zip = new ZipArchive(new MemoryStream(content.ToArray()), ZipArchiveMode.Read);
            return zip.GetEntry("[Content_Types].xml") is not null;
        }
        catch (InvalidDataException)
        {
            return false;
        }
    }
}
