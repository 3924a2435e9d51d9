using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.AspNetCore.State.Sqlite;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Http.Tokens;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    public sealed class SqliteStateStoreTests
    {
        private static StateStores Create(out string path)
        {
            path = SharedStateDatabases.NewSqlitePath();
            var time = new ManualTimeProvider();
            string file = path;
            return StateStores.Of(SqliteWeChatStateStore.ForFile(file, time), time, () => SharedStateDatabases.DeleteSqlite(file));
        }

        private static StateStores Create() => Create(out _);

        [Fact]
        public async Task Conversation_round_trips_until_it_expires()
        {
            await using StateStores stores = Create();
            await WeChatStateStoreContract.ConversationRoundTripsUntilItExpires(stores);
        }

        [Fact]
        public async Task Second_claim_sees_running_then_the_answer()
        {
            await using StateStores stores = Create();
            await WeChatStateStoreContract.SecondClaimSeesRunningThenTheAnswer(stores);
        }

        [Fact]
        public async Task Abandoned_claim_can_be_claimed_again()
        {
            await using StateStores stores = Create();
            await WeChatStateStoreContract.AbandonedClaimCanBeClaimedAgain(stores);
        }

        [Fact]
        public async Task Expired_delivery_can_be_claimed_again()
        {
            await using StateStores stores = Create();
            await WeChatStateStoreContract.ExpiredDeliveryCanBeClaimedAgain(stores);
        }

        [Fact]
        public async Task Twenty_concurrent_claims_have_exactly_one_winner()
        {
            await using StateStores stores = Create();
            await WeChatStateStoreContract.ConcurrentClaimsHaveExactlyOneWinner(stores);
        }

        [Fact]
        public async Task Stale_token_removal_keeps_the_new_token()
        {
            await using StateStores stores = Create();
            await WeChatStateStoreContract.StaleTokenRemovalKeepsTheNewToken(stores);
        }

        [Fact]
        public async Task Lock_holders_never_overlap()
        {
            await using StateStores stores = Create();
            await WeChatStateStoreContract.LockHoldersNeverOverlap(stores.Lock, stores.Lock);
        }

        [Fact]
        public async Task State_survives_a_restart()
        {
            string path = SharedStateDatabases.NewSqlitePath();
            try
            {
                var time = new ManualTimeProvider();
                var token = new WeChatCachedToken("token-1", time.GetUtcNow().AddHours(2), time.GetUtcNow().AddMinutes(110));
                var before = SqliteWeChatStateStore.ForFile(path, time);
                await before.SetAsync("access_token:wx1", token, default);
                await ((IWeChatConversationStore)before).SetAsync("o-alice", new Dictionary<string, string> { ["count"] = "3" }, TimeSpan.FromHours(2), default);
                Assert.True((await before.ClaimAsync("msg-1", TimeSpan.FromMinutes(1), default)).Claimed);
                await before.CompleteAsync("msg-1", "answer", TimeSpan.FromMinutes(1), default);
                SqliteConnection.ClearAllPools();

                var after = SqliteWeChatStateStore.ForFile(path, time);
                WeChatStateStoreContract.AssertToken(token, await after.GetAsync("access_token:wx1", default));
                Assert.Equal("3", (await ((IWeChatConversationStore)after).GetAsync("o-alice", default))!["count"]);
                Assert.Equal(new WeChatDeliveryClaim(false, "answer"), await after.ClaimAsync("msg-1", TimeSpan.FromMinutes(1), default));
            }
            finally
            {
                await SharedStateDatabases.DeleteSqlite(path);
            }
        }

        [Fact]
        public void AddWeChatSqliteState_serves_every_state_service_including_the_client_token_store()
        {
            var services = new ServiceCollection();
            services.AddWeChatClient(options =>
            {
                options.AppId = "wx1";
                options.AppSecret = "secret";
            });
            services.AddWeChatSqliteState("Data Source=unused.db");

            using ServiceProvider provider = services.BuildServiceProvider();
            var store = provider.GetRequiredService<SqliteWeChatStateStore>();
            Assert.Same(store, provider.GetRequiredService<IWeChatTokenStore>());
            Assert.Same(store, provider.GetRequiredService<IWeChatConversationStore>());
            Assert.Same(store, provider.GetRequiredService<IWeChatDeliveryStore>());
            Assert.Same(store, provider.GetRequiredService<IWeChatLock>());
        }
    }
}
