using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Http.Tokens;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>
    /// The behaviour every state store must have. Each store's test class runs every check against its own
    /// implementation (in-memory, SQLite, PostgreSQL), one fact per check.
    /// </summary>
    internal static class WeChatStateStoreContract
    {
        private static readonly TimeSpan Window = TimeSpan.FromSeconds(60);

        public static async Task ConversationRoundTripsUntilItExpires(StateStores stores)
        {
            IWeChatConversationStore conversations = stores.Conversations;
            Assert.Null(await conversations.GetAsync("o-unknown", default));

            var values = new Dictionary<string, string>
            {
                ["count"] = "1",
                ["last"] = "你好 \"quoted\" \\ \n line",
                ["empty"] = "",
            };
            await conversations.SetAsync("o-alice", values, TimeSpan.FromHours(2), default);
            await conversations.SetAsync("o-bob", new Dictionary<string, string> { ["count"] = "9" }, TimeSpan.FromHours(3), default);

            IReadOnlyDictionary<string, string>? read = await conversations.GetAsync("o-alice", default);
            Assert.NotNull(read);
            Assert.Equal(values.OrderBy(p => p.Key, StringComparer.Ordinal), read.OrderBy(p => p.Key, StringComparer.Ordinal));

            await conversations.SetAsync("o-alice", new Dictionary<string, string> { ["count"] = "2" }, TimeSpan.FromHours(2), default);
            Assert.Equal("2", Assert.Single((await conversations.GetAsync("o-alice", default))!).Value);

            stores.Time.Advance(TimeSpan.FromHours(2) + TimeSpan.FromSeconds(1));
            Assert.Null(await conversations.GetAsync("o-alice", default));
            Assert.NotNull(await conversations.GetAsync("o-bob", default));

            Assert.Equal(1, await conversations.RemoveExpiredAsync(default));
            Assert.Equal(0, await conversations.RemoveExpiredAsync(default));
            Assert.NotNull(await conversations.GetAsync("o-bob", default));
        }

        public static async Task SecondClaimSeesRunningThenTheAnswer(StateStores stores)
        {
            IWeChatDeliveryStore deliveries = stores.Deliveries;
            AssertClaim(true, null, await deliveries.ClaimAsync("msg-1", Window, default));
            AssertClaim(false, null, await deliveries.ClaimAsync("msg-1", Window, default));

            await deliveries.CompleteAsync("msg-1", Utf8("<xml>answer</xml>"), Window, default);
            AssertClaim(false, "<xml>answer</xml>", await deliveries.ClaimAsync("msg-1", Window, default));

            // No reply ("success") is an answer too: empty, not null.
            Assert.True((await deliveries.ClaimAsync("msg-silent", Window, default)).Claimed);
            await deliveries.CompleteAsync("msg-silent", ReadOnlyMemory<byte>.Empty, Window, default);
            AssertClaim(false, string.Empty, await deliveries.ClaimAsync("msg-silent", Window, default));

            // Abandoning a completed delivery keeps its answer for later retries.
            await deliveries.AbandonAsync("msg-1", default);
            AssertClaim(false, "<xml>answer</xml>", await deliveries.ClaimAsync("msg-1", Window, default));
        }

        public static async Task AbandonedClaimCanBeClaimedAgain(StateStores stores)
        {
            IWeChatDeliveryStore deliveries = stores.Deliveries;
            Assert.True((await deliveries.ClaimAsync("msg-2", Window, default)).Claimed);
            await deliveries.AbandonAsync("msg-2", default);
            Assert.True((await deliveries.ClaimAsync("msg-2", Window, default)).Claimed);
            Assert.False((await deliveries.ClaimAsync("msg-2", Window, default)).Claimed);
        }

        public static async Task ExpiredDeliveryCanBeClaimedAgain(StateStores stores)
        {
            IWeChatDeliveryStore deliveries = stores.Deliveries;
            Assert.True((await deliveries.ClaimAsync("msg-3", Window, default)).Claimed);
            await deliveries.CompleteAsync("msg-3", Utf8("old"), Window, default);

            stores.Time.Advance(Window + TimeSpan.FromSeconds(1));
            Assert.True((await deliveries.ClaimAsync("msg-3", Window, default)).Claimed);
            AssertClaim(false, null, await deliveries.ClaimAsync("msg-3", Window, default));
        }

        public static async Task ConcurrentClaimsHaveExactlyOneWinner(StateStores stores)
        {
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            Task<WeChatDeliveryClaim>[] claims = Enumerable.Range(0, 20)
                .Select(_ => Task.Run(async () =>
                {
                    await start.Task;
                    return await stores.Deliveries.ClaimAsync("msg-race", Window, default);
                }))
                .ToArray();
            start.SetResult();

            WeChatDeliveryClaim[] results = await Task.WhenAll(claims);
            Assert.Single(results, r => r.Claimed);
            Assert.All(results.Where(r => !r.Claimed), r => Assert.Null(r.Answer));
        }

        public static async Task StaleTokenRemovalKeepsTheNewToken(StateStores stores)
        {
            IWeChatTokenStore tokens = stores.Tokens;
            DateTimeOffset now = stores.Time.GetUtcNow();
            Assert.Null(await tokens.GetAsync("access_token:wx1", default));

            var first = new WeChatCachedToken("token-1", now.AddSeconds(7200), now.AddSeconds(6900));
            await tokens.SetAsync("access_token:wx1", first, default);
            AssertToken(first, await tokens.GetAsync("access_token:wx1", default));

            var second = new WeChatCachedToken("token-2", now.AddSeconds(9000), now.AddSeconds(8700));
            await tokens.SetAsync("access_token:wx1", second, default);

            // A caller still holding token-1 (rejected by WeChat) must not remove token-2.
            await tokens.RemoveAsync("access_token:wx1", "token-1", default);
            AssertToken(second, await tokens.GetAsync("access_token:wx1", default));

            await tokens.RemoveAsync("access_token:wx1", "token-2", default);
            Assert.Null(await tokens.GetAsync("access_token:wx1", default));
        }

        public static async Task LockHoldersNeverOverlap(IWeChatLock first, IWeChatLock second)
        {
            int inside = 0;
            int overlaps = 0;
            int entries = 0;

            async Task Contend(IWeChatLock @lock)
            {
                for (int i = 0; i < 5; i++)
                {
                    await using (await @lock.AcquireAsync("token-refresh:wx1", default))
                    {
                        if (Interlocked.Increment(ref inside) != 1)
                        {
                            Interlocked.Increment(ref overlaps);
                        }

                        Interlocked.Increment(ref entries);
                        await Task.Delay(5);
                        Interlocked.Decrement(ref inside);
                    }
                }
            }

            await Task.WhenAll(Task.Run(() => Contend(first)), Task.Run(() => Contend(second)));
            Assert.Equal(10, entries);
            Assert.Equal(0, overlaps);

            // Another name is an independent lock.
            await using (await first.AcquireAsync("token-refresh:wx1", default))
            {
                await using (await second.AcquireAsync("ticket-refresh:wx1", default))
                {
                }
            }
        }

        /// <summary>The answer as a store takes it: UTF-8.</summary>
        public static byte[] Utf8(string answer) => Encoding.UTF8.GetBytes(answer);

        /// <summary>A claim's outcome, its answer compared as text (null: none; empty: no reply).</summary>
        public static void AssertClaim(bool claimed, string? answer, WeChatDeliveryClaim actual)
        {
            Assert.Equal(claimed, actual.Claimed);
            Assert.Equal(answer, actual.Answer is null ? null : Encoding.UTF8.GetString(actual.Answer));
        }

        public static void AssertToken(WeChatCachedToken expected, WeChatCachedToken? actual)
        {
            // Database stores keep whole seconds.
            Assert.NotNull(actual);
            Assert.Equal(expected.Value, actual.Value);
            Assert.Equal(expected.ExpiresAt.ToUnixTimeSeconds(), actual.ExpiresAt.ToUnixTimeSeconds());
            Assert.Equal(expected.RefreshAt.ToUnixTimeSeconds(), actual.RefreshAt.ToUnixTimeSeconds());
        }
    }
}
