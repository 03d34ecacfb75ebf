using Coc.Core.Auth;
using Coc.Core.Storage;
using Coc.Core.Storage.Encryption;
using Coc.Server.Hosting;

namespace Coc.Server.Auth;

/// <summary>
/// <c>coc-incident admin &lt;command&gt; [--option value]…</c>: keys, users, projects and permissions, acting
/// directly on the configured database. Secrets are printed once, to standard output, never logged.
/// </summary>
public static class AdminCommands
{
    public const string Usage = """
        usage: coc-incident admin <command> [options] [--data PATH]
          create-key      --project ID | --domain NAME  [--permissions LIST] [--access-key AK --secret-key SK] [--security-token T]
          list-keys
          delete-key      --access-key AK
          create-domain   --name NAME
          create-project  --name NAME [--id ID] [--domain NAME]
          create-user     --name NAME (--password-stdin | --password P) [--domain NAME] [--permissions LIST]
          revoke-tokens   --user NAME [--domain NAME]
          rotate-secrets-key   (a new current key in the key file, old keys kept; every secret re-encrypted with it)
        LIST is comma-separated: coc:ticket:create, coc:ticket:get, coc:ticket:list, coc:ticket:action,
        coc:ticket:getOperationHistories, coc:ticket:uploadFile, coc:admin, coc:ticket:*, coc:*
        """;

