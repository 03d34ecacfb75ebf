using System.Net;

namespace Coc.Client;

/// <summary>
/// The service refused a request: its HTTP status, the COC <c>error_code</c> and <c>error_msg</c> (from the envelope or the
/// gateway's body), and the <c>X-Request-Id</c> the service answered with (quote it when reporting a problem).
/// </summary>
public sealed class CocApiException(HttpStatusCode httpStatus, string errorCode, string? errorMessage, string? requestId, string? body)
    : Exception($"COC {(int)httpStatus} {errorCode}: {errorMessage}" + (requestId is null ? "" : $" (request id {requestId})"))
{
    public HttpStatusCode HttpStatus { get; } = httpStatus;
    public string ErrorCode { get; } = errorCode;
    public string? ErrorMessage { get; } = errorMessage;
    public string? RequestId { get; } = requestId;

    /// <summary>The answer's body as received (e.g. a signature mismatch's <c>canonical_request</c> in emulator mode).</summary>
    public string? ResponseBody { get; } = body;
}
