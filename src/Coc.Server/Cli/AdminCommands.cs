using System.CommandLine;
using Coc.Core.Auth;
using Coc.Core.Reference;
using Coc.Core.Storage;
using Coc.Core.Storage.Auth;
using Coc.Core.Storage.Encryption;
using Coc.Core.Storage.Sqlite;
using Coc.Server.Auth;
using Coc.Server.Hosting;
using Coc.Server.Storage;

namespace Coc.Server.Cli;

/// <summary>
/// <c>coc-incident admin &lt;command&gt; [options]</c>: keys, users, projects and permissions, acting directly on the
/// configured database. A new credential's scope is explicit (<c>--project</c> or <c>--global</c>); replacing an existing
/// one needs <c>--force</c>; passwords come from standard input or a prompt, never from an argument. Secrets are printed
/// once, to standard output, never logged. Exit codes: 0 done, 1 refused (the message says why), 2 bad command line.
/// </summary>
public sealed partial class AdminCommands
{
    public const int MinSecretKeyLength = 20;
    private const string PermissionsHelp =
        "Comma-separated: coc:ticket:create, coc:ticket:get, coc:ticket:list, coc:ticket:action, coc:ticket:getOperationHistories, "
        + "coc:ticket:uploadFile, coc:ticket:actForOthers, coc:alarm:get, coc:alarm:list, coc:alarm:clear, "
        + "coc:alarm:listHandleHistories, coc:alarm:createAlarmLinkedIncident, coc:instance:executeDocument, coc:ticket:listActions, "
        + "coc:warroom:create, coc:warroom:list, coc:admin, coc:ticket:*, coc:alarm:*, coc:warroom:*, coc:*";

    private readonly TextWriter _stdout;
    private readonly TextWriter _stderr;
    private readonly TextReader _stdin;
    private ServerOptions _options = new();

    private readonly Option<string> _project = new("--project") { Description = "Bind to this project (by id)", HelpName = "ID" };
    private readonly Option<bool> _global = new("--global") { Description = "Bind to every project of the domain" };
    private readonly Option<string> _domain = new("--domain") { Description = "The domain (default: default)", HelpName = "NAME" };
    private readonly Option<string> _permissions = new("--permissions") { Description = PermissionsHelp, HelpName = "LIST" };
    private readonly Option<string> _person = new("--person") { Description = "The directory person the credential acts as", HelpName = "ID" };
    private readonly Option<bool> _force = new("--force") { Description = "Replace an existing one" };
    private readonly Option<string> _name = new("--name") { Required = true, HelpName = "NAME" };

    public AdminCommands(TextWriter stdout, TextWriter stderr, TextReader stdin)
    {
        (_stdout, _stderr, _stdin) = (stdout, stderr, stdin);
        Command = new Command("admin", "Administer keys, users, projects and domains in the database the server would use.")
        {
            CreateKeyCommand(), ListKeysCommand(), DeleteKeyCommand(), CreateDomainCommand(), CreateProjectCommand(),
            CreateUserCommand(), RevokeTokensCommand(), RotateSecretsKeyCommand(), WebhookCommand(),
            new IntegrationCommands(stdout, stderr, () => _options).Command,
        };
    }

    public Command Command { get; }

    /// <summary>Runs the parsed admin command against the database of <paramref name="options"/>.</summary>
    public Task<int> RunAsync(ParseResult parsed, ServerOptions options)
    {
        _options = options;
        return parsed.InvokeAsync(new InvocationConfiguration { Output = _stdout, Error = _stderr, EnableDefaultExceptionHandler = false });
    }

