using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Npgsql;
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

        [PostgresFact]
        public async Task Sender_turns_exclude_across_instances_lapse_with_a_dead_holder_and_are_swept()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            var time = new ManualTimeProvider();
            await using var first = new PostgresWeChatStateStore(connectionString, time);
            await using var second = new PostgresWeChatStateStore(connectionString, time);
            TimeSpan lease = TimeSpan.FromMinutes(1);
            try
            {
                IWeChatSenderTurn bobOnFirst = await first.EnterAsync("o-bob", lease, default);
                Task<IWeChatSenderTurn> bobOnSecond = second.EnterAsync("o-bob", lease, default).AsTask();
                IWeChatSenderTurn carol = await second.EnterAsync("o-carol", lease, default).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
                await Task.Delay(200);
                Assert.False(bobOnSecond.IsCompleted);

                // Giving the turn back saves the context and the delivery's answer in the same transaction; the next
                // holder reads the context with its turn, a retry gets the answer.
                Assert.Null(bobOnFirst.Conversation);
                Assert.True((await first.ClaimAsync("msg-bob", lease, default)).Claimed);
                await bobOnFirst.LeaveAsync(
                    new WeChatTurnResult(new Dictionary<string, string> { ["step"] = "2" }, TimeSpan.FromHours(2), "msg-bob", WeChatStateStoreContract.Utf8("bob's answer"), lease),
                    default);
                WeChatStateStoreContract.AssertClaim(false, "bob's answer", await second.ClaimAsync("msg-bob", lease, default));
                IWeChatSenderTurn dead = await bobOnSecond.WaitAsync(TimeSpan.FromSeconds(5));
                Assert.Equal("2", dead.Conversation!["step"]);

                // Its holder never gives it back: past the lease the turn is taken over.
                time.Advance(lease + TimeSpan.FromSeconds(1));
                IWeChatSenderTurn takenOver = await first.EnterAsync("o-bob", lease, default).AsTask().WaitAsync(TimeSpan.FromSeconds(5));

                // The old holder coming back late does not give away the new holder's turn.
                await dead.DisposeAsync();
                Task<IWeChatSenderTurn> next = second.EnterAsync("o-bob", lease, default).AsTask();
                await Task.Delay(200);
                Assert.False(next.IsCompleted);
                await takenOver.LeaveAsync(new WeChatTurnResult(null, TimeSpan.FromHours(2), null, default, lease), default);
                IWeChatSenderTurn last = await next.WaitAsync(TimeSpan.FromSeconds(5));
                Assert.Equal("2", last.Conversation!["step"]);
                await last.DisposeAsync();

                // A turn given back keeps its row, marked lapsed, for the sender's next push to take over: no delete and
                // insert per push, whose dead index entries every later take would walk until the next vacuum.
                Assert.Equal(new[] { "0" }, await Column(connectionString, "SELECT expires_at::text FROM wechat_turns WHERE open_id = 'o-bob'"));

                // Carol's holder died too: the clean-up removes her lapsed row, and only it.
                IWeChatSenderTurn dave = await first.EnterAsync("o-dave", TimeSpan.FromHours(1), default);
                time.Advance(lease + TimeSpan.FromSeconds(1));
                await first.RemoveExpiredAsync(default);
                Assert.Equal(new[] { "o-dave" }, await TurnRows(connectionString));
                await carol.DisposeAsync();
                await dave.DisposeAsync();
                Assert.Empty(await Column(connectionString, "SELECT open_id FROM wechat_turns WHERE expires_at > 0"));
                await first.RemoveExpiredAsync(default);
                Assert.Empty(await TurnRows(connectionString));
            }
            finally
            {
                await first.DisposeAsync();
                await second.DisposeAsync();
                await drop();
            }
        }

        [PostgresFact]
        public async Task Expired_deliveries_are_swept_in_the_background_and_no_claim_waits_for_the_sweep()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            var time = new ManualTimeProvider();
            await using var store = new PostgresWeChatStateStore(connectionString, time);
            await using var blocker = new NpgsqlConnection(connectionString);
            try
            {
                foreach (string key in new[] { "old-1", "old-2" })
                {
                    Assert.True((await store.ClaimAsync(key, TimeSpan.FromMinutes(1), default)).Claimed);
                    await store.CompleteAsync(key, WeChatStateStoreContract.Utf8("answer"), TimeSpan.FromMinutes(1), default);
                }

                time.Advance(TimeSpan.FromMinutes(2));

                // Another session holds an expired record, so the minute's sweep, due now, waits for it.
                await blocker.OpenAsync();
                await using NpgsqlTransaction held = await blocker.BeginTransactionAsync();
                await using (var hold = new NpgsqlCommand("SELECT key FROM wechat_deliveries WHERE key = 'old-1' FOR UPDATE", blocker, held))
                {
                    await hold.ExecuteNonQueryAsync();
                }

                WeChatDeliveryClaim claim = await store.ClaimAsync("new-1", TimeSpan.FromMinutes(1), default).AsTask().WaitAsync(TimeSpan.FromSeconds(5));
                Assert.True(claim.Claimed);
                await held.RollbackAsync();

                for (int i = 0; i < 100 && (await DeliveryKeys(connectionString)).Count != 1; i++)
                {
                    await Task.Delay(50);
                }

                Assert.Equal(new[] { "new-1" }, await DeliveryKeys(connectionString));
            }
            finally
            {
                await blocker.DisposeAsync();
                await store.DisposeAsync();
                await drop();
            }
        }

        private static Task<List<string>> DeliveryKeys(string connectionString) => Column(connectionString, "SELECT key FROM wechat_deliveries ORDER BY key");

        private static Task<List<string>> TurnRows(string connectionString) => Column(connectionString, "SELECT open_id FROM wechat_turns ORDER BY open_id");

        private static async Task<List<string>> Column(string connectionString, string sql)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand(sql, connection);
            await using NpgsqlDataReader reader = await command.ExecuteReaderAsync();
            var rows = new List<string>();
            while (await reader.ReadAsync())
            {
                rows.Add(reader.GetString(0));
            }

            return rows;
        }

        [PostgresFact]
        public async Task Sessions_the_server_ended_are_replaced_and_no_operation_fails()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            string application = "wechat-test-" + Guid.NewGuid().ToString("N")[..12];
            var time = new ManualTimeProvider();
            var window = TimeSpan.FromMinutes(1);
            await using var store = new PostgresWeChatStateStore(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = application }.ConnectionString, time);
            IWeChatConversationStore conversations = store;
            try
            {
                // Several idle connections in the pool, as a busy instance has: four locks held at once hold four sessions
                // (concurrent short operations alone sometimes shared one connection, and the count below failed).
                var locks = new List<IAsyncDisposable>();
                for (int i = 0; i < 4; i++)
                {
                    locks.Add(await store.AcquireAsync($"pool-{i}", default));
                }

                foreach (IAsyncDisposable pooled in locks)
                {
                    await pooled.DisposeAsync();
                }

                for (int i = 0; i < 4; i++)
                {
                    await conversations.SetAsync($"o-{i}", new Dictionary<string, string> { ["count"] = $"{i}" }, TimeSpan.FromHours(2), default);
                }

                Assert.True((await store.ClaimAsync("msg-before", window, default)).Claimed);

                // Restart: every pooled session is gone. Each kind of operation still works on the first call.
                Assert.True(await PostgresTestDatabase.EndSessionsAsync(application) >= 2);
                Assert.True((await store.ClaimAsync("msg-1", window, default)).Claimed);
                Assert.True(await PostgresTestDatabase.EndSessionsAsync(application) >= 1);
                await store.CompleteAsync("msg-1", WeChatStateStoreContract.Utf8("answer"), window, default);
                await PostgresTestDatabase.EndSessionsAsync(application);
                WeChatStateStoreContract.AssertClaim(false, "answer", await store.ClaimAsync("msg-1", window, default));
                await PostgresTestDatabase.EndSessionsAsync(application);
                Assert.Equal("3", (await conversations.GetAsync("o-3", default))!["count"]);
                await PostgresTestDatabase.EndSessionsAsync(application);
                var token = new WeChatCachedToken("token-1", time.GetUtcNow().AddHours(2), time.GetUtcNow().AddMinutes(110));
                await store.SetAsync("access_token:wx1", token, default);
                await PostgresTestDatabase.EndSessionsAsync(application);
                WeChatStateStoreContract.AssertToken(token, await store.GetAsync("access_token:wx1", default));
                await PostgresTestDatabase.EndSessionsAsync(application);
                IAsyncDisposable held = await store.AcquireAsync("token-refresh", default);

                // The session holding the lock ends: the server released it, so letting go of it does not fail (the
                // token refreshed under it stands) and it can be taken again at once.
                await PostgresTestDatabase.EndSessionsAsync(application);
                await held.DisposeAsync();
                using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                await using (await store.AcquireAsync("token-refresh", patience.Token))
                {
                }

                // A sender's turn: taken, saved with and given back across ended sessions, and taken again at once.
                await PostgresTestDatabase.EndSessionsAsync(application);
                IWeChatSenderTurn turn = await store.EnterAsync("o-3", window, default);
                Assert.Equal("3", turn.Conversation!["count"]);
                await PostgresTestDatabase.EndSessionsAsync(application);
                await turn.LeaveAsync(new WeChatTurnResult(new Dictionary<string, string> { ["count"] = "4" }, TimeSpan.FromHours(2), null, default, window), default);
                await PostgresTestDatabase.EndSessionsAsync(application);
                IWeChatSenderTurn again = await store.EnterAsync("o-3", window, patience.Token);
                Assert.Equal("4", again.Conversation!["count"]);
                await PostgresTestDatabase.EndSessionsAsync(application);
                await again.DisposeAsync();
                await (await store.EnterAsync("o-3", window, patience.Token)).DisposeAsync();
            }
            finally
            {
                await store.DisposeAsync();
                await drop();
            }
        }

        [PostgresFact]
        public async Task Requests_running_at_once_after_a_restart_all_succeed_however_many_dead_connections_the_pool_holds()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            string application = "wechat-test-" + Guid.NewGuid().ToString("N")[..12];
            const int Idle = 16, Concurrent = 8;
            await using NpgsqlDataSource dataSource = NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = application });
            await using var store = new PostgresWeChatStateStore(dataSource, new ManualTimeProvider());
            IWeChatConversationStore conversations = store;
            try
            {
                await conversations.SetAsync("o-alice", new Dictionary<string, string> { ["count"] = "7" }, TimeSpan.FromHours(2), default);

                // A busy instance's pool: more idle connections than requests arrive at once, every one of them dead
                // after the restart.
                NpgsqlConnection[] open = await Task.WhenAll(Enumerable.Range(0, Idle).Select(_ => dataSource.OpenConnectionAsync().AsTask()));
                foreach (NpgsqlConnection connection in open)
                {
                    await connection.DisposeAsync();
                }

                Assert.True(await PostgresTestDatabase.EndSessionsAsync(application) >= Idle);

                // Each request does what a push does: claim, read the conversation, save it, complete.
                IReadOnlyDictionary<string, string>?[] read = await Task.WhenAll(Enumerable.Range(0, Concurrent).Select(async i =>
                {
                    string key = $"msg-{i}";
                    Assert.True((await store.ClaimAsync(key, TimeSpan.FromMinutes(1), default)).Claimed);
                    IReadOnlyDictionary<string, string>? values = await conversations.GetAsync("o-alice", default);
                    await conversations.SetAsync($"o-{i}", values!, TimeSpan.FromHours(2), default);
                    await store.CompleteAsync(key, WeChatStateStoreContract.Utf8("answer"), TimeSpan.FromMinutes(1), default);
                    return values;
                }));
                Assert.All(read, r => Assert.Equal("7", r!["count"]));
            }
            finally
            {
                await store.DisposeAsync();
                await drop();
            }
        }

        [PostgresFact]
        public async Task A_claim_whose_answer_was_lost_with_the_connection_is_still_this_call_s()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            var direct = new NpgsqlConnectionStringBuilder(connectionString);
            await using var proxy = new LoopbackTcpProxy(direct.Host!, direct.Port);
            var time = new ManualTimeProvider();
            var window = TimeSpan.FromMinutes(1);
            await using var store = new PostgresWeChatStateStore(new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString, time);
            await using var other = new PostgresWeChatStateStore(connectionString, time);
            try
            {
                Assert.True((await store.ClaimAsync("msg-warm", window, default)).Claimed);

                // The server takes the claim; its answer never arrives and the connection drops. The call tries again on
                // a new connection and must still hold the claim, or nobody would run the delivery.
                proxy.CutAfterNextRequest();
                Assert.True((await store.ClaimAsync("msg-1", window, default)).Claimed);
                Assert.Equal(1, proxy.Cuts);
                WeChatStateStoreContract.AssertClaim(false, null, await other.ClaimAsync("msg-1", window, default));

                // A write lost the same way is simply written again.
                proxy.CutAfterNextRequest();
                await store.CompleteAsync("msg-1", WeChatStateStoreContract.Utf8("answer"), window, default);
                Assert.Equal(2, proxy.Cuts);
                WeChatStateStoreContract.AssertClaim(false, "answer", await other.ClaimAsync("msg-1", window, default));
            }
            finally
            {
                await store.DisposeAsync();
                await other.DisposeAsync();
                await drop();
            }
        }

        [PostgresFact]
        public async Task A_deliveries_table_from_before_claim_tokens_gets_the_column_and_keeps_its_answers()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            var time = new ManualTimeProvider();
            var window = TimeSpan.FromMinutes(1);
            try
            {
                await using (var connection = new NpgsqlConnection(connectionString))
                {
                    await connection.OpenAsync();
                    await using var command = new NpgsqlCommand(
                        "CREATE TABLE wechat_deliveries (key text PRIMARY KEY, answer text, expires_at bigint NOT NULL); " +
                        $"INSERT INTO wechat_deliveries VALUES ('msg-old', 'old answer', {time.GetUtcNow().ToUnixTimeSeconds() + 60})",
                        connection);
                    await command.ExecuteNonQueryAsync();
                }

                await using var store = new PostgresWeChatStateStore(connectionString, time);
                WeChatStateStoreContract.AssertClaim(false, "old answer", await store.ClaimAsync("msg-old", window, default));
                Assert.True((await store.ClaimAsync("msg-new", window, default)).Claimed);
                Assert.False((await store.ClaimAsync("msg-new", window, default)).Claimed);
            }
            finally
            {
                await drop();
            }
        }
            [Theory]
        [InlineData("Host=db;Database=wechat", true, 32)]
        [InlineData("Host=db;Database=wechat;No Reset On Close=false;Max Auto Prepare=0", false, 0)]
        [InlineData("Host=db;Database=wechat;noresetonclose=false;MAXAUTOPREPARE=5", false, 5)]
        [InlineData("Host=db;Database=wechat;Max Auto Prepare=0", true, 0)]
        public void The_store_s_own_pool_keeps_sessions_and_prepares_statements_unless_the_connection_string_says_otherwise(
            string connectionString, bool noResetOnClose, int maxAutoPrepare)
        {
            using NpgsqlDataSource dataSource = PostgresWeChatStateStore.BuildDataSource(connectionString);
            var settings = new NpgsqlConnectionStringBuilder(dataSource.ConnectionString);
            Assert.Equal(noResetOnClose, settings.NoResetOnClose);
            Assert.Equal(maxAutoPrepare, settings.MaxAutoPrepare);
            Assert.Equal("db", settings.Host);
        }

        [PostgresFact]
        public async Task A_lock_wait_that_is_cancelled_leaves_no_lock_behind_in_the_pooled_session()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            await using var holder = new PostgresWeChatStateStore(connectionString);
            await using var waiter = new PostgresWeChatStateStore(connectionString + ";Maximum Pool Size=1");
            try
            {
                IAsyncDisposable held = await holder.AcquireAsync("token-refresh:wx1", default);
                using (var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300)))
                {
                    await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await waiter.AcquireAsync("token-refresh:wx1", cancel.Token));
                }

                await held.DisposeAsync();

                // The waiter's only connection went back to its pool as it was (No Reset On Close): it works, and it holds no
                // lock, so the holder takes the lock again at once.
                await using (await waiter.AcquireAsync("token-refresh:wx2", default))
                {
                }

                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await using (await holder.AcquireAsync("token-refresh:wx1", quick.Token))
                {
                }

                Assert.Equal(0, await CountAdvisoryLocksAsync(connectionString));
            }
            finally
            {
                await drop();
            }
        }

        [PostgresFact]
        public async Task The_store_prepares_its_statements_once_per_connection()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            await using var store = new PostgresWeChatStateStore(connectionString + ";Maximum Pool Size=1");
            try
            {
                for (int i = 0; i < 10; i++)
                {
                    Assert.True((await store.ClaimAsync($"msg-{i}", TimeSpan.FromMinutes(1), default)).Claimed);
                    await store.CompleteAsync($"msg-{i}", WeChatStateStoreContract.Utf8("answer"), TimeSpan.FromMinutes(1), default);
                }

                // Every operation took the pool's one connection and gave it back; the session that connection is kept its
                // prepared statements, so the server parses and plans each statement once, not once a push.
                await using NpgsqlConnection connection = await store.DataSource.OpenConnectionAsync();
                await using var command = new NpgsqlCommand("SELECT statement FROM pg_prepared_statements", connection);
                var prepared = new List<string>();
                await using (NpgsqlDataReader reader = await command.ExecuteReaderAsync())
                {
                    while (await reader.ReadAsync())
                    {
                        prepared.Add(reader.GetString(0));
                    }
                }

                Assert.Contains(prepared, statement => statement.Contains("INSERT INTO wechat_deliveries (key, answer, expires_at, claim)", StringComparison.Ordinal));
                Assert.Contains(prepared, statement => statement.Contains("INSERT INTO wechat_deliveries (key, answer, expires_at) VALUES", StringComparison.Ordinal));
            }
            finally
            {
                await drop();
            }
        }

        private static async Task<long> CountAdvisoryLocksAsync(string connectionString)
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'", connection);
            return (long)(await command.ExecuteScalarAsync())!;
        }
    }
}
