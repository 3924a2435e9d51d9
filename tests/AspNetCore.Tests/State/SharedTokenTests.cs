using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
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
        public Task Postgres_concurrent_first_use_on_two_instances_fetches_the_token_once() => SharedStateDatabases.WithPostgres(async state =>
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            api.TokenDelay = TimeSpan.FromMilliseconds(300);
            await using ServiceProvider one = Instance(api, state);
            await using ServiceProvider two = Instance(api, state);
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
        });

        [PostgresFact]
        public Task Postgres_token_refreshed_by_one_instance_is_used_by_the_other() =>
            SharedStateDatabases.WithPostgres(RefreshedByOneUsedByTheOther);

        [Fact]
        public Task Sqlite_token_refreshed_by_one_instance_is_used_by_the_other() =>
            SharedStateDatabases.WithSqlite(RefreshedByOneUsedByTheOther);

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