    private Command CreateKeyCommand()
    {
        var accessKey = new Option<string>("--access-key") { Description = "A chosen AK (default: a new random one)", HelpName = "AK" };
        var secretKey = new Option<string>("--secret-key") { Description = $"A chosen SK, at least {MinSecretKeyLength} characters (default: random)", HelpName = "SK" };
        secretKey.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string>() is { Length: < MinSecretKeyLength })
                r.AddError($"--secret-key must be at least {MinSecretKeyLength} characters");
        });
        var securityToken = new Option<string>("--security-token") { Description = "Make it a temporary credential with this token", HelpName = "T" };
        var command = new Command("create-key", "Create an access key pair; prints the SK once.")
        {
            _project, _global, _domain, _permissions, _person, accessKey, secretKey, securityToken, _force,
        };
        RequireOneScope(command);
        command.SetAction((r, ct) => WithStoreAsync(async store =>
        {
            var (domain, project) = await ScopeAsync(store, r);
            var id = r.GetValue(accessKey) ?? Secrets.NewAccessKeyId();
            if (await store.FindAccessKeyAsync(id, ct) is not null && !r.GetValue(_force))
                throw new ArgumentException($"access key {id} exists; give --force to replace it (its scope, permissions and SK)");
            var key = new AccessKey(id, r.GetValue(secretKey) ?? Secrets.NewSecretKey(), domain.Id, project?.Id,
                Permissions.Parse(r.GetValue(_permissions) ?? Permissions.AllTicket), r.GetValue(securityToken),
                PersonId: Person(r));
            await store.SaveAccessKeyAsync(key, ct);
            await _stdout.WriteLineAsync($"access_key={key.Id}\nsecret_key={key.Secret}\ndomain={domain.Id}\nproject={key.ProjectId ?? "*"}");
            await WriteGrantAsync(domain, key.ProjectId, key.Permissions, key.PersonId);
        }));
        return command;
    }

    private Command ListKeysCommand()
    {
        var command = new Command("list-keys", "List access keys (never their secrets).");
        command.SetAction((r, ct) => WithStoreAsync(async store =>
        {
            foreach (var k in await store.ListAccessKeysAsync(ct))
                await _stdout.WriteLineAsync(
                    $"{k.Id}\tdomain={k.DomainId}\tproject={k.ProjectId ?? "*"}\tpermissions={string.Join(',', k.Permissions)}\tperson={k.PersonId ?? "-"}");
        }));
        return command;
    }

    private Command DeleteKeyCommand()
    {
        var accessKey = new Option<string>("--access-key") { Required = true, HelpName = "AK" };
        var command = new Command("delete-key", "Delete an access key.") { accessKey };
        command.SetAction((r, ct) => WithStoreAsync(async store =>
        {
            if (!await store.DeleteAccessKeyAsync(r.GetRequiredValue(accessKey), ct)) throw new ArgumentException("no such access key");
        }));
        return command;
    }

    private Command CreateDomainCommand()
    {
        var command = new Command("create-domain", "Create a domain and its default project.") { _name };
        command.SetAction((r, ct) => WithStoreAsync(async store =>
        {
            var name = r.GetRequiredValue(_name);
            if (await store.FindDomainAsync(name, ct) is not null) throw new ArgumentException($"domain {name} already exists");
            var domain = await new Tenancy(store, _options).EnsureDomainAsync(name, Secrets.NewId(), ct);
            await _stdout.WriteLineAsync($"domain={domain.Id}\ndefault_project={domain.DefaultProjectId}");
        }));
        return command;
    }

    private Command CreateProjectCommand()
    {
        var id = new Option<string>("--id") { Description = "A chosen id (default: a new random one)", HelpName = "ID" };
        var command = new Command("create-project", "Create a project in a domain.") { _name, id, _domain };
        command.SetAction((r, ct) => WithStoreAsync(async store =>
        {
            var domain = await DomainAsync(store, r);
            var project = new Project(r.GetValue(id) ?? Secrets.NewId(), r.GetRequiredValue(_name), domain.Id);
            if (await store.FindProjectAsync(project.Id, ct) is not null) throw new ArgumentException($"project {project.Id} already exists");
            await store.SaveProjectAsync(project, ct);
            await _stdout.WriteLineAsync($"project_id={project.Id}\nname={project.Name}\ndomain={domain.Id}");
        }));
        return command;
    }

    private Command CreateUserCommand()
    {
        var passwordStdin = new Option<bool>("--password-stdin") { Description = "Read the password from the first line of standard input (else: a prompt)" };
        var command = new Command("create-user", "Create a user (console and X-Auth-Token sign-in); with --force, replace one and revoke its tokens.")
        {
            _name, _project, _global, _domain, passwordStdin, _permissions, _person, _force,
        };
        RequireOneScope(command);
        command.SetAction((r, ct) => WithStoreAsync(async store =>
        {
            var (domain, project) = await ScopeAsync(store, r);
            var name = r.GetRequiredValue(_name);
            var existing = await store.FindUserAsync(domain.Id, name, ct);
            if (existing is not null && !r.GetValue(_force))
                throw new ArgumentException($"user {name} exists; give --force to replace it (omitted --permissions and --person are kept)");
            var password = r.GetValue(passwordStdin) ? await _stdin.ReadLineAsync(ct) : Prompt();
            if (string.IsNullOrEmpty(password)) throw new ArgumentException("a password is required: --password-stdin, or a prompt in a terminal");
            var user = new User(existing?.Id ?? Secrets.NewId(), name, domain.Id, new PasswordHasher(_options.EffectivePasswordIterations).Hash(password),
                r.GetValue(_permissions) is { } list ? Permissions.Parse(list) : existing?.Permissions ?? Permissions.Parse(Permissions.AllTicket),
                project?.Id, Person(r) ?? existing?.PersonId);
            await store.SaveUserAsync(user, ct);
            // A replaced user (new password, scope or permissions) keeps no token issued under the old terms.
            var revoked = existing is null ? 0 : await store.RevokeTokensAsync(null, existing.Id, ct);
            await _stdout.WriteLineAsync($"user={user.Name}\ndomain={domain.Id}");
            await WriteGrantAsync(domain, user.ProjectId, user.Permissions, user.PersonId);
            if (existing is not null) await _stdout.WriteLineAsync($"revoked_tokens={revoked}");
        }));
        return command;
    }

    private Command RevokeTokensCommand()
    {
        var user = new Option<string>("--user") { Required = true, HelpName = "NAME" };
        var command = new Command("revoke-tokens", "Revoke every token of a user.") { user, _domain };
        command.SetAction((r, ct) => WithStoreAsync(async store =>
        {
            var domain = await DomainAsync(store, r);
            var found = await store.FindUserAsync(domain.Id, r.GetRequiredValue(user), ct) ?? throw new ArgumentException("no such user");
            await _stdout.WriteLineAsync($"revoked={await store.RevokeTokensAsync(null, found.Id, ct)}");
        }));
        return command;
    }

    /// <summary>
    /// With the key file: adds a new current key (old ones stay, so values not yet moved still read) and re-encrypts
    /// every value with it. With COC_SECRETS_KEY, which this command cannot change: re-encrypts with its first key.
    /// Run with the servers stopped (or restart them after it): a running server reads the key file only at start.
    /// </summary>
    private Command RotateSecretsKeyCommand()
    {
        var command = new Command("rotate-secrets-key", "Add a new current secrets key (old keys kept) and re-encrypt every secret with it.");
        command.SetAction((r, ct) => WithStoreAsync(async _ =>
        {
            var fromEnvironment = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable(SecretsKeySource.EnvironmentVariable));
            if (!fromEnvironment && _options.SecretsKeyPath is null) throw new ArgumentException("an in-memory database has no key file to rotate");
            using var noServer = ClaimUnlessServed(); // a running server keeps its key ring and could not read the moved values
            var ring = fromEnvironment ? SecretsKeySource.Load(_options) : SecretsKeySource.Load(_options).WithNewCurrentKey();
            if (!fromEnvironment) SecretsKeyFile.Save(_options.SecretsKeyPath!, ring); // first: a crash below leaves values readable
            var secrets = new SecretsAtRest(ring);
            using var rotated = StorageFactory.OpenDatabase(_options, secrets);
            var count = await new SqlAuthStore(rotated, secrets).ReencryptSecretsAsync(ct);
            await _stdout.WriteLineAsync($"key_id={ring.CurrentKeyId}\nreencrypted={count}\nkeys={SecretsKeySource.Describe(_options)}");
        }));
        return command;
    }

    /// <summary>On SQLite, the file's exclusive claim for the command's run; refused while a server holds it. A PostgreSQL
    /// server's use cannot be seen from here (SECURITY.md: stop the servers first).</summary>
    private SqliteFileOwnership? ClaimUnlessServed()
    {
        if (_options.UsesPostgres || _options.DataPath == ":memory:") return null;
        try
        {
            return SqliteFileOwnership.Claim(_options.DataPath, exclusive: true);
        }
        catch (SqliteFileInUseException)
        {
            throw new ArgumentException($"a server is using {_options.DataPath}: stop it before rotating the secrets key, "
                + "since a running server keeps the key ring it started with");
        }
    }

    private void RequireOneScope(Command command) => command.Validators.Add(r =>
    {
        if ((r.GetResult(_project) is not null) == (r.GetResult(_global) is not null))
            r.AddError("give exactly one of --project ID (bind to one project) or --global (every project of the domain)");
    });

    private async Task<(Domain Domain, Project? Project)> ScopeAsync(IAuthStore store, ParseResult r)
    {
        if (r.GetValue(_project) is not { } id) return (await DomainAsync(store, r), null);
        var project = await store.FindProjectAsync(id) ?? throw new ArgumentException($"no project {id}");
        if (r.GetValue(_domain) is { } named && (await store.FindDomainAsync(named))?.Id != project.DomainId)
            throw new ArgumentException($"project {id} is not in domain {named}");
        return ((await store.FindDomainAsync(project.DomainId))!, project);
    }

    private async Task<Domain> DomainAsync(IAuthStore store, ParseResult r)
    {
        var name = r.GetValue(_domain) ?? Tenancy.DefaultDomain;
        return await store.FindDomainAsync(name) ?? throw new ArgumentException($"no domain {name}");
    }

    /// <summary>The person to bind, checked against the directory as secure mode checks operators.</summary>
    private string? Person(ParseResult r)
    {
        if (r.GetValue(_person) is not { } person) return null;
        if (!_options.Emulator && !ReferenceData.Load(_options.Reference).Directory.IsKnownPerson(person))
            throw new ArgumentException($"--person {person} is not a known person of the directory");
        return person;
    }

    private async Task WriteGrantAsync(Domain domain, string? project, IReadOnlyList<string> permissions, string? person)
    {
        await _stdout.WriteLineAsync(
            $"scope={(project is null ? $"global (every project of domain {domain.Name})" : $"project {project}")}\n"
            + $"permissions={string.Join(',', permissions)}\nperson={person ?? "none (may name any person)"}");
        if (person is not null && Permissions.Grants(permissions, Permissions.TicketActForOthers))
            await _stderr.WriteLineAsync(
                $"warning: these permissions include {Permissions.TicketActForOthers}, so this credential may still act as any "
                + "person; list its actions one by one (e.g. coc:ticket:get,coc:ticket:action) to keep it acting as itself");
    }

    /// <summary>Reads a password from the terminal without echo, twice.</summary>
    private string? Prompt()
    {
        if (Console.IsInputRedirected) return null;
        string Read(string label)
        {
            _stderr.Write(label);
            var text = new System.Text.StringBuilder();
            for (var key = Console.ReadKey(intercept: true); key.Key != ConsoleKey.Enter; key = Console.ReadKey(intercept: true))
                if (key.Key == ConsoleKey.Backspace) { if (text.Length > 0) text.Length--; }
                else if (!char.IsControl(key.KeyChar)) text.Append(key.KeyChar);
            _stderr.WriteLine();
            return text.ToString();
        }
        var first = Read("Password: ");
        return first == Read("Again: ") ? first : throw new ArgumentException("the two passwords differ");
    }

    private Task<int> WithStoreAsync(Func<IAuthStore, Task> run) => WithDatabaseAsync((store, _, _) => run(store));

    private async Task<int> WithDatabaseAsync(Func<IAuthStore, Database, SecretsAtRest, Task> run)
    {
        try
        {
            var secrets = new SecretsAtRest(SecretsKeySource.Load(_options));
            using var database = StorageFactory.OpenDatabase(_options, secrets); // no claim on the file: the server may be running
            await database.MigrateAsync();
            var store = new SqlAuthStore(database, secrets);
            await new Tenancy(store, _options).EnsureDomainAsync(Tenancy.DefaultDomain, Tenancy.DefaultProject, default);
            await run(store, database, secrets);
            return 0;
        }
        catch (SecretsKeyException e) // a malformed key ring, or one that lacks a key the database needs
        {
            await _stderr.WriteLineAsync("error: " + e.Message);
            return 2;
        }
        catch (ArgumentException e)
        {
            await _stderr.WriteLineAsync("error: " + e.Message);
            return 1;
        }
    }
}
