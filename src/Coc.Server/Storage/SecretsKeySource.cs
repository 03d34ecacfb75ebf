using Coc.Core.Storage.Encryption;
using Coc.Server.Hosting;

namespace Coc.Server.Storage;

/// <summary>
/// Where the key ring for secrets at rest comes from: <c>COC_SECRETS_KEY</c> (base64 keys, comma-separated, the
/// current first: for a mounted secret or several instances on one PostgreSQL), else the key file
/// (<c>Coc:SecretsKeyFile</c>, default <c>secrets.key</c> beside the SQLite file, made 0600 with a random key on first
/// start). A <c>:memory:</c> database without either gets a key that lives as long as the process, as its data does.
/// </summary>
public static class SecretsKeySource
{
    public const string EnvironmentVariable = "COC_SECRETS_KEY";

    public static SecretsKeyRing Load(ServerOptions options)
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } keys) return SecretsKeyRing.Parse(keys);
        return options.SecretsKeyPath is { } path ? SecretsKeyFile.LoadOrCreate(path) : SecretsKeyRing.Generate();
    }

    public static string Describe(ServerOptions options) =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } ? EnvironmentVariable
        : options.SecretsKeyPath ?? "a key for this process only";
}
