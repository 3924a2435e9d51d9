using System;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Tests.Http;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>
    /// Two application instances (two service providers) with one shared state database and one fake WeChat server:
    /// the access_token refreshed by one is used by the other, and concurrent refreshes call WeChat once.
    /// </summary>
    public sealed class SharedTokenTests
    {
        [PostgresFact]
        public async Task Postgres_concurrent_first_use_on_two_instances_fetches_the_token_once()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            api.TokenDelay = TimeSpan.FromMilliseconds(300);
            try
            {
                await using ServiceProvider one = Instance(api, s => s.AddWeChatPostgresState(connectionString));
                await using ServiceProvider two = Instance(api, s => s.AddWeChatPostgresState(connectionString));
                WeChatApiClient a = one.GetRequiredService<WeChatApiClient>();
                WeChatApiClient b = two.GetRequiredService<WeChatApiClient>();

                string[] tokens = await Task.WhenAll(Enumerable.Range(0, 20)
                    .Select(i => (i % 2 == 0 ? a : b).AccessTokens.GetAsync(CancellationToken.None).AsTask()));

                Assert.Equal(1, api.TokenCalls);
                Assert.All(tokens, t => Assert.Equal("ACCESS_TOKEN_1", t));

                // Both instances learn that the token was rejected at once: one new token, shared.
                string[] renewed = await Task.WhenAll(
                    a.AccessTokens.RenewAfterRejectionAsync("ACCESS_TOKEN_1", CancellationToken.None).AsTask(),
                    b.AccessTokens.RenewAfterRejectionAsync("ACCESS_TOKEN_1", CancellationToken.None).AsTask());

                Assert.Equal(2, api.TokenCalls);
                Assert.All(renewed, t => Assert.Equal("ACCESS_TOKEN_2", t));
            }
            finally
            {
                await drop();
            }
        }

        [PostgresFact]
        public async Task Postgres_token_refreshed_by_one_instance_is_used_by_the_other()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            try
            {
                await RefreshedByOneUsedByTheOther(s => s.AddWeChatPostgresState(connectionString));
            }
            finally
            {
                await drop();
            }
        }

        [Fact]
        public async Task Sqlite_token_refreshed_by_one_instance_is_used_by_the_other()
        {
            string path = Path.Combine(Path.GetTempPath(), $"wechat-token-{Guid.NewGuid():N}.db");
            try
            {
                await RefreshedByOneUsedByTheOther(s => s.AddWeChatSqliteState($"Data Source={path}"));
            }
            finally
            {
                SqliteConnection.ClearAllPools();
                foreach (string suffix in new[] { "", "-wal", "-shm" })
                {
                    File.Delete(path + suffix);
                }
            }
        }

        private static async Task RefreshedByOneUsedByTheOther(Action<IServiceCollection> state)
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            await using ServiceProvider one = Instance(api, state);
            await using ServiceProvider two = Instance(api, state);
            WeChatApiClient a = one.GetRequiredService<WeChatApiClient>();
            WeChatApiClient b = two.GetRequiredService<WeChatApiClient>();

            Assert.Equal("ACCESS_TOKEN_1", await a.AccessTokens.GetAsync(CancellationToken.None));
            Assert.Equal("ACCESS_TOKEN_1", await b.AccessTokens.GetAsync(CancellationToken.None));
            Assert.Equal(1, api.TokenCalls);

            Assert.Equal("ACCESS_TOKEN_2", await b.AccessTokens.RenewAfterRejectionAsync("ACCESS_TOKEN_1", CancellationToken.None));
            Assert.Equal("ACCESS_TOKEN_2", await a.AccessTokens.GetAsync(CancellationToken.None));

            // A late rejection of the replaced token on the other instance costs nothing.
            Assert.Equal("ACCESS_TOKEN_2", await a.AccessTokens.RenewAfterRejectionAsync("ACCESS_TOKEN_1", CancellationToken.None));
            Assert.Equal(2, api.TokenCalls);
        }

        private static ServiceProvider Instance(FakeWeChatServer api, Action<IServiceCollection> state)
        {
            var services = new ServiceCollection();
            services.AddLogging();
            services.AddWeChatClient(o =>
            {
                o.AppId = "wxshared";
                o.AppSecret = "secret";
                o.ResolveHost = _ => api.BaseAddress;
            });
            state(services);
            return services.BuildServiceProvider();
        }
    }
}
