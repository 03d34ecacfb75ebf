namespace Coc.Cli.Connection;

/// <summary>The service answered with an error: its HTTP status, <c>error_code</c>, <c>error_msg</c> and <c>X-Request-Id</c>.</summary>
public sealed class CocApiException(int status, string? errorCode, string? errorMessage, string? requestId)
    : Exception($"HTTP {status} {errorCode}: {errorMessage}")
{
    public int Status { get; } = status;
    public string? ErrorCode { get; } = errorCode;
    public string? ErrorMessage { get; } = errorMessage;
    public string? RequestId { get; } = requestId;
}

/// <summary>What the user must fix on the command line or in the environment (exit code 2).</summary>
public sealed class UsageException(string message) : Exception(message);
