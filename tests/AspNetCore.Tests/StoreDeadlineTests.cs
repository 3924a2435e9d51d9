using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using WeChat.OfficialAccount.AspNetCore.Tests.State;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Tests.Http;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>
    /// A state store that stops answering does not hold a push past the deadline. Each store here answers only once
    /// its gate opens, and the gate opens only after the push was answered: a webhook that waited for the store would
    /// never answer, and the test fails at its time limit.
    /// </summary>
    public class StoreDeadlineTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);

        /// <summary>Whether the hosts of these tests listen on real Kestrel on 127.0.0.1 instead of TestServer.</summary>
        protected virtual bool Kestrel => false;

        private Task<WebhookHost> StartAsync(Action<WeChatHandlers> handlers, Action<IServiceCollection> services, Uri? fakeApi = null) =>
            WebhookHost.StartAsync(handlers, o => o.Deadline = TimeSpan.FromMilliseconds(300), fakeApi, services, kestrel: Kestrel);

        private static void Remember(WeChatHandlers h) =>
            h.On<TextMessage>((m, context) =>
            {
                string? before = context.Conversation["last"];
                context.Conversation["last"] = m.Content ?? string.Empty;
                return new TextReply { Content = $"got {m.Content}, before {before ?? "nothing"}" };
            });

        [Fact]
        public async Task A_claim_the_store_grants_only_after_the_deadline_is_answered_503_given_back_and_run_by_the_retry()
        {
            var deliveries = new GatedDeliveryStore();
            await using var host = await StartAsync(Remember, s => s.AddSingleton<IWeChatDeliveryStore>(deliveries));
            string push = WebhookHost.Text("claimed late", msgId: 9501);

            HttpResponseMessage first = await host.PostPlainAsync(push).WaitAsync(Patience);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            Assert.StartsWith("the state store did not answer within the deadline", await first.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Empty(host.Handled);

            deliveries.Claims.SetResult(); // the store answers at last and grants the claim the webhook gave up on
            await State.SharedDeliveryTests.WaitUntil(() => deliveries.Abandoned.Contains(WeChatMessageKey(9501)));

            HttpResponseMessage retry = await host.PostPlainAsync(push).WaitAsync(Patience);
            Assert.Equal("got claimed late, before nothing", await WebhookTests.ReplyContent(retry));
            Assert.Single(host.Handled);
        }

        [Fact]
        public async Task A_conversation_the_store_does_not_read_by_the_deadline_is_answered_503_and_the_retry_runs_the_handler()
        {
            var conversations = new GatedConversationStore();
            await using var host = await StartAsync(Remember, s => s.AddSingleton<IWeChatConversationStore>(conversations));
            conversations.Writes.SetResult();
            string push = WebhookHost.Text("read late", msgId: 9502);

            HttpResponseMessage first = await host.PostPlainAsync(push).WaitAsync(Patience);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
            Assert.Empty(host.Handled);

            conversations.Reads.SetResult();
            HttpResponseMessage retry = await host.PostPlainAsync(push).WaitAsync(Patience);
            Assert.Equal("got read late, before nothing", await WebhookTests.ReplyContent(retry));
            Assert.Single(host.Handled);
        }

        [Fact]
        public async Task Writes_the_store_does_not_finish_by_the_deadline_answer_success_and_the_reply_goes_out_once_saved()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            (ConcurrentQueue<string> sent, Task arrived) = WebhookTests.RecordSends(api, 1);
            var conversations = new GatedConversationStore();
            conversations.Reads.SetResult();
            await using var host = await StartAsync(Remember, s => s.AddSingleton<IWeChatConversationStore>(conversations), api.BaseAddress);

            HttpResponseMessage first = await host.PostPlainAsync(WebhookHost.Text("saved late", msgId: 9503)).WaitAsync(Patience);
            Assert.Equal("success", await first.Content.ReadAsStringAsync());
            Assert.Empty(sent); // the reply waits for its conversation to be saved

            conversations.Writes.SetResult();
            await arrived.WaitAsync(Patience);
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"got saved late, before nothing\"}}", Assert.Single(sent));

            // The sender's next push reads what the late one saved.
            HttpResponseMessage next = await host.PostPlainAsync(WebhookHost.Text("next", msgId: 9504)).WaitAsync(Patience);
            Assert.Equal("got next, before saved late", await WebhookTests.ReplyContent(next));
        }

        private static string WeChatMessageKey(long msgId) => "msg:" + msgId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        [Fact]
        public async Task A_retry_of_a_delivery_running_elsewhere_is_answered_success_when_the_store_stops_answering_its_polls()
        {
            var deliveries = new GatedDeliveryStore { Ungated = 1 };
            Assert.True((await deliveries.Inner.ClaimAsync(WeChatMessageKey(9505), TimeSpan.FromMinutes(1), default)).Claimed); // another instance runs it

            await using var host = await StartAsync(Remember, s => s.AddSingleton<IWeChatDeliveryStore>(deliveries));
            HttpResponseMessage retry = await host.PostPlainAsync(WebhookHost.Text("elsewhere", msgId: 9505)).WaitAsync(Patience);

            // Its first claim found the delivery running; the polls after it got no answer. The instance running it sends
            // the reply late, so WeChat must not be told to try again.
            Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
            Assert.Equal("success", await retry.Content.ReadAsStringAsync());
            Assert.Empty(host.Handled);
            deliveries.Claims.SetResult(); // the poll left waiting ends, so stopping the host does not wait for it
        }

        [Fact]
        public async Task A_push_answered_while_it_waited_for_its_turn_survives_a_store_that_fails_and_comes_back()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            (ConcurrentQueue<string> sent, Task arrived) = WebhookTests.RecordSends(api, 1);
            var turns = new FailingTurnStore { Failures = 1 };
            var warnings = new List<string>();
            await using var host = await StartAsync(
                Remember,
                s => s.AddSingleton<IWeChatConversationStore>(turns).AddLogging(l => l.AddProvider(new CapturingLoggerProvider(warnings))),
                api.BaseAddress);

            // The store does not answer by the deadline: WeChat gets success, and the push waits for its turn.
            HttpResponseMessage first = await host.PostPlainAsync(WebhookHost.Text("during failover", msgId: 9506)).WaitAsync(Patience);
            Assert.Equal("success", await first.Content.ReadAsStringAsync());

            // Then it fails (a database failing over), and answers again a second later: the push still runs, once.
            turns.Answer.SetResult();
            await arrived.WaitAsync(Patience);
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"got during failover, before nothing\"}}", Assert.Single(sent));
            Assert.Single(host.Handled);
            Assert.Equal(2, turns.Entered);
            lock (warnings)
            {
                Assert.Contains(warnings, w => w.StartsWith("The state store failed while a text push answered after the deadline waited", StringComparison.Ordinal));
            }

            // What it saved is there for the sender's next push.
            HttpResponseMessage next = await host.PostPlainAsync(WebhookHost.Text("next", msgId: 9507)).WaitAsync(Patience);
            Assert.Equal("got next, before during failover", await WebhookTests.ReplyContent(next));
        }

        [Fact]
        public async Task A_push_answered_while_it_waited_for_its_turn_is_dropped_with_an_error_when_the_store_stays_down_past_the_turn_limit()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            (ConcurrentQueue<string> sent, _) = WebhookTests.RecordSends(api, 1);
            var turns = new FailingTurnStore { Failures = int.MaxValue };
            var errors = new List<string>();
            await using var host = await WebhookHost.StartAsync(
                Remember,
                o =>
                {
                    o.Deadline = TimeSpan.FromMilliseconds(300);
                    o.SenderTurnLimit = TimeSpan.FromSeconds(2.9);
                },
                api.BaseAddress,
                s => s.AddSingleton<IWeChatConversationStore>(turns).AddLogging(l => l.AddProvider(new CapturingLoggerProvider(errors, LogLevel.Error))),
                Kestrel);

            HttpResponseMessage first = await host.PostPlainAsync(WebhookHost.Text("lost", msgId: 9508)).WaitAsync(Patience);
            Assert.Equal("success", await first.Content.ReadAsStringAsync());
            turns.Answer.SetResult();

            await SharedDeliveryTests.WaitUntil(() =>
            {
                lock (errors)
                {
                    return errors.Count > 0;
                }
            });
            lock (errors)
            {
                Assert.StartsWith("The state store failed for ", Assert.Single(errors), StringComparison.Ordinal);
                Assert.EndsWith("the push is dropped, its handler did not run", errors[0], StringComparison.Ordinal);
            }

            // Tried again once a second: the first take, a retry a second later, and one more unless the machine held the
            // retry up for most of a second (the third try, two seconds after the first failure, is the last within 2.9 s).
            Assert.InRange(turns.Entered, 2, 3);
            Assert.Empty(host.Handled);
            Assert.Empty(sent);
        }

        /// <summary>An in-memory delivery store whose claims after the first <see cref="Ungated"/> wait for <see cref="Claims"/>; it records what is given back.</summary>
        private sealed class GatedDeliveryStore : IWeChatDeliveryStore
        {
            private int _claims;

            public InMemoryWeChatDeliveryStore Inner { get; } = new();

            public int Ungated { get; init; }

            public TaskCompletionSource Claims { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public ConcurrentBag<string> Abandoned { get; } = new();

            public async ValueTask<WeChatDeliveryClaim> ClaimAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken)
            {
                if (Interlocked.Increment(ref _claims) > Ungated)
                {
                    await Claims.Task.ConfigureAwait(false);
                }

                return await Inner.ClaimAsync(key, timeToLive, cancellationToken).ConfigureAwait(false);
            }

            public ValueTask CompleteAsync(string key, ReadOnlyMemory<byte> answer, TimeSpan timeToLive, CancellationToken cancellationToken) =>
                Inner.CompleteAsync(key, answer, timeToLive, cancellationToken);

            public ValueTask AbandonAsync(string key, CancellationToken cancellationToken)
            {
                Abandoned.Add(key);
                return Inner.AbandonAsync(key, cancellationToken);
            }
        }

        [Fact]
        public async Task A_push_answered_while_it_waited_for_its_turn_reads_its_conversation_again_when_the_first_read_fails()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            (ConcurrentQueue<string> sent, Task both) = WebhookTests.RecordSends(api, 2);
            var conversations = new FlakyConversationStore { FailingRead = 2 };
            var release = new TaskCompletionSource();
            await using var host = await StartAsync(
                h => h.OnAsync<TextMessage>(async (m, context) =>
                {
                    if (m.Content == "first")
                    {
                        await release.Task;
                    }

                    string? before = context.Conversation["last"];
                    context.Conversation["last"] = m.Content ?? string.Empty;
                    return new TextReply { Content = $"got {m.Content}, before {before ?? "nothing"}" };
                }),
                s => s.AddSingleton<IWeChatConversationStore>(conversations),
                api.BaseAddress);

            // The first push holds its sender's turn past the deadline, the second waits for it past its own.
            Assert.Equal("success", await (await host.PostPlainAsync(WebhookHost.Text("first", msgId: 9509)).WaitAsync(Patience)).Content.ReadAsStringAsync());
            Assert.Equal("success", await (await host.PostPlainAsync(WebhookHost.Text("second", msgId: 9510)).WaitAsync(Patience)).Content.ReadAsStringAsync());

            // When its turn comes, reading its conversation fails once; a second later it reads what the first push saved.
            release.SetResult();
            await both.WaitAsync(Patience);
            Assert.Equal(
                new[]
                {
                    "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"got first, before nothing\"}}",
                    "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"got second, before first\"}}",
                },
                sent);
            Assert.Equal(3, conversations.Reads);
        }

        /// <summary>
        /// An in-memory conversation store that shares sender turns as the PostgreSQL store does. Its first turn waits for
        /// <see cref="Answer"/>; the first <see cref="Failures"/> takes then fail as a database that is down does.
        /// </summary>
        private sealed class FailingTurnStore : IWeChatConversationStore, IWeChatSenderTurns
        {
            private readonly InMemoryWeChatConversationStore _inner = new();
            private int _entered;

            public int Failures { get; init; }

            public TaskCompletionSource Answer { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public int Entered => Volatile.Read(ref _entered);

            public async ValueTask<IWeChatSenderTurn> EnterAsync(string openId, TimeSpan lease, CancellationToken cancellationToken)
            {
                int attempt = Interlocked.Increment(ref _entered);
                await Answer.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
                if (attempt <= Failures)
                {
                    throw new StoreDownException();
                }

                return new Turn(this, openId, await _inner.GetAsync(openId, cancellationToken).ConfigureAwait(false));
            }

            public ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string openId, CancellationToken cancellationToken) =>
                _inner.GetAsync(openId, cancellationToken);

            public ValueTask SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken) =>
                _inner.SetAsync(openId, values, timeToLive, cancellationToken);

            public ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken) => _inner.RemoveExpiredAsync(cancellationToken);

            private sealed class Turn(FailingTurnStore store, string openId, IReadOnlyDictionary<string, string>? conversation) : IWeChatSenderTurn
            {
                public IReadOnlyDictionary<string, string>? Conversation => conversation;

                public async ValueTask LeaveAsync(WeChatTurnResult result, CancellationToken cancellationToken)
                {
                    if (result.Conversation is { } changed)
                    {
                        await store.SetAsync(openId, changed, result.ConversationTimeToLive, cancellationToken).ConfigureAwait(false);
                    }
                }

                public ValueTask DisposeAsync() => default;
            }
        }

        /// <summary>An in-memory conversation store whose read number <see cref="FailingRead"/> fails as a database that is down does.</summary>
        private sealed class FlakyConversationStore : IWeChatConversationStore
        {
            private readonly InMemoryWeChatConversationStore _inner = new();
            private int _reads;

            public int FailingRead { get; init; }

            public int Reads => Volatile.Read(ref _reads);

            public ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string openId, CancellationToken cancellationToken) =>
                Interlocked.Increment(ref _reads) == FailingRead
                    ? ValueTask.FromException<IReadOnlyDictionary<string, string>?>(new StoreDownException())
                    : _inner.GetAsync(openId, cancellationToken);

            public ValueTask SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken) =>
                _inner.SetAsync(openId, values, timeToLive, cancellationToken);

            public ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken) => _inner.RemoveExpiredAsync(cancellationToken);
        }

        /// <summary>What a database driver throws when the server is down (Npgsql's exceptions are <see cref="DbException"/>s too).</summary>
        private sealed class StoreDownException() : DbException("the database is down");

        /// <summary>An in-memory conversation store whose reads wait for <see cref="Reads"/> and writes for <see cref="Writes"/>.</summary>
        private sealed class GatedConversationStore : IWeChatConversationStore
        {
            private readonly InMemoryWeChatConversationStore _inner = new();

            public TaskCompletionSource Reads { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public TaskCompletionSource Writes { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

            public async ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string openId, CancellationToken cancellationToken)
            {
                await Reads.Task.ConfigureAwait(false);
                return await _inner.GetAsync(openId, cancellationToken).ConfigureAwait(false);
            }

            public async ValueTask SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken)
            {
                await Writes.Task.ConfigureAwait(false);
                await _inner.SetAsync(openId, values, timeToLive, cancellationToken).ConfigureAwait(false);
            }

            public ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken) => _inner.RemoveExpiredAsync(cancellationToken);
        }
    }

    /// <summary>
    /// The same against a real PostgreSQL server, held up the way a production database is: another client's transaction
    /// holds a row lock the store's statement must wait for.
    /// </summary>
    public sealed class PostgresStoreDeadlineTests
    {
        private static readonly TimeSpan Patience = TimeSpan.FromSeconds(15);

        [PostgresFact]
        public async Task A_claim_held_up_by_another_client_s_row_lock_is_answered_503_by_the_deadline_and_runs_on_the_retry()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            try
            {
                int runs = 0;
                await using var host = await WebhookHost.StartAsync(
                    h => h.On<TextMessage>((m, _) =>
                    {
                        Interlocked.Increment(ref runs);
                        return new TextReply { Content = "ran " + m.Content };
                    }),
                    o => o.Deadline = TimeSpan.FromSeconds(2),
                    services: s => s.AddWeChatPostgresState(connectionString));
                Assert.Equal("ran warm-up", await WebhookTests.ReplyContent(await host.PostPlainAsync(WebhookHost.Text("warm-up", msgId: 9600)))); // creates the tables

                await using var other = new NpgsqlConnection(connectionString);
                await other.OpenAsync();
                await using NpgsqlTransaction holder = await other.BeginTransactionAsync();
                await using (var insert = new NpgsqlCommand("INSERT INTO wechat_deliveries (key, answer, expires_at) VALUES ('msg:9601', NULL, 0)", other, holder))
                {
                    await insert.ExecuteNonQueryAsync(); // uncommitted: the store's claim of the same key waits for this transaction
                }

                string push = WebhookHost.Text("held up", msgId: 9601);
                HttpResponseMessage first = await host.PostPlainAsync(push).WaitAsync(Patience);
                Assert.Equal(HttpStatusCode.ServiceUnavailable, first.StatusCode);
                Assert.Equal(1, Volatile.Read(ref runs));

                // The lock goes; the claim the store then grants is given back, so WeChat's retry runs the handler (were it
                // kept, the retry would find the delivery running and answer success without a reply).
                await holder.RollbackAsync();
                HttpResponseMessage retry = await host.PostPlainAsync(push).WaitAsync(Patience);
                Assert.Equal("ran held up", await WebhookTests.ReplyContent(retry));
                Assert.Equal(2, Volatile.Read(ref runs));
            }
            finally
            {
                await drop();
            }
        }

        [PostgresFact]
        public async Task A_save_held_up_by_another_client_s_row_lock_answers_success_and_the_reply_goes_out_once_saved()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            try
            {
                await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
                (ConcurrentQueue<string> sent, Task arrived) = WebhookTests.RecordSends(api, 1);
                await using var host = await WebhookHost.StartAsync(
                    h => h.On<TextMessage>((m, context) =>
                    {
                        string? before = context.Conversation["last"];
                        context.Conversation["last"] = m.Content ?? string.Empty;
                        return new TextReply { Content = $"got {m.Content}, before {before ?? "nothing"}" };
                    }),
                    o => o.Deadline = TimeSpan.FromSeconds(2),
                    api.BaseAddress,
                    s => s.AddWeChatPostgresState(connectionString));
                Assert.Equal("got first, before nothing", await WebhookTests.ReplyContent(await host.PostPlainAsync(WebhookHost.Text("first", msgId: 9610))));

                await using var other = new NpgsqlConnection(connectionString);
                await other.OpenAsync();
                await using NpgsqlTransaction holder = await other.BeginTransactionAsync();
                await using (var select = new NpgsqlCommand("SELECT 1 FROM wechat_conversations WHERE open_id = 'o1' FOR UPDATE", other, holder))
                {
                    Assert.Equal(1, await select.ExecuteScalarAsync()); // the handler still reads the row; saving it waits
                }

                HttpResponseMessage second = await host.PostPlainAsync(WebhookHost.Text("second", msgId: 9611)).WaitAsync(Patience);
                Assert.Equal("success", await second.Content.ReadAsStringAsync());
                Assert.Empty(sent);

                await holder.CommitAsync();
                await arrived.WaitAsync(Patience);
                Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"got second, before first\"}}", Assert.Single(sent));
                Assert.Equal("got third, before second", await WebhookTests.ReplyContent(await host.PostPlainAsync(WebhookHost.Text("third", msgId: 9612)).WaitAsync(Patience)));
            }
            finally
            {
                await drop();
            }
        }
    }

    /// <summary>The same over a real socket.</summary>
    public sealed class KestrelStoreDeadlineTests : StoreDeadlineTests
    {
        protected override bool Kestrel => true;
    }
}
