using System.Data.Common;
using Microsoft.Data.Sqlite;

namespace Coc.Core.Storage.Sqlite;

public sealed class SqliteDialect : SqlDialect
{
    public static readonly SqliteDialect Instance = new();

    // SQLite's LIKE is case-insensitive for ASCII already.
    public override string LikeOperator => "LIKE";

    public override bool IsUniqueViolation(DbException e) =>
        e is SqliteException { SqliteErrorCode: 19 /* SQLITE_CONSTRAINT */ };

    public override IReadOnlyList<Migration> Migrations { get; } =
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
                create_time INTEGER NOT NULL,
                version INTEGER NOT NULL,
                state TEXT NOT NULL
            );
            CREATE INDEX tickets_by_time ON tickets (project, create_time DESC, number DESC);
            CREATE INDEX tickets_by_status ON tickets (project, status, create_time DESC);
            CREATE INDEX tickets_by_assignee ON tickets (project, assignee, create_time DESC);
            CREATE TABLE ticket_history (
                id INTEGER PRIMARY KEY AUTOINCREMENT,
                project TEXT NOT NULL,
                number TEXT NOT NULL,
                seq INTEGER NOT NULL,
                action TEXT NOT NULL,
                operator TEXT NOT NULL,
                at INTEGER NOT NULL,
                from_status TEXT,
                to_status TEXT NOT NULL,
                parameter TEXT,
                change TEXT NOT NULL,
                UNIQUE (number, seq)
            );
            CREATE TABLE project_counters (project TEXT PRIMARY KEY, tickets INTEGER NOT NULL);
            CREATE TABLE warrooms (id TEXT PRIMARY KEY, project TEXT NOT NULL, number TEXT NOT NULL, created_at INTEGER NOT NULL);
            CREATE TABLE idempotency_keys (
                project TEXT NOT NULL,
                key TEXT NOT NULL,
                request_hash TEXT NOT NULL,
                number TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                PRIMARY KEY (project, key)
            );
            CREATE TABLE attachments (
                doc_id TEXT PRIMARY KEY,
                project TEXT NOT NULL,
                number TEXT,
                doc_name TEXT NOT NULL,
                content_type TEXT NOT NULL,
                size INTEGER NOT NULL,
                uploaded_at INTEGER NOT NULL
            );
            CREATE INDEX attachments_by_ticket ON attachments (number);
            CREATE TABLE attachment_content (doc_id TEXT PRIMARY KEY, content BLOB NOT NULL);
            """),
    ];
}
