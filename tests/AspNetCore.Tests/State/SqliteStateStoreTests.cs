using System;
using System.Collections.Generic;
using System.IO;
using System.Threading.Tasks;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging;
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
            var store = SqliteWeChatStateStore.ForFile(file, time);
            return StateStores.Of(store, time, async () =>
            {
                await store.DisposeAsync();
                await SharedStateDatabases.DeleteSqlite(file);
            });
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
                await before.CompleteAsync("msg-1", WeChatStateStoreContract.Utf8("answer"), TimeSpan.FromMinutes(1), default);
                Assert.True((await before.ClaimAsync("msg-2", TimeSpan.FromMinutes(1), default)).Claimed); // running when it stops
                await before.DisposeAsync();
                SqliteConnection.ClearAllPools();

                var after = SqliteWeChatStateStore.ForFile(path, time);
                WeChatStateStoreContract.AssertToken(token, await after.GetAsync("access_token:wx1", default));
                Assert.Equal("3", (await ((IWeChatConversationStore)after).GetAsync("o-alice", default))!["count"]);
                WeChatStateStoreContract.AssertClaim(false, "answer", await after.ClaimAsync("msg-1", TimeSpan.FromMinutes(1), default));

                // A delivery that was running when the process stopped runs again: its process cannot finish it.
                Assert.True((await after.ClaimAsync("msg-2", TimeSpan.FromMinutes(1), default)).Claimed);

                // Answers stay for their window only, across the restart too.
                time.Advance(TimeSpan.FromMinutes(2));
                Assert.True((await after.ClaimAsync("msg-1", TimeSpan.FromMinutes(1), default)).Claimed);
                await after.DisposeAsync();
            }
            finally
            {
                await SharedStateDatabases.DeleteSqlite(path);
            }
        }

        [Fact]
        public async Task Writes_reach_the_database_file_in_the_background_while_the_store_stays_open()
        {
            string path = SharedStateDatabases.NewSqlitePath();
            string copy = SharedStateDatabases.NewSqlitePath();
            try
            {
                await using var store = SqliteWeChatStateStore.ForFile(path);
                var conversations = (IWeChatConversationStore)store;
                for (int i = 0; i < 50; i++)
                {
                    await conversations.SetAsync($"o-{i}", new Dictionary<string, string> { ["n"] = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, TimeSpan.FromHours(2), default);
                }

                // Far below the writer's own checkpoint threshold: only the background checkpoint puts these in the file.
                // The database file alone (no WAL beside the copy) must come to hold every row while the store is open.
                long rows = 0;
                for (int attempt = 0; attempt < 100 && rows < 50; attempt++)
                {
                    await Task.Delay(SqliteCheckpointer.Interval);
                    await SharedStateDatabases.DeleteSqlite(copy);
                    File.Copy(path, copy);
                    await using var connection = new SqliteConnection($"Data Source={copy};Pooling=False");
                    await connection.OpenAsync();
                    await using SqliteCommand count = connection.CreateCommand();
                    count.CommandText = "SELECT count(*) FROM wechat_conversations";
                    try
                    {
                        rows = (long)(await count.ExecuteScalarAsync())!;
                    }
                    catch (SqliteException)
                    {
                        rows = 0; // copied before the table reached the file
                    }
                }

                Assert.Equal(50, rows);
                Assert.Equal("49", (await conversations.GetAsync("o-49", default))!["n"]);
            }
            finally
            {
                await SharedStateDatabases.DeleteSqlite(path);
                await SharedStateDatabases.DeleteSqlite(copy);
            }
        }

        [Fact]
        public async Task A_second_store_on_the_same_file_fails_to_open_until_the_first_is_disposed()
        {
            string path = SharedStateDatabases.NewSqlitePath();
            try
            {
                var first = SqliteWeChatStateStore.ForFile(path);
                var error = Assert.Throws<InvalidOperationException>(() => SqliteWeChatStateStore.ForFile(path));
                Assert.Contains("already in use by another process or another SqliteWeChatStateStore", error.Message, StringComparison.Ordinal);
                Assert.Contains("AddWeChatPostgresState", error.Message, StringComparison.Ordinal);

                await first.DisposeAsync();
                await using var second = SqliteWeChatStateStore.ForFile(path);
                Assert.True((await second.ClaimAsync("k", TimeSpan.FromMinutes(1), default)).Claimed);
            }
            finally
            {
                await SharedStateDatabases.DeleteSqlite(path);
            }
        }

        [Fact]
        public async Task A_file_that_is_not_a_SQLite_database_fails_to_open_and_is_left_as_it_was()
        {
            string path = SharedStateDatabases.NewSqlitePath();
            const string Text = "{ \"Logging\": { \"LogLevel\": { \"Default\": \"Information\" } } }";
            await File.WriteAllTextAsync(path, Text);
            try
            {
                var error = Assert.Throws<InvalidOperationException>(() => SqliteWeChatStateStore.ForFile(path));

                Assert.Equal(
                    $"The SQLite state file '{path}' is not a SQLite database (it does not start with SQLite's file header), so every push would fail. Point the store at a new file, or at one it created.",
                    error.Message);
                Assert.Equal(Text, await File.ReadAllTextAsync(path));

                // The lock was given back: the file, once replaced by a database, opens.
                File.Delete(path);
                await using var store = SqliteWeChatStateStore.ForFile(path);
                Assert.True((await store.ClaimAsync("k", TimeSpan.FromMinutes(1), default)).Claimed);
            }
            finally
            {
                await SharedStateDatabases.DeleteSqlite(path);
            }
        }

        [Fact]
        public async Task A_database_it_created_and_an_empty_file_open()
        {
            string path = SharedStateDatabases.NewSqlitePath();
            string empty = SharedStateDatabases.NewSqlitePath();
            try
            {
                await using (var created = SqliteWeChatStateStore.ForFile(path))
                {
                    Assert.True((await created.ClaimAsync("k", TimeSpan.FromMinutes(1), default)).Claimed);
                    await created.CompleteAsync("k", "answer"u8.ToArray(), TimeSpan.FromMinutes(1), default);
                }

                // Closing the pooled connections checkpoints the WAL into the file, so it now starts with SQLite's header.
                SqliteConnection.ClearAllPools();
                Assert.True(new FileInfo(path).Length > 0);
                await using (var reopened = SqliteWeChatStateStore.ForFile(path))
                {
                    Assert.False((await reopened.ClaimAsync("k", TimeSpan.FromMinutes(1), default)).Claimed);
                }

                // An empty file (touched by hand or a deployment script) is a new database to SQLite.
                File.WriteAllBytes(empty, []);
                await using var fresh = SqliteWeChatStateStore.ForFile(empty);
                Assert.True((await fresh.ClaimAsync("k", TimeSpan.FromMinutes(1), default)).Claimed);
            }
            finally
            {
                await SharedStateDatabases.DeleteSqlite(path);
                await SharedStateDatabases.DeleteSqlite(empty);
            }
        }

        [Fact]
        public void A_lock_file_that_cannot_be_created_is_said_as_such_not_as_another_store()
        {
            // A folder that is a file: the lock file cannot be created, and no other store is involved.
            string blocker = Path.Combine(Path.GetTempPath(), "wechat-not-a-folder-" + Guid.NewGuid().ToString("N"));
            File.WriteAllText(blocker, "a file");
            try
            {
                string path = Path.Combine(blocker, "state.db");

                var error = Assert.Throws<InvalidOperationException>(() => SqliteWeChatStateStore.ForFile(path));

                Assert.StartsWith($"The SQLite state file '{path}' cannot be opened: its lock file '{path}.lock' cannot be created or opened (", error.Message, StringComparison.Ordinal);
                Assert.EndsWith("Choose a file in a folder this process can write to.", error.Message, StringComparison.Ordinal);
                Assert.DoesNotContain("already in use", error.Message, StringComparison.Ordinal);
            }
            finally
            {
                File.Delete(blocker);
            }
        }

        [Theory]
        [InlineData("inside", null, true)]
        [InlineData("inside", "false", false)]
        [InlineData("outside", null, false)]
        public async Task A_file_in_the_watched_content_root_is_warned_about(string where, string? reloadOnChange, bool warned)
        {
            string root = Path.Combine(Path.GetTempPath(), "wechat-root-" + Guid.NewGuid().ToString("N"));
            string file = where == "inside" ? Path.Combine(root, "data", "state.db") : SharedStateDatabases.NewSqlitePath();
            Directory.CreateDirectory(root);
            var warnings = new List<string>();
            var services = new ServiceCollection();
            services.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(warnings)));
            services.AddSingleton<IHostEnvironment>(new HostingEnvironment { ContentRootPath = root });
            services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["hostBuilder:reloadConfigOnChange"] = reloadOnChange }).Build());
            services.AddWeChatSqliteState("Data Source=" + file);
            try
            {
                await using (ServiceProvider provider = services.BuildServiceProvider())
                {
                    provider.GetRequiredService<SqliteWeChatStateStore>();
                }

                Assert.Equal(warned, warnings.Exists(w => w.Contains(file, StringComparison.Ordinal) && w.Contains("reloadConfigOnChange=false", StringComparison.Ordinal)));
            }
            finally
            {
                await SharedStateDatabases.DeleteSqlite(file);
                Directory.Delete(root, recursive: true);
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
