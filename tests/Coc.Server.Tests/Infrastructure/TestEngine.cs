using Npgsql;

namespace Coc.Server.Tests;

/// <summary>
/// Which storage engine the suite runs on: SQLite by default; PostgreSQL when COC_TEST_ENGINE=postgres (scripts/test
/// runs the suite once per engine). Each server gets a fresh database of its own on the cluster COC_TEST_POSTGRES names.
/// </summary>
public static class TestEngine
{
    public static bool IsPostgres => Environment.GetEnvironmentVariable("COC_TEST_ENGINE") == "postgres";

    /// <summary>The throwaway cluster scripts/test starts; tests that need it fail (never skip) without it.</summary>
    public static string AdminConnectionString =>
        Environment.GetEnvironmentVariable("COC_TEST_POSTGRES") is { Length: > 0 } cs ? cs
            : throw new InvalidOperationException("COC_TEST_POSTGRES is not set: run the tests through scripts/test, which starts PostgreSQL");

    public static string CreateDatabase()
    {
        var name = "coc_test_" + Guid.NewGuid().ToString("N");
        using (var c = new NpgsqlConnection(AdminConnectionString))
        {
            c.Open();
            using var cmd = new NpgsqlCommand($"CREATE DATABASE {name}", c);
            cmd.ExecuteNonQuery();
        }
        return new NpgsqlConnectionStringBuilder(AdminConnectionString) { Database = name }.ConnectionString;
    }

    public static void DropDatabase(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        using var c = new NpgsqlConnection(AdminConnectionString);
        c.Open();
        using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", c);
        cmd.ExecuteNonQuery();
    }
}
