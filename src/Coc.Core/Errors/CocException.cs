namespace Coc.Core.Errors;

/// <summary>A failure that reaches the caller as an HTTP status with a COC error code.</summary>
public sealed class CocException(int httpStatus, string errorCode, string message) : Exception(message)
{
    public int HttpStatus { get; } = httpStatus;
    public string ErrorCode { get; } = errorCode;
}
