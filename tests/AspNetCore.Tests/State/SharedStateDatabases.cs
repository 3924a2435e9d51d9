using System;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WeChat.OfficialAccount.AspNetCore.State;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>A fresh state database per test, handed over as the registration every simulated instance makes.</summary>
    internal static class SharedStateDatabases
    {
        public static string NewSqlitePath() => Path.Combine(Path.GetTempPath(), $"wechat-state-{Guid.NewGuid():N}.db");

        public static ValueTask DeleteSqlite(string path)
        {
            // Pooled connections keep the file open.
            SqliteConnection.ClearAllPools();
            foreach (string suffix in new[] { "", "-wal", "-shm" })
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
                await test(s => s.AddWeChatSqliteState($"Data Source={path}"));
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
