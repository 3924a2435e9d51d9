using System;
using System.Collections.Concurrent;
using System.Linq;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Tests.Http;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>
    /// Two bot instances behind one load balancer share a PostgreSQL database (or two hosts in one process one SQLite
    /// store): pushes of one user that reach both at the same moment must still take turns, so each handler reads the
    /// conversation the previous one saved.
    /// </summary>
    public sealed class SharedTurnsTests
    {
        [PostgresFact]
        public Task Pushes_of_one_sender_on_two_instances_take_turns() => SharedStateDatabases.WithPostgres(PushesOfOneSenderOnTwoHostsTakeTurns);

        [Fact]
        public Task Pushes_of_one_sender_on_two_hosts_sharing_a_sqlite_store_take_turns() => SharedStateDatabases.WithSqlite(PushesOfOneSenderOnTwoHostsTakeTurns);

        private static async Task PushesOfOneSenderOnTwoHostsTakeTurns(Action<IServiceCollection> state)
        {
            await using WebhookHost a = await WebhookHost.StartAsync(h => h.OnAsync<TextMessage>(WebhookTests.CountSlowly), services: state);
            await using WebhookHost b = await WebhookHost.StartAsync(h => h.OnAsync<TextMessage>(WebhookTests.CountSlowly), services: state);

            // Alternating instances, all at once: without turns shared through the database, two of them read the same count.
            string[] answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
                await WebhookTests.ReplyContent(await (i % 2 == 0 ? a : b).PostPlainAsync(WebhookTests.TextFrom("o-shared", 9700 + i)))));

            Assert.Equal(Enumerable.Range(1, 6).Select(i => "o-shared count " + i), answers.Order(StringComparer.Ordinal));
            Assert.Equal((3, 3), (a.Handled.Count, b.Handled.Count));
        }

        [PostgresFact]
        public Task Another_sender_is_not_held_up_by_a_turn_on_the_other_instance() => SharedStateDatabases.WithPostgres(async state =>
        {
            var release = new TaskCompletionSource();
            await using WebhookHost a = await WebhookHost.StartAsync(
                h => h.OnAsync<TextMessage>(async (m, context) =>
                {
                    await release.Task;
                    return await WebhookTests.CountSlowly(m, context);
                }),
                services: state);
            await using WebhookHost b = await WebhookHost.StartAsync(h => h.OnAsync<TextMessage>(WebhookTests.CountSlowly), services: state);

            Task<HttpResponseMessage> held = a.PostPlainAsync(WebhookTests.TextFrom("o-held", 9711));
            await SharedDeliveryTests.WaitUntil(() => a.Handled.Count == 1);
            Task<HttpResponseMessage> waiting = b.PostPlainAsync(WebhookTests.TextFrom("o-held", 9712));
            string other = await WebhookTests.ReplyContent(await b.PostPlainAsync(WebhookTests.TextFrom("o-free", 9713)));
            bool answeredMeanwhile = waiting.IsCompleted;
            release.SetResult();

            Assert.Equal("o-free count 1", other);
            Assert.False(answeredMeanwhile);
            Assert.Equal("o-held count 1", await WebhookTests.ReplyContent(await held));
            Assert.Equal("o-held count 2", await WebhookTests.ReplyContent(await waiting));
        });

        [PostgresFact]
        public Task A_push_waiting_past_the_deadline_for_the_other_instance_answers_success_and_replies_late_in_order() => SharedStateDatabases.WithPostgres(async state =>
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            (ConcurrentQueue<string> sent, Task both) = WebhookTests.RecordSends(api, 2);
            Action<WeChatHandlers> handlers = h => h.OnAsync<TextMessage>(async (m, context) =>
            {
                if (m.MsgId == 9721)
                {
                    await Task.Delay(1500);
                }

                return await WebhookTests.CountSlowly(m, context);
            });
            Action<WeChatWebhookOptions> deadline = o => o.Deadline = TimeSpan.FromMilliseconds(300);
            await using WebhookHost a = await WebhookHost.StartAsync(handlers, deadline, api.BaseAddress, state);
            await using WebhookHost b = await WebhookHost.StartAsync(handlers, deadline, api.BaseAddress, state);
            await a.WarmUpStateAsync();
            await b.WarmUpStateAsync();

            Task<HttpResponseMessage> slow = a.PostPlainAsync(WebhookTests.TextFrom("o-late", 9721));
            await SharedDeliveryTests.WaitUntil(() => a.Handled.Count == 1);
            string waiting = await (await b.PostPlainAsync(WebhookTests.TextFrom("o-late", 9722))).Content.ReadAsStringAsync();
            bool secondRanWhileWaiting = b.Handled.Count != 0;
            await both.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("success", waiting);
            Assert.False(secondRanWhileWaiting);
            Assert.Equal("success", await (await slow).Content.ReadAsStringAsync());
            Assert.Equal(
                new[]
                {
                    "{\"touser\":\"o-late\",\"msgtype\":\"text\",\"text\":{\"content\":\"o-late count 1\"}}",
                    "{\"touser\":\"o-late\",\"msgtype\":\"text\",\"text\":{\"content\":\"o-late count 2\"}}",
                },
                sent);
        });

        [PostgresFact]
        public async Task A_push_answered_while_it_waited_for_its_turn_still_runs_when_the_database_is_unreachable_for_a_while()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            var direct = new NpgsqlConnectionStringBuilder(connectionString);
            await using var proxy = new LoopbackTcpProxy(direct.Host!, direct.Port);
            string throughProxy = new NpgsqlConnectionStringBuilder(connectionString) { Host = "127.0.0.1", Port = proxy.Port }.ConnectionString;
            try
            {
                await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
                (ConcurrentQueue<string> sent, Task both) = WebhookTests.RecordSends(api, 2);
                var release = new TaskCompletionSource();
                Action<WeChatHandlers> handlers = h => h.OnAsync<TextMessage>(async (m, context) =>
                {
                    if (m.MsgId == 9741)
                    {
                        await release.Task;
                    }

                    return await WebhookTests.CountSlowly(m, context);
                });
                Action<WeChatWebhookOptions> deadline = o => o.Deadline = TimeSpan.FromMilliseconds(300);
                await using WebhookHost a = await WebhookHost.StartAsync(handlers, deadline, api.BaseAddress, s => s.AddWeChatPostgresState(connectionString));
                await using WebhookHost b = await WebhookHost.StartAsync(handlers, deadline, api.BaseAddress, s => s.AddWeChatPostgresState(throughProxy));
                await a.WarmUpStateAsync();
                await b.WarmUpStateAsync();

                // The first push holds its sender's turn on one instance; the second, on the other, waits past its deadline.
                Assert.Equal("success", await (await a.PostPlainAsync(WebhookTests.TextFrom("o-failover", 9741))).Content.ReadAsStringAsync());
                Assert.Equal("success", await (await b.PostPlainAsync(WebhookTests.TextFrom("o-failover", 9742))).Content.ReadAsStringAsync());

                // Then the database is out of the second instance's reach for a second and a half (its polls for the turn
                // fail), while the first push finishes and gives its turn back.
                proxy.Down = true;
                release.SetResult();
                await Task.Delay(1500);
                bool ranWhileDown = b.Handled.Count != 0;
                proxy.Down = false;

                await both.WaitAsync(TimeSpan.FromSeconds(15));
                Assert.False(ranWhileDown);
                Assert.Equal(
                    new[]
                    {
                        "{\"touser\":\"o-failover\",\"msgtype\":\"text\",\"text\":{\"content\":\"o-failover count 1\"}}",
                        "{\"touser\":\"o-failover\",\"msgtype\":\"text\",\"text\":{\"content\":\"o-failover count 2\"}}",
                    },
                    sent);
                Assert.Single(b.Handled);
            }
            finally
            {
                await drop();
            }
        }

        [PostgresFact]
        public Task A_hung_handler_gives_its_turn_back_to_the_database_at_the_turn_limit() => SharedStateDatabases.WithPostgres(async state =>
        {
            var hung = new TaskCompletionSource<WeChatReply?>();
            Action<WeChatHandlers> handlers = h => h.OnAsync<TextMessage>((m, context) => m.MsgId == 9731 ? new ValueTask<WeChatReply?>(hung.Task) : WebhookTests.CountSlowly(m, context));
            Action<WeChatWebhookOptions> limits = o =>
            {
                // The second push must reach its deadline before the first one's turn lapses, however long the machine
                // takes between the two requests. The deadline also bounds the store's work before a handler runs: 200 ms
                // was once too little for that on a loaded CI machine (503 instead of success).
                o.Deadline = TimeSpan.FromMilliseconds(500);
                o.SenderTurnLimit = TimeSpan.FromSeconds(3);
                o.TimestampWindow = null; // the requests carry the real clock, the hosts a stopped one
            };

            // The wall clock stands still, so the turn's row in the database never lapses: only giving it back lets the
            // other instance go on.
            var stopped = new ManualTimeProvider();
            Action<IServiceCollection> services = s =>
            {
                state(s);
                s.AddSingleton<TimeProvider>(stopped);
            };
            await using WebhookHost a = await WebhookHost.StartAsync(handlers, limits, services: services);
            await using WebhookHost b = await WebhookHost.StartAsync(handlers, limits, services: services);
            await a.WarmUpStateAsync();
            await b.WarmUpStateAsync();

            string third;
            try
            {
                Assert.Equal("success", await (await a.PostPlainAsync(WebhookTests.TextFrom("o-hung", 9731))).Content.ReadAsStringAsync());

                // The other instance's push waits past its deadline, then runs once the limit passed on the first instance.
                Assert.Equal("success", await (await b.PostPlainAsync(WebhookTests.TextFrom("o-hung", 9732))).Content.ReadAsStringAsync());
                await SharedDeliveryTests.WaitUntil(() => b.Handled.Count == 1);

                // And a push after that, on a third instance with the default deadline, is not waiting for the hung handler
                // either: it runs after the second push saved, since the turn in the database was given back.
                await using WebhookHost c = await WebhookHost.StartAsync(handlers, o => o.TimestampWindow = null, services: services);
                third = await WebhookTests.ReplyContent(await c.PostPlainAsync(WebhookTests.TextFrom("o-hung", 9733)));
            }
            finally
            {
                // Also when an assertion failed: a host waits for a handler still running when it stops.
                hung.TrySetResult(null);
            }

            Assert.Equal("o-hung count 2", third);
        });
    }
}
