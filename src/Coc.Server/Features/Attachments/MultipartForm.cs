using Coc.Core.Errors;
using Microsoft.Net.Http.Headers;

namespace Coc.Server.Features.Attachments;

/// <summary>
/// Reads an upload's form. The framework throws <see cref="InvalidDataException"/> or <see cref="IOException"/> for a
/// body that is not well-formed multipart; those are the client's fault, so they become a 400 saying what is wrong.
/// </summary>
public static class MultipartForm
{
    /// <summary>As FormOptions.MultipartBoundaryLengthLimit (RFC 2046 itself allows 70).</summary>
    private const int MaxBoundaryLength = 128;

    private const string NotMultipart = "the request body is not valid multipart/form-data";

    public static async Task<IFormCollection> ReadAsync(HttpRequest request, CancellationToken ct)
    {
        if (!request.HasFormContentType)
            throw CocErrors.Invalid("the request must be multipart/form-data with a part named file");
        var boundary = MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
            ? HeaderUtilities.RemoveQuotes(type.Boundary).Length : 0;
        if (boundary == 0) throw CocErrors.Invalid($"{NotMultipart}: the Content-Type has no boundary");
        if (boundary > MaxBoundaryLength)
            throw CocErrors.Invalid($"{NotMultipart}: the boundary must be at most {MaxBoundaryLength} characters");
        try
        {
            return await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException e) // a limit (values, header length) or a malformed part
        {
            throw CocErrors.Invalid($"{NotMultipart}: {WithoutClientBytes(e.Message)}");
        }
        catch (IOException e) when (e is not BadHttpRequestException && !ct.IsCancellationRequested)
        {
            throw CocErrors.Invalid($"{NotMultipart}: it ends before the closing boundary");
        }
    }

    /// <summary>The framework's message up to its first colon: after it, some quote the offending header value
    /// ("Form section has invalid Content-Disposition value: …"), which is the client's bytes.</summary>
    private static string WithoutClientBytes(string message) => message.Split(':', 2)[0].TrimEnd('.');
}
