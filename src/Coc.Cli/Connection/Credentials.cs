namespace Coc.Cli.Connection;

/// <summary>How requests are authenticated: AK/SK signing (with an optional security token), an IAM token, or
/// nothing (an emulator accepts unsigned requests).</summary>
public sealed record Credentials(string? AccessKey, string? SecretKey, string? SecurityToken, string? Token)
{
    public static readonly Credentials None = new(null, null, null, null);

    public bool Signs => AccessKey is not null && SecretKey is not null;

    public string Describe() => Token is not null ? "token" : Signs ? $"AK {AccessKey}" : "none";
}
