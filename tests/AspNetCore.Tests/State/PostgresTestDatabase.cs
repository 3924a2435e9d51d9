using System;
using System.Threading.Tasks;
using Npgsql;
using WeChat.OfficialAccount.AspNetCore.State.Postgres;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>
    /// The PostgreSQL server of the tests, from <c>WECHAT_TEST_POSTGRES</c> (.ci/run starts one and sets it). Each test
    /// gets a schema of its own, dropped afterwards, so tests and runs never see each other's rows.
    /// </summary>
    internal static class PostgresTestDatabase
    {
        public const string Variable = "WECHAT_TEST_POSTGRES";

        public static string? ConnectionString => Environment.GetEnvironmentVariable(Variable) is { Length: > 0 } value ? value : null;

        public static bool IsCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

        /// <summary>Creates a fresh schema; returns a connection string whose search path is that schema.</summary>
        public static async Task<(string ConnectionString, Func<ValueTask> Drop)> CreateSchemaAsync()
        {
            string connectionString = ConnectionString ?? throw new InvalidOperationException(
                $"CI=true but {Variable} is not set: the PostgreSQL tests must run in CI. .ci/run starts a server and sets it; " +
                $"elsewhere set it, e.g. {Variable}=\"Host=127.0.0.1;Username=wechat;Password=wechat;Database=wechat_test\".");

            string schema = "wechat_test_" + Guid.NewGuid().ToString("N");
            await ExecuteAsync(connectionString, $"CREATE SCHEMA {schema}");
            var scoped = new NpgsqlConnectionStringBuilder(connectionString) { SearchPath = schema }.ConnectionString;
            return (scoped, () => new ValueTask(ExecuteAsync(connectionString, $"DROP SCHEMA {schema} CASCADE")));
        }

        public static async Task<StateStores> CreateStoresAsync()
        {
            (string connectionString, Func<ValueTask> drop) = await CreateSchemaAsync();
            var time = new ManualTimeProvider();
            var store = new PostgresWeChatStateStore(connectionString, time);
            return StateStores.Of(store, time, async () =>
            {
                await store.DisposeAsync();
                await drop();
            });
        }

        /// <summary>
        /// Ends every session of <paramref name="applicationName"/> from the server side, as a restart or a failover does
        /// (the same FATAL 57P01 "terminating connection due to administrator command"), and waits until they are gone.
        /// </summary>
        public static async Task<int> EndSessionsAsync(string applicationName)
        {
            await using var connection = new NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000)) FROM pg_stat_activity WHERE application_name = $1 AND pid <> pg_backend_pid()",
                connection);
            command.Parameters.Add(new NpgsqlParameter { Value = applicationName });
            return Convert.ToInt32(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
        }

        private static async Task ExecuteAsync(string connectionString, string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await command.ExecuteNonQueryAsync();
        }
    }

    /// <summary>
    /// A fact that needs PostgreSQL: skipped when no server is configured outside CI; under CI=true it runs and fails
    /// with instructions if none is configured, so CI never passes without exercising PostgreSQL.
    /// </summary>
    public sealed class PostgresFactAttribute : FactAttribute
    {
        /// <summary>Decides the skip from the environment.</summary>
        public PostgresFactAttribute()
        {
            if (PostgresTestDatabase.ConnectionString is null && !PostgresTestDatabase.IsCi)
            {
                Skip = $"no PostgreSQL configured: set {PostgresTestDatabase.Variable} (bash .ci/run does) to run it";
            }
        }
    }
}
