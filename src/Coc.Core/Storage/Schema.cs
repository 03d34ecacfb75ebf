namespace Coc.Core.Storage;

/// <summary>
/// The schema, once for every engine: versioned migrations whose column types come from the dialect
/// (<c>{Long}</c> 64-bit integer, <c>{Bytes}</c> binary, <c>{Serial}</c> auto-incrementing 64-bit primary key).
/// A migration, once released, never changes; a change is a new migration.
/// </summary>
public static partial class Schema
{
    public static IReadOnlyList<Migration> For(SqlDialect dialect) =>
        Templates.Select(m => m with
        {
            Sql = StateJson().Replace(
                m.Sql.Replace("{Long}", dialect.Long).Replace("{Bytes}", dialect.Bytes).Replace("{Serial}", dialect.Serial),
                j => dialect.StateJson(j.Groups[2].Value, j.Groups[1].Value)),
        }).ToList();

    /// <summary><c>{StateText:key}</c>, <c>{StateFirst:key}</c>, <c>{StateLong:key}</c>, <c>{StateBool:key}</c>: see <see cref="SqlDialect.StateJson"/>.</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\{State(Text|First|Long|Bool):([a-z_]+)\}")]
    private static partial System.Text.RegularExpressions.Regex StateJson();

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
        new(5, "integrations (keys only as SHA-256), converged alarms (one alarming per identity), their handle histories",
            """
            CREATE TABLE integrations (
                id TEXT PRIMARY KEY,
                project TEXT NOT NULL,
                name TEXT NOT NULL,
                type TEXT NOT NULL,
                enabled BOOLEAN NOT NULL,
                key_hash TEXT NOT NULL UNIQUE,
                key_hint TEXT NOT NULL,
                transfer_rule TEXT NOT NULL,
                created_at {Long} NOT NULL,
                updated_at {Long} NOT NULL,
                last_event_at {Long},
                UNIQUE (project, name)
            );
            CREATE TABLE alarms (
                id TEXT PRIMARY KEY,
                project TEXT NOT NULL,
                integration_id TEXT NOT NULL,
                source_key TEXT NOT NULL,
                group_key TEXT NOT NULL,
                status TEXT NOT NULL,
                importance TEXT NOT NULL,
                name TEXT NOT NULL,
                description TEXT,
                incident_num TEXT,
                create_time {Long} NOT NULL,
                state TEXT NOT NULL
            );
            CREATE UNIQUE INDEX alarms_one_alarming ON alarms (integration_id, source_key) WHERE status = 'alarming';
            CREATE INDEX alarms_by_time ON alarms (project, create_time DESC, id DESC);
            CREATE INDEX alarms_by_group ON alarms (integration_id, group_key);
            CREATE INDEX alarms_by_incident ON alarms (incident_num);
            CREATE TABLE alarm_handle_entries (
                id {Serial},
                alarm_id TEXT NOT NULL,
                entry TEXT NOT NULL
            );
            CREATE INDEX alarm_handle_entries_by_alarm ON alarm_handle_entries (alarm_id, id);
            """),
        new(6, "open tickets by status and level, so that the open-incidents gauge reads only open tickets",
            """
            CREATE INDEX tickets_open ON tickets (status, level) WHERE status <> 'INCIDENT_STATUS_COMPLETED';
            """),
        new(7, "the ticket fields the v2 list filters and sorts on, as indexed columns (v2.md, Filters)",
            """
            ALTER TABLE tickets ADD COLUMN incident_type TEXT;
            ALTER TABLE tickets ADD COLUMN source TEXT;
            ALTER TABLE tickets ADD COLUMN ownership TEXT;
            ALTER TABLE tickets ADD COLUMN last_operator TEXT;
            ALTER TABLE tickets ADD COLUMN cloud_service TEXT;
            ALTER TABLE tickets ADD COLUMN enterprise_project TEXT;
            ALTER TABLE tickets ADD COLUMN region TEXT;
            ALTER TABLE tickets ADD COLUMN forward_rule_id TEXT;
            ALTER TABLE tickets ADD COLUMN service_interrupt BOOLEAN;
            ALTER TABLE tickets ADD COLUMN update_time {Long};
            ALTER TABLE tickets ADD COLUMN start_time {Long};
            ALTER TABLE tickets ADD COLUMN handle_time {Long};
            UPDATE tickets SET
                incident_type = {StateText:type}, source = {StateText:source}, ownership = {StateText:ownership},
                cloud_service = NULLIF({StateFirst:current_cloud_service}, ''),
                enterprise_project = NULLIF({StateFirst:enterprise_project}, ''), region = NULLIF({StateFirst:region}, ''),
                service_interrupt = {StateBool:is_service_interrupt}, start_time = {StateLong:start_time},
                handle_time = {StateLong:handle_time},
                last_operator = (SELECT h.operator FROM ticket_history h WHERE h.number = tickets.number ORDER BY h.seq DESC LIMIT 1),
                update_time = (SELECT h.at FROM ticket_history h WHERE h.number = tickets.number ORDER BY h.seq DESC LIMIT 1);
            CREATE INDEX tickets_by_level ON tickets (project, level, create_time DESC);
            CREATE INDEX tickets_by_creator ON tickets (project, creator, create_time DESC);
            CREATE INDEX tickets_by_type ON tickets (project, incident_type, create_time DESC);
            CREATE INDEX tickets_by_source ON tickets (project, source, create_time DESC);
            CREATE INDEX tickets_by_ownership ON tickets (project, ownership, create_time DESC);
            CREATE INDEX tickets_by_last_operator ON tickets (project, last_operator, create_time DESC);
            CREATE INDEX tickets_by_cloud_service ON tickets (project, cloud_service, create_time DESC);
            CREATE INDEX tickets_by_enterprise_project ON tickets (project, enterprise_project, create_time DESC);
            CREATE INDEX tickets_by_region ON tickets (project, region, create_time DESC);
            CREATE INDEX tickets_by_forward_rule ON tickets (project, forward_rule_id, create_time DESC);
            CREATE INDEX tickets_by_update_time ON tickets (project, update_time DESC);
            CREATE INDEX tickets_by_start_time ON tickets (project, start_time DESC);
            CREATE INDEX tickets_by_handle_time ON tickets (project, handle_time DESC);
            """),
        new(8, "WarRooms as records (warrooms.md); the ones started before keep their number, ticket and start time",
            """
            CREATE TABLE war_rooms (
                id {Serial},
                num TEXT NOT NULL UNIQUE,
                project TEXT NOT NULL,
                number TEXT NOT NULL UNIQUE,
                create_time {Long} NOT NULL,
                close_time {Long},
                setup TEXT
            );
            CREATE INDEX war_rooms_by_time ON war_rooms (project, create_time DESC);
            INSERT INTO war_rooms (num, project, number, create_time, close_time)
                SELECT w.id, w.project, w.number, w.created_at,
                       CASE WHEN t.status = 'INCIDENT_STATUS_COMPLETED' THEN {StateLong:complete_time} END
                FROM warrooms w LEFT JOIN tickets t ON t.number = w.number ORDER BY w.created_at;
            DROP TABLE warrooms;
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
        new(10, "cheaper ticket writes: indexes of sparse columns hold only the tickets that have a value; status with level",
            """
            DROP INDEX tickets_by_ownership;
            DROP INDEX tickets_by_cloud_service;
            DROP INDEX tickets_by_enterprise_project;
            DROP INDEX tickets_by_region;
            DROP INDEX tickets_by_forward_rule;
            DROP INDEX tickets_by_start_time;
            DROP INDEX tickets_by_handle_time;
            DROP INDEX tickets_by_status;
            CREATE INDEX tickets_by_ownership ON tickets (project, ownership, create_time DESC) WHERE ownership IS NOT NULL;
            CREATE INDEX tickets_by_cloud_service ON tickets (project, cloud_service, create_time DESC) WHERE cloud_service IS NOT NULL;
            CREATE INDEX tickets_by_enterprise_project ON tickets (project, enterprise_project, create_time DESC) WHERE enterprise_project IS NOT NULL;
            CREATE INDEX tickets_by_region ON tickets (project, region, create_time DESC) WHERE region IS NOT NULL;
            CREATE INDEX tickets_by_forward_rule ON tickets (project, forward_rule_id, create_time DESC) WHERE forward_rule_id IS NOT NULL;
            CREATE INDEX tickets_by_start_time ON tickets (project, start_time DESC) WHERE start_time IS NOT NULL;
            CREATE INDEX tickets_by_handle_time ON tickets (project, handle_time DESC) WHERE handle_time IS NOT NULL;
            CREATE INDEX tickets_by_status ON tickets (project, status, level, create_time DESC);
            """),
        new(11, "ticket counts per project, status and level in shards, so that a v2 total over status and level reads a few rows",
            """
            CREATE TABLE ticket_status_counts (
                project TEXT NOT NULL,
                status TEXT NOT NULL,
                level TEXT NOT NULL,
                shard INTEGER NOT NULL,
                tickets {Long} NOT NULL,
                PRIMARY KEY (project, status, level, shard)
            );
            INSERT INTO ticket_status_counts (project, status, level, shard, tickets)
                SELECT project, status, level, 0, COUNT(*) FROM tickets GROUP BY project, status, level;
            """),
    ];
}
