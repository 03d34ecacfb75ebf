using System.Text.Json;
using Coc.Core.Auth;
using Coc.Core.Storage;
using Coc.Server.Hosting;

namespace Coc.Server.Auth;

/// <summary>
/// Secure mode, first start, no credentials anywhere: creates the default domain and project, an admin key
/// pair and an admin user, and writes them to a 0600 file. Only the file's path is logged.
/// </summary>
public sealed class AdminBootstrap(IAuthStore store, Tenancy tenancy, PasswordHasher hasher, ServerOptions options, ILogger<AdminBootstrap> log)
{
    /// <summary>The preset directory's administrator (auth.md: the first-start admin user is bound to person 1).</summary>
    public const string AdminPerson = "1";

    public async Task RunAsync(CancellationToken ct)
    {
        await tenancy.EnsureDomainAsync(Tenancy.DefaultDomain, Tenancy.DefaultProject, ct);
        if (options.Emulator || tenancy.HasConfiguredKeys || await store.HasAnyAccessKeyAsync(ct)) return;

        var key = new AccessKey(Secrets.NewAccessKeyId(), Secrets.NewSecretKey(), Tenancy.DefaultDomain, null, [Permissions.All],
            Description: "first-start admin key");
        var password = Secrets.NewSecretKey();
        var user = new User(Secrets.NewId(), "admin", Tenancy.DefaultDomain, hasher.Hash(password), [Permissions.All],
            ProjectId: null, PersonId: AdminPerson);
        var path = options.AdminCredentialsPath;
        if (OperatingSystem.IsWindows()) throw new PlatformNotSupportedException("secure-mode bootstrap writes a 0600 file; run on Linux or macOS");
        WriteSecretFile(path, new Dictionary<string, string>
        {
            ["access_key"] = key.Id, ["secret_key"] = key.Secret, ["domain"] = Tenancy.DefaultDomain,
            ["project_id"] = Tenancy.DefaultProject, ["user"] = user.Name, ["password"] = password,
        });
        await store.SaveAccessKeyAsync(key, ct);
        if (await store.FindUserAsync(Tenancy.DefaultDomain, user.Name, ct) is null) await store.SaveUserAsync(user, ct);
        log.LogWarning("First start in secure mode: admin credentials were written to {Path} (mode 0600)", path);
    }

    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public static void WriteSecretFile(string path, Dictionary<string, string> values) =>
        PrivateFiles.Replace(path, JsonSerializer.Serialize(values, AdminJsonContext.Default.DictionaryStringString));
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(WriteIndented = true)]
[System.Text.Json.Serialization.JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class AdminJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
