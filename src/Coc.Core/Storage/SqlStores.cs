using Coc.Core.Storage.Alarms;
using Coc.Core.Storage.Attachments;
using Coc.Core.Storage.Auth;
using Coc.Core.Storage.Encryption;
using Coc.Core.Storage.Outbox;
using Coc.Core.Storage.Postgres;
using Coc.Core.Storage.Sqlite;
using Coc.Core.Storage.Tickets;

namespace Coc.Core.Storage;

/// <summary>A database and the SQL stores over it, wired as the server wires them (without the ticket cache): for
/// tools and tests. Disposing it closes the database.</summary>
public sealed class SqlStores : IDisposable
{
    private SqlStores(Func<SecretsAtRest, Database> open, SecretsKeyRing? keys)
    {
        var secrets = new SecretsAtRest(keys);
        Database = open(secrets);
        Tickets = new SqlTicketStore(Database);
        Attachments = new SqlAttachmentStore(Database);
        Auth = new SqlAuthStore(Database, secrets);
        Alarms = new SqlAlarmStore(Database);
        Webhooks = new SqlWebhookStore(Database, secrets);
        Deliveries = new SqlDeliveryQueue(Database, secrets);
        Events = new SqlEventLog(Database);
    }

    public static SqlStores Sqlite(string path, SecretsKeyRing? keys = null) =>
        new(secrets => new SqliteDatabase(path) { DataMigrations = [secrets] }, keys);

    public static SqlStores Postgres(string connectionString, SecretsKeyRing? keys = null) =>
        new(secrets => new PostgresDatabase(connectionString) { DataMigrations = [secrets] }, keys);

    public Database Database { get; }
    public SqlTicketStore Tickets { get; }
    public SqlAttachmentStore Attachments { get; }
    public SqlAuthStore Auth { get; }
    public SqlAlarmStore Alarms { get; }
    public SqlWebhookStore Webhooks { get; }
    public SqlDeliveryQueue Deliveries { get; }
    public SqlEventLog Events { get; }

    public Task MigrateAsync(CancellationToken ct = default) => Database.MigrateAsync(ct);

    public void Dispose() => Database.Dispose();
}
