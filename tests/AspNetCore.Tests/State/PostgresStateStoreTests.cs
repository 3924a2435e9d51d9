using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.AspNetCore.State.Postgres;
using WeChat.OfficialAccount.Http.Tokens;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    public sealed class PostgresStateStoreTests
    {
        [PostgresFact]
        public async Task Conversation_round_trips_until_it_expires()
        {
            await using StateStores stores = await PostgresTestDatabase.CreateStoresAsync();
            await WeChatStateStoreContract.ConversationRoundTripsUntilItExpires(stores);
        }

        [PostgresFact]
        public async Task Second_claim_sees_running_then_the_answer()
        {
            await using StateStores stores = await PostgresTestDatabase.CreateStoresAsync();
            await WeChatStateStoreContract.SecondClaimSeesRunningThenTheAnswer(stores);
        }

        [PostgresFact]
        public async Task Abandoned_claim_can_be_claimed_again()
        {
            await using StateStores stores = await PostgresTestDatabase.CreateStoresAsync();
            await WeChatStateStoreContract.AbandonedClaimCanBeClaimedAgain(stores);
        }

        [PostgresFact]
        public async Task Expired_delivery_can_be_claimed_again()
        {
            await using StateStores stores = await PostgresTestDatabase.CreateStoresAsync();
            await WeChatStateStoreContract.ExpiredDeliveryCanBeClaimedAgain(stores);
        }

        [PostgresFact]
        public async Task Twenty_concurrent_claims_have_exactly_one_winner()
        {
            await using StateStores stores = await PostgresTestDatabase.CreateStoresAsync();
            await WeChatStateStoreContract.ConcurrentClaimsHaveExactlyOneWinner(stores);
        }

        [PostgresFact]
        public async Task Stale_token_removal_keeps_the_new_token()
        {
            await using StateStores stores = await PostgresTestDatabase.CreateStoresAsync();
            await WeChatStateStoreContract.StaleTokenRemovalKeepsTheNewToken(stores);
        }

        [PostgresFact]
        public async Task Lock_holders_never_overlap()
        {
            await using StateStores stores = await PostgresTestDatabase.CreateStoresAsync();
            await WeChatStateStoreContract.LockHoldersNeverOverlap(stores.Lock, stores.Lock);
        }

        [PostgresFact]
        public async Task Two_instances_share_deliveries_tokens_contexts_and_the_lock()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            var time = new ManualTimeProvider();
            await using var first = new PostgresWeChatStateStore(connectionString, time);
            await using var second = new PostgresWeChatStateStore(connectionString, time);
            try
            {
                // A retry landing on the other instance sees the running delivery, then its answer.
                Assert.True((await first.ClaimAsync("msg-1", TimeSpan.FromMinutes(1), default)).Claimed);
                WeChatStateStoreContract.AssertClaim(false, null, await second.ClaimAsync("msg-1", TimeSpan.FromMinutes(1), default));
                await first.CompleteAsync("msg-1", WeChatStateStoreContract.Utf8("answer"), TimeSpan.FromMinutes(1), default);
                WeChatStateStoreContract.AssertClaim(false, "answer", await second.ClaimAsync("msg-1", TimeSpan.FromMinutes(1), default));

                // A token refreshed by one instance is the one the other uses.
                var token = new WeChatCachedToken("token-1", time.GetUtcNow().AddHours(2), time.GetUtcNow().AddMinutes(110));
                await first.SetAsync("access_token:wx1", token, default);
                WeChatStateStoreContract.AssertToken(token, await second.GetAsync("access_token:wx1", default));

                await ((IWeChatConversationStore)second).SetAsync("o-alice", new Dictionary<string, string> { ["count"] = "4" }, TimeSpan.FromHours(2), default);
                Assert.Equal("4", (await ((IWeChatConversationStore)first).GetAsync("o-alice", default))!["count"]);

                // The advisory lock excludes across instances, not just within one.
                await WeChatStateStoreContract.LockHoldersNeverOverlap(first, second);
            }
            finally
            {
                await first.DisposeAsync();
                await second.DisposeAsync();
                await drop();
            }
        }
    }
}
