using Coc.Core.Auth;
using Coc.Core.Storage;
using Coc.Core.Storage.Alarms;
using Coc.Core.Storage.Attachments;
using Coc.Core.Storage.Auth;
using Coc.Core.Storage.Encryption;
using Coc.Core.Storage.Outbox;
using Coc.Core.Storage.Postgres;
using Coc.Core.Storage.Sqlite;
using Coc.Core.Storage.Tickets;
using Coc.Server.Hosting;

namespace Coc.Server.Storage;

/// <summary>SQLite by default; PostgreSQL when <c>--db</c> / <c>Coc:Db</c> is a postgres URL or connection string.
/// One <see cref="Database"/>, and one store per kind of data over it, each registered once.</summary>
public static class StorageFactory
{
    public static IServiceCollection AddStorage(this IServiceCollection services, ServerOptions options)
    {
        services.AddSingleton(_ => new SecretsAtRest(SecretsKeySource.Load(options)));
        services.AddSingleton(sp => OpenServerDatabase(options, sp.GetRequiredService<SecretsAtRest>,
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<Database>(), sp.GetService<StorageMetrics>())); // disposed by the container at shutdown
        services.AddSingleton<ITicketStore>(sp =>
        {
            var tickets = new SqlTicketStore(sp.GetRequiredService<Database>());
            return options.UsesTicketCache ? new CachedTicketStore(tickets, options.TicketCache, sp.GetService<TicketCacheMetrics>()) : tickets;
        });
        // A file linked to a ticket changes the ticket's read: the cache (when it is the ticket store) hears of it.
        services.AddSingleton<IAttachmentStore>(sp =>
            new SqlAttachmentStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<ITicketStore>() as ITicketChanges));
        // Deliveries create and touch incidents in their own write: the cache hears of those tickets the same way.
        services.AddSingleton<IAlarmStore>(sp =>
            new SqlAlarmStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<ITicketStore>() as ITicketChanges));
        services.AddSingleton<IAuthStore>(sp => new SqlAuthStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<SecretsAtRest>()));
        services.AddSingleton(sp => new SqlWebhookStore(sp.GetRequiredService<Database>(), sp.GetRequiredService<SecretsAtRest>()));
        services.AddSingleton(sp => new SqlDeliveryQueue(sp.GetRequiredService<Database>(), sp.GetRequiredService<SecretsAtRest>()));
        return services;
    }

    /// <summary>The server's database: a SQLite file is claimed first (see <see cref="SqliteFileOwnership"/>), and the
    /// claim is released when the database is disposed.</summary>
    public static Database OpenServerDatabase(ServerOptions options, Func<SecretsAtRest> secrets, ILogger? log = null, StorageMetrics? metrics = null)
    {
        if (options.UsesPostgres) return OpenDatabase(options, secrets(), log, metrics);
        var claim = options.DataPath == ":memory:" ? null : SqliteFileOwnership.Claim(options.DataPath, exclusive: options.UsesTicketCache);
        try
        {
            return new SqliteDatabase(options.DataPath, log, claim) { DataMigrations = [secrets()], Metrics = metrics };
        }
        catch
        {
            claim?.Dispose();
            throw;
        }
    }

    /// <summary>The database alone, without a claim: for admin commands, which write no tickets. Secrets are
    /// encrypted with <paramref name="secrets"/> on either engine.</summary>
    public static Database OpenDatabase(ServerOptions options, SecretsAtRest secrets, ILogger? log = null, StorageMetrics? metrics = null) =>
        options.UsesPostgres
            ? new PostgresDatabase(PostgresDatabase.ToConnectionString(options.Db!), log) { DataMigrations = [secrets], Metrics = metrics }
            : new SqliteDatabase(options.DataPath, log) { DataMigrations = [secrets], Metrics = metrics };

    public static string Describe(ServerOptions options) =>
        options.UsesPostgres ? PostgresDatabase.Describe(options.Db!)
        : $"SQLite {options.DataPath}" + (options.UsesTicketCache ? $" (ticket cache: {options.TicketCache})" : "");
}
