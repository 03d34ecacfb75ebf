namespace Coc.Core.Auth.Signing;

/// <summary>The API gateway's own wording, so clients matching on it keep working.</summary>
public static class SigningMessages
{
    public const string SignatureExpired =
        "Incorrect IAM authentication information: calc ak sk signature fail:signature expired";

    public const string SignatureMismatch =
        "Incorrect IAM authentication information: verify aksk signature fail";
}
