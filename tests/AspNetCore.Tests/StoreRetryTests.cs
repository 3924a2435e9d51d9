using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.AspNetCore.Tests.State;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>
    /// A state store failure before the handler ran that the database says may pass (a connection refused or cut, a
    /// server failing over) is tried again within the first half of the deadline, so a database out of reach for a moment
    /// costs the push a little time instead of a 503 — which WeChat would send again within a second, often into the same
    /// outage. A failure that will not pass is answered 503 at once.
    /// </summary>
    public sealed class StoreRetryTests
    {
        private static void Echo(WeChatHandlers handlers) =>
            handlers.On<TextMessage>((m, _) => new TextReply { Content = "echo " + m.Content });

        [Fact]
        public async Task A_conversation_store_failing_for_a_moment_is_tried_again_and_the_push_gets_its_reply()
        {
            var store = new FailingConversationStore(failures: 2, transient: true);
            var warnings = new List<string>();
            await using WebhookHost host = await WebhookHost.StartAsync(
                Echo,
                services: s => s
                    .AddSingleton<IWeChatConversationStore>(store)
                    .AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(warnings))));

            using HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("hi", msgId: 9801));

            Assert.Equal("echo hi", await WebhookTests.ReplyContent(response));
            Assert.Equal(3, store.Reads);
            Assert.Single(host.Handled);
            lock (warnings)
            {
                Assert.Equal(
                    new[]
                    {
                        "The state store failed reading the sender's conversation for a text push, before its handler ran; trying again in 100 ms, within the deadline",
                        "The state store failed reading the sender's conversation for a text push, before its handler ran; trying again in 200 ms, within the deadline",
                    },
                    warnings.FindAll(w => w.StartsWith("The state store", StringComparison.Ordinal)));
            }
        }

        [Fact]
        public async Task A_failure_the_database_says_will_not_pass_is_answered_503_at_once()
        {
            var store = new FailingConversationStore(failures: int.MaxValue, transient: false);
            await using WebhookHost host = await WebhookHost.StartAsync(Echo, services: s => s.AddSingleton<IWeChatConversationStore>(store));

            using HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("hi", msgId: 9802));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("the state store failed (see the server log); WeChat retries this push", await response.Content.ReadAsStringAsync());
            Assert.Equal(1, store.Reads);
            Assert.Empty(host.Handled);
        }

        [Fact]
        public async Task A_store_still_failing_at_half_the_deadline_is_answered_503_and_its_handler_does_not_run()
        {
            var store = new FailingConversationStore(failures: int.MaxValue, transient: true);
            await using WebhookHost host = await WebhookHost.StartAsync(
                Echo,
                o => o.Deadline = TimeSpan.FromMilliseconds(800),
                services: s => s.AddSingleton<IWeChatConversationStore>(store));

            using HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("hi", msgId: 9803));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.InRange(store.Reads, 2, 3); // tries at 0, 100 and 300 ms; the next would come past 400 ms, half the deadline
            Assert.Empty(host.Handled);
        }

        /// <summary>Counts the sender's pushes in the conversation and says the count.</summary>
        private static void Count(WeChatHandlers handlers) =>
            handlers.On<TextMessage>((m, context) =>
            {
                int count = int.Parse(context.Conversation["count"] ?? "0", System.Globalization.CultureInfo.InvariantCulture) + 1;
                context.Conversation["count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                return new TextReply { Content = $"{m.Content} {count}" };
            });

        [Fact]
        public async Task A_save_after_the_handler_failing_for_a_moment_is_tried_again_and_the_handler_runs_once()
        {
            var store = new FailingConversationStore(failures: 0, transient: true, saveFailures: 2);
            var warnings = new List<string>();
            await using WebhookHost host = await WebhookHost.StartAsync(
                Count,
                services: s => s
                    .AddSingleton<IWeChatConversationStore>(store)
                    .AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(warnings))));

            using HttpResponseMessage first = await host.PostPlainAsync(WebhookHost.Text("hi", msgId: 9811));
            using HttpResponseMessage second = await host.PostPlainAsync(WebhookHost.Text("again", msgId: 9812));

            Assert.Equal("hi 1", await WebhookTests.ReplyContent(first));
            Assert.Equal("again 2", await WebhookTests.ReplyContent(second)); // the first push's count was saved
            Assert.Equal(4, store.Saves);
            Assert.Equal(2, host.Handled.Count);
            lock (warnings)
            {
                Assert.Equal(
                    new[]
                    {
                        "The state store failed saving a text push's conversation or answer after its handler ran; trying again in 100 ms, within the deadline",
                        "The state store failed saving a text push's conversation or answer after its handler ran; trying again in 200 ms, within the deadline",
                    },
                    warnings.FindAll(w => w.StartsWith("The state store", StringComparison.Ordinal)));
            }
        }

        [Fact]
        public async Task A_save_that_will_not_pass_is_answered_503_so_WeChat_sends_the_push_again()
        {
            var store = new FailingConversationStore(failures: 0, transient: false, saveFailures: 1);
            await using WebhookHost host = await WebhookHost.StartAsync(Count, services: s => s.AddSingleton<IWeChatConversationStore>(store));

            using HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("hi", msgId: 9813));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal(1, store.Saves);
            Assert.Single(host.Handled);
        }

        [PostgresFact]
        public async Task A_handler_s_writes_that_meet_PostgreSQL_out_of_reach_for_a_moment_are_tried_again_and_the_reply_goes_out()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            var direct = new NpgsqlConnectionStringBuilder(connectionString);
            await using var proxy = new LoopbackTcpProxy(direct.Host!, direct.Port);
            string throughProxy = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
            try
            {
                int runs = 0;
                await using WebhookHost host = await WebhookHost.StartAsync(
                    h => h.On<TextMessage>((m, context) =>
                    {
                        Interlocked.Increment(ref runs);
                        context.Conversation["last"] = m.Content ?? string.Empty;

                        // The database goes out of reach as the handler ends, for 400 ms: the writes after it fail at first.
                        proxy.Down = true;
                        _ = Task.Delay(400).ContinueWith(_ => proxy.Down = false, TaskScheduler.Default);
                        return new TextReply { Content = "saved " + m.Content };
                    }),
                    services: s => s.AddWeChatPostgresState(throughProxy));
                await host.WarmUpStateAsync();

                using HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("through the outage", msgId: 9814));

                Assert.Equal("saved through the outage", await WebhookTests.ReplyContent(response));
                Assert.Equal(1, runs);
                IReadOnlyDictionary<string, string>? saved = await host.Services.GetRequiredService<IWeChatConversationStore>().GetAsync("o1", CancellationToken.None);
                Assert.Equal("through the outage", saved?["last"]);
            }
            finally
            {
                await drop();
            }
        }

        [PostgresFact]
        public async Task A_push_that_arrives_while_PostgreSQL_is_out_of_reach_for_a_moment_gets_its_reply_in_the_same_delivery()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            var direct = new NpgsqlConnectionStringBuilder(connectionString);
            await using var proxy = new LoopbackTcpProxy(direct.Host!, direct.Port);
            string throughProxy = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
            try
            {
                await using WebhookHost host = await WebhookHost.StartAsync(Echo, services: s => s.AddWeChatPostgresState(throughProxy));
                await host.WarmUpStateAsync();

                proxy.Down = true; // every pooled connection is cut, and new ones are closed as they come
                Task<HttpResponseMessage> pushed = host.PostPlainAsync(WebhookHost.Text("through the outage", msgId: 9804));
                await Task.Delay(500);
                Assert.False(pushed.IsCompleted); // not a 503 at once: the push waits for the store
                proxy.Down = false;
                using HttpResponseMessage response = await pushed.WaitAsync(TimeSpan.FromSeconds(10));

                Assert.Equal("echo through the outage", await WebhookTests.ReplyContent(response));
                Assert.Single(host.Handled);
            }
            finally
            {
                await drop();
            }
        }

        /// <summary>A conversation store whose first reads (and saves) fail as a database does, saying whether the failure may pass.</summary>
        private sealed class FailingConversationStore(int failures, bool transient, int saveFailures = 0) : IWeChatConversationStore
        {
            private readonly ConcurrentDictionary<string, IReadOnlyDictionary<string, string>> _saved = new();
            private int _reads;
            private int _saves;

            public int Reads => Volatile.Read(ref _reads);

            public int Saves => Volatile.Read(ref _saves);

            public ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string openId, CancellationToken cancellationToken) =>
                Interlocked.Increment(ref _reads) <= failures
                    ? ValueTask.FromException<IReadOnlyDictionary<string, string>?>(new StoreException(transient))
                    : new ValueTask<IReadOnlyDictionary<string, string>?>(_saved.TryGetValue(openId, out IReadOnlyDictionary<string, string>? values) ? values : null);

            public async ValueTask SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken)
            {
                await Task.Yield(); // as a database's write does, it ends after the call returns
                if (Interlocked.Increment(ref _saves) <= saveFailures)
                {
                    throw new StoreException(transient);
                }

                _saved[openId] = values;
            }

            public ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken) => new(0);
        }

        private sealed class StoreException(bool transient) : DbException(transient ? "the connection was reset" : "permission denied for table wechat_conversations")
        {
            public override bool IsTransient => transient;
        }
    }
}
