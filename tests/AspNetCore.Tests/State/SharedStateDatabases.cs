using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.AspNetCore.State.Sqlite;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>
    /// A fresh state database per test, handed over as the registration every simulated instance makes. PostgreSQL is
    /// shared the way instances behind a load balancer share it; a SQLite file has one store, which the hosts of the test
    /// share as several hosts in one process would.
    /// </summary>
    internal static class SharedStateDatabases
    {
        public static string NewSqlitePath() => Path.Combine(Path.GetTempPath(), $"wechat-state-{Guid.NewGuid():N}.db");

        public static ValueTask DeleteSqlite(string path)
        {
            // Pooled connections keep the file open.
            SqliteConnection.ClearAllPools();
            foreach (string suffix in new[] { "", "-wal", "-shm", ".lock" })
            {
                File.Delete(path + suffix);
            }

            return default;
        }

        public static async Task WithSqlite(Func<Action<IServiceCollection>, Task> test)
        {
            string path = NewSqlitePath();
            try
            {
                await using var store = SqliteWeChatStateStore.ForFile(path);
                await test(s => s.AddWeChatSqliteState(store));
            }
            finally
            {
                await DeleteSqlite(path);
            }
        }

        public static async Task WithPostgres(Func<Action<IServiceCollection>, Task> test)
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            try
            {
                await test(s => s.AddWeChatPostgresState(connectionString));
            }
            finally
            {
                await drop();
            }
        }
    }
}
