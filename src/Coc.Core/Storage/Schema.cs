namespace Coc.Core.Storage;

/// <summary>
/// The schema, once for every engine: versioned migrations whose column types come from the dialect
/// (<c>{Long}</c> 64-bit integer, <c>{Bytes}</c> binary, <c>{Serial}</c> auto-incrementing 64-bit primary key).
/// A migration, once released, never changes; a change is a new migration.
/// </summary>
public static class Schema
{
    public static IReadOnlyList<Migration> For(SqlDialect dialect) =>
        Templates.Select(m => m with { Sql = m.Sql.Replace("{Long}", dialect.Long).Replace("{Bytes}", dialect.Bytes).Replace("{Serial}", dialect.Serial) })
            .ToList();

    private static readonly Migration[] Templates =
    [
        new(1, "tickets, history, counters, warrooms, idempotency keys, attachments",
            """
            CREATE TABLE tickets (
                number TEXT PRIMARY KEY,
                project TEXT NOT NULL,
                status TEXT NOT NULL,
                level TEXT NOT NULL,
                assignee TEXT,
                creator TEXT NOT NULL,
                title TEXT NOT NULL,
                description TEXT,
                create_time {Long} NOT NULL,
                version INTEGER NOT NULL,
                state TEXT NOT NULL
            );
            CREATE INDEX tickets_by_time ON tickets (project, create_time DESC, number DESC);
            CREATE INDEX tickets_by_status ON tickets (project, status, create_time DESC);
            CREATE INDEX tickets_by_assignee ON tickets (project, assignee, create_time DESC);
            CREATE TABLE ticket_history (
                id {Serial},
                project TEXT NOT NULL,
                number TEXT NOT NULL,
                seq INTEGER NOT NULL,
                action TEXT NOT NULL,
                operator TEXT NOT NULL,
                at {Long} NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                parameter TEXT,
                change TEXT NOT NULL,
                UNIQUE (number, seq)
            );
            CREATE TABLE project_counters (project TEXT PRIMARY KEY, tickets {Long} NOT NULL);
            CREATE TABLE warrooms (id TEXT PRIMARY KEY, project TEXT NOT NULL, number TEXT NOT NULL, created_at {Long} NOT NULL);
            CREATE TABLE idempotency_keys (
                project TEXT NOT NULL,
                key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                number TEXT NOT NULL,
                created_at {Long} NOT NULL,
                PRIMARY KEY (project, key)
            );
            CREATE TABLE attachments (
                doc_id TEXT PRIMARY KEY,
                project TEXT NOT NULL,
                number TEXT,
                doc_name TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size {Long} NOT NULL,
                uploaded_at {Long} NOT NULL
            );
            CREATE INDEX attachments_by_ticket ON attachments (number);
            CREATE TABLE attachment_content (doc_id TEXT PRIMARY KEY, content {Bytes} NOT NULL);
            """),
        new(2, "domains, projects, access keys, users, tokens",
            """
            CREATE TABLE domains (id TEXT PRIMARY KEY, name TEXT NOT NULL UNIQUE, default_project_id TEXT NOT NULL);
            CREATE TABLE projects (id TEXT PRIMARY KEY, name TEXT NOT NULL, domain_id TEXT NOT NULL);
            CREATE INDEX projects_by_domain ON projects (domain_id, name);
            CREATE TABLE access_keys (
                id TEXT PRIMARY KEY,
                secret TEXT NOT NULL,
                domain_id TEXT NOT NULL,
                project_id TEXT,
                permissions TEXT NOT NULL,
                security_token TEXT,
                description TEXT
            );
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                domain_id TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                permissions TEXT NOT NULL,
                UNIQUE (domain_id, name)
            );
            CREATE TABLE tokens (
                token_hash TEXT PRIMARY KEY,
                user_id TEXT NOT NULL,
                project_id TEXT NOT NULL,
                issued_at {Long} NOT NULL,
                expires_at {Long} NOT NULL,
                revoked BOOLEAN NOT NULL
            );
            """),
        new(3, "ticket counts per project in shards, so that creates do not queue on one counter row",
            """
            CREATE TABLE project_ticket_counts (
                project TEXT NOT NULL,
                shard INTEGER NOT NULL,
                tickets {Long} NOT NULL,
                PRIMARY KEY (project, shard)
            );
            INSERT INTO project_ticket_counts (project, shard, tickets) SELECT project, 0, tickets FROM project_counters;
            DROP TABLE project_counters;
            """),
        new(4, "who authenticated each history entry; users bound to a project and to a person; keys bound to a person",
            """
            ALTER TABLE ticket_history ADD COLUMN principal TEXT NOT NULL DEFAULT 'unknown';
            ALTER TABLE users ADD COLUMN project_id TEXT;
            ALTER TABLE users ADD COLUMN person_id TEXT;
            ALTER TABLE access_keys ADD COLUMN person_id TEXT;
            """),
        new(9, "the outbox: events of every change, webhook subscriptions, their deliveries and the log of attempts",
            """
            CREATE TABLE events (
                seq {Serial},
                event_id TEXT NOT NULL UNIQUE,
                type TEXT NOT NULL,
                project TEXT NOT NULL,
                number TEXT,
                ticket_seq INTEGER,
                order_key TEXT NOT NULL,
                at {Long} NOT NULL,
                body TEXT
            );
            CREATE INDEX events_by_time ON events (project, at);
            CREATE TABLE webhooks (
                id TEXT PRIMARY KEY,
                project TEXT NOT NULL,
                url TEXT NOT NULL,
                event_types TEXT NOT NULL,
                description TEXT,
                enabled BOOLEAN NOT NULL,
                disabled_reason TEXT,
                secret TEXT NOT NULL,
                previous_secret TEXT,
                previous_secret_until {Long},
                failing_since {Long},
                created_at {Long} NOT NULL,
                updated_at {Long} NOT NULL
            );
            CREATE INDEX webhooks_by_project ON webhooks (project);
            CREATE TABLE webhook_deliveries (
                id {Serial},
                webhook_id TEXT NOT NULL,
                event_id TEXT NOT NULL,
                order_key TEXT NOT NULL,
                state TEXT NOT NULL,
                attempts INTEGER NOT NULL,
                next_attempt_at {Long} NOT NULL,
                created_at {Long} NOT NULL,
                finished_at {Long}
            );
            CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';
            CREATE INDEX webhook_deliveries_pending ON webhook_deliveries (id) WHERE state = 'pending';
            CREATE INDEX webhook_deliveries_in_order ON webhook_deliveries (webhook_id, order_key, id) WHERE state = 'pending';
            CREATE TABLE webhook_attempts (
                id {Serial},
                webhook_id TEXT NOT NULL,
                delivery_id {Long} NOT NULL,
                event_id TEXT NOT NULL,
                event_type TEXT NOT NULL,
                attempt INTEGER NOT NULL,
                at {Long} NOT NULL,
                outcome TEXT NOT NULL,
                http_status INTEGER,
                duration_ms {Long} NOT NULL,
                response_excerpt TEXT,
                error TEXT,
                next_attempt_at {Long}
            );
            CREATE INDEX webhook_attempts_by_webhook ON webhook_attempts (webhook_id, id);
            """),
    ];
}
