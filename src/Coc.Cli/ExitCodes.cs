namespace Coc.Cli;

/// <summary>What <c>coc</c> exits with, by class of outcome (README, CLI, Exit codes).</summary>
public static class ExitCodes
{
    public const int Ok = 0;
    /// <summary>Anything not classified below (a bug, an unreadable file).</summary>
    public const int Failure = 1;
    /// <summary>The command line is wrong: unknown command or option, missing or bad value, no credentials where needed.</summary>
    public const int Usage = 2;
    /// <summary>401 or 403: the credentials were refused or lack a permission.</summary>
    public const int Auth = 3;
    /// <summary>Any other 4xx (invalid parameters, ticket or API not found, too large, throttled).</summary>
    public const int ClientError = 4;
    /// <summary>409: the operation is not allowed in the ticket's state, or a concurrent update won.</summary>
    public const int Conflict = 5;
    /// <summary>5xx, or the service could not be reached (refused, timed out, not HTTP).</summary>
    public const int ServerOrNetwork = 6;
    /// <summary>Interrupted with Ctrl-C (SIGINT), as shells report 128 + 2.</summary>
    public const int Interrupted = 130;

    public static int ForStatus(int status) => status switch
    {
        401 or 403 => Auth,
        409 => Conflict,
        >= 400 and < 500 => ClientError,
        _ => ServerOrNetwork,
    };
}
