using System.Globalization;
using Coc.Core.Errors;
using Coc.Server.Wire;

namespace Coc.Server.Http;

/// <summary>
/// Every response carries <c>X-Request-Id</c>; every failure becomes a COC error body. Rule violations carry
/// their own status and code; anything unexpected is a 500 <c>GOM.00007299</c> naming only the request id.
/// </summary>
public sealed class ErrorHandlingMiddleware(RequestDelegate next, ILogger<ErrorHandlingMiddleware> log)
{
    /// <summary>The path as logs write it: an ingestion path's integration key is a credential, written <c>***</c>.</summary>
    public static string LoggedPath(HttpContext http) => Coc.Core.Alarms.IntegrationKeys.MaskInPath(http.Request.Path.Value ?? "");

    public async Task InvokeAsync(HttpContext http)
    {
        var requestId = Guid.NewGuid().ToString("N");
        http.TraceIdentifier = requestId;
        http.Response.Headers["X-Request-Id"] = requestId;
        using var answering = KestrelErrorBodies.AppAnswering(http);
        try
        {
            await next(http);
        }
        catch (CocException e) when (!http.Response.HasStarted)
        {
            if (e.RetryAfterSeconds is { } seconds) http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await WireResults.WriteErrorAsync(http, e.HttpStatus, e.ErrorCode, e.Message);
        }
        catch (BadHttpRequestException e) when (!http.Response.HasStarted)
        {
            var (code, message) = e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? (CocErrors.TooLargeCode, "Request entity too large")
                : (CocErrors.InvalidParameterCode, "bad request: " + e.Message);
            await WireResults.WriteErrorAsync(http, e.StatusCode, code, message);
        }
        catch (System.Data.Common.DbException e) when (e.IsTransient && !http.Response.HasStarted)
        {
            // A dropped connection or a database going away before any commit was sent (a commit cut off is resolved
            // by the store): nothing was applied, retry.
            log.LogWarning("Database unavailable in {Method} {Path} (request id {RequestId}): {Message}",
                http.Request.Method, LoggedPath(http), requestId, e.Message);
            var notApplied = CocErrors.NotApplied();
            http.Response.Headers.RetryAfter = notApplied.RetryAfterSeconds!.Value.ToString(CultureInfo.InvariantCulture);
            await WireResults.WriteErrorAsync(http, notApplied.HttpStatus, notApplied.ErrorCode, $"{notApplied.Message}. Request id {requestId}");
        }
        catch (Coc.Core.Storage.Encryption.SecretsKeyException e) when (!http.Response.HasStarted)
        {
            // The operator's to fix (the key ring this server was given cannot read a stored secret): no trace, no secret.
            log.LogWarning("A stored secret cannot be read with this server's secrets key ring (request id {RequestId}): {Message}",
                requestId, e.Message);
            http.Response.Headers.RetryAfter = "60";
            await WireResults.WriteErrorAsync(http, 503, CocErrors.InternalCode,
                $"The service's secrets key cannot read a stored credential; the operator must restart it with the right key ring. Request id {requestId}");
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; nothing to answer.
        }
        catch (Exception e) when (!http.Response.HasStarted)
        {
            log.LogError(e, "Unhandled error in {Method} {Path} (request id {RequestId})", http.Request.Method, LoggedPath(http), requestId);
            await WireResults.WriteErrorAsync(http, 500, CocErrors.InternalCode, $"Internal server error; request id {requestId}");
        }
    }
}
