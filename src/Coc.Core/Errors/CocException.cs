namespace Coc.Core.Errors;

/// <summary>A failure that reaches the caller as an HTTP status with a COC error code.</summary>
public sealed class CocException(int httpStatus, string errorCode, string message, int? retryAfterSeconds = null) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;
    public string ErrorCode { get; } = errorCode;

    /// <summary>Sent as <c>Retry-After</c> when set: the failure is temporary and the request may be sent again.</summary>
    public int? RetryAfterSeconds { get; } = retryAfterSeconds;
}
