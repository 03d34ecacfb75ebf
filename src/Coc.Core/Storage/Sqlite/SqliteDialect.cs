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

    public override string InList(string column, string parameter) => $"{column} IN @{parameter}";

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
                issued_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                revoked BOOLEAN NOT NULL
            );
            """),
    ];
}