    public static async Task<int> RunAsync(string[] args, ServerOptions options, TextWriter stdout, TextReader stdin)
    {
        if (args.Length == 0 || args[0] is "-h" or "--help") { await stdout.WriteLineAsync(Usage); return args.Length == 0 ? 2 : 0; }
        var opts = ParseOptions(args.AsSpan(1));
        if (opts is null) { await stdout.WriteLineAsync(Usage); return 2; }

        using var store = await OpenMigratedAsync(options, stdout);
        if (store is null) return 2;
        var tenancy = new Tenancy(store, options);
        await tenancy.EnsureDomainAsync(Tenancy.DefaultDomain, Tenancy.DefaultProject, default);
        string Get(string name) => opts.TryGetValue(name, out var v) ? v : throw new ArgumentException($"--{name} is required");
        string? Opt(string name) => opts.GetValueOrDefault(name);

        try
        {
            switch (args[0])
            {
                case "create-key":
                {
                    var project = Opt("project") is { } pid ? await store.FindProjectAsync(pid) ?? throw new ArgumentException($"no project {pid}") : null;
                    var domain = project?.DomainId ?? (await store.FindDomainAsync(Opt("domain") ?? Tenancy.DefaultDomain))?.Id
                        ?? throw new ArgumentException("no such domain");
                    var key = new AccessKey(Opt("access-key") ?? Secrets.NewAccessKeyId(), Opt("secret-key") ?? Secrets.NewSecretKey(),
                        domain, project?.Id, Permissions.Parse(Opt("permissions") ?? Permissions.AllTicket), Opt("security-token"));
                    await store.SaveAccessKeyAsync(key);
                    await stdout.WriteLineAsync($"access_key={key.Id}\nsecret_key={key.Secret}\ndomain={domain}\nproject={key.ProjectId ?? "(any in domain)"}");
                    return 0;
                }
                case "list-keys":
                    foreach (var k in await store.ListAccessKeysAsync())
                        await stdout.WriteLineAsync($"{k.Id}\tdomain={k.DomainId}\tproject={k.ProjectId ?? "*"}\tpermissions={string.Join(',', k.Permissions)}");
                    return 0;
                case "delete-key":
                    return await store.DeleteAccessKeyAsync(Get("access-key")) ? 0 : Fail(stdout, "no such access key");
                case "create-domain":
                {
                    var name = Get("name");
                    var domain = await tenancy.EnsureDomainAsync(name, Secrets.NewId(), default);
                    await stdout.WriteLineAsync($"domain={domain.Id}\ndefault_project={domain.DefaultProjectId}");
                    return 0;
                }
                case "create-project":
                {
                    var domain = await store.FindDomainAsync(Opt("domain") ?? Tenancy.DefaultDomain) ?? throw new ArgumentException("no such domain");
                    var project = new Project(Opt("id") ?? Secrets.NewId(), Get("name"), domain.Id);
                    await store.SaveProjectAsync(project);
                    await stdout.WriteLineAsync($"project_id={project.Id}\nname={project.Name}\ndomain={domain.Id}");
                    return 0;
                }
                case "create-user":
                {
                    var domain = await store.FindDomainAsync(Opt("domain") ?? Tenancy.DefaultDomain) ?? throw new ArgumentException("no such domain");
                    var password = opts.ContainsKey("password-stdin") ? (await stdin.ReadLineAsync())?.TrimEnd('\r', '\n') : Opt("password");
                    if (string.IsNullOrEmpty(password)) throw new ArgumentException("a password is required (--password-stdin or --password)");
                    var existing = await store.FindUserAsync(domain.Id, Get("name"));
                    var user = new User(existing?.Id ?? Secrets.NewId(), Get("name"), domain.Id, new PasswordHasher(options.EffectivePasswordIterations).Hash(password),
                        Permissions.Parse(Opt("permissions") ?? Permissions.AllTicket));
                    await store.SaveUserAsync(user);
                    await stdout.WriteLineAsync($"user={user.Name}\ndomain={domain.Id}\npermissions={string.Join(',', user.Permissions)}");
                    return 0;
                }
                case "revoke-tokens":
                {
                    var user = await store.FindUserAsync(Opt("domain") ?? Tenancy.DefaultDomain, Get("user")) ?? throw new ArgumentException("no such user");
                    var revoked = await store.RevokeTokensAsync(null, user.Id);
                    await stdout.WriteLineAsync($"revoked={revoked}");
                    return 0;
                }
                case "rotate-secrets-key":
                    return await RotateSecretsKeyAsync(options, stdout);
                default:
                    await stdout.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (ArgumentException e)
        {
            return Fail(stdout, e.Message);
        }
    }

    /// <summary>The store with no claim on the file (the server may be running); null, with the reason printed, when
    /// the secrets key ring is malformed or lacks a key the database needs.</summary>
    private static async Task<SqlTicketStore?> OpenMigratedAsync(ServerOptions options, TextWriter stdout)
    {
        SqlTicketStore? store = null;
        try
        {
            store = StorageFactory.OpenSql(options);
            await store.MigrateAsync();
            return store;
        }
        catch (SecretsKeyException e)
        {
            store?.Dispose();
            Fail(stdout, e.Message);
            return null;
        }
    }

    /// <summary>
    /// With the key file: adds a new current key (old ones stay, so values not yet moved still read) and re-encrypts
    /// every value with it. With COC_SECRETS_KEY, which this command cannot change: re-encrypts with its first key.
    /// Run with the servers stopped (or restart them after it): a running server reads the key file only at start.
    /// </summary>
    private static async Task<int> RotateSecretsKeyAsync(ServerOptions options, TextWriter stdout)
    {
        var fromEnvironment = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(SecretsKeySource.EnvironmentVariable));
        if (!fromEnvironment && options.SecretsKeyPath is null) return Fail(stdout, "an in-memory database has no key file to rotate");
        var ring = fromEnvironment ? SecretsKeySource.Load(options) : SecretsKeySource.Load(options).WithNewCurrentKey();
        if (!fromEnvironment) SecretsKeyFile.Save(options.SecretsKeyPath!, ring); // first: a crash below leaves values readable
        using var rotated = StorageFactory.OpenSql(options, ring);
        var count = await rotated.ReencryptSecretsAsync();
        await stdout.WriteLineAsync($"key_id={ring.CurrentKeyId}\nreencrypted={count}\nkeys={SecretsKeySource.Describe(options)}");
        return 0;
    }

    private static int Fail(TextWriter stdout, string message)
    {
        stdout.WriteLine("error: " + message);
        return 1;
    }

    private static Dictionary<string, string>? ParseOptions(ReadOnlySpan<string> args)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) return null;
            var name = args[i][2..];
            if (name == "password-stdin") { result[name] = ""; continue; }
            if (i + 1 >= args.Length) return null;
            result[name] = args[++i];
        }
        return result;
    }
}
