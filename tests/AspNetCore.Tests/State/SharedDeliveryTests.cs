using System;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Security;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>
    /// Two bot instances behind one load balancer share a database: a WeChat retry that lands on the other instance
    /// must not run the handler again. SQLite (one file) always; PostgreSQL where a server is configured (always in CI).
    /// </summary>
    public sealed class SharedDeliveryTests
    {
        [Fact]
        public Task Sqlite_concurrent_retry_on_the_other_instance_runs_the_handler_once() => SharedStateDatabases.WithSqlite(ConcurrentRetryRunsOnce);

        [Fact]
        public Task Sqlite_later_retry_on_the_other_instance_gets_the_first_answer() => SharedStateDatabases.WithSqlite(LaterRetryGetsFirstAnswer);

        [PostgresFact]
        public Task Postgres_concurrent_retry_on_the_other_instance_runs_the_handler_once() => SharedStateDatabases.WithPostgres(ConcurrentRetryRunsOnce);

        [PostgresFact]
        public Task Postgres_later_retry_on_the_other_instance_gets_the_first_answer() => SharedStateDatabases.WithPostgres(LaterRetryGetsFirstAnswer);

        [Fact]
        public Task Sqlite_later_retry_on_the_same_instance_is_answered_from_the_store() => SharedStateDatabases.WithSqlite(LaterRetryOnTheSameInstance);

        [PostgresFact]
        public Task Postgres_later_retry_on_the_same_instance_is_answered_from_the_store() => SharedStateDatabases.WithPostgres(LaterRetryOnTheSameInstance);

        [Fact]
        public Task Broken_handler_is_not_rerun_by_a_retry_on_the_other_instance() => SharedStateDatabases.WithSqlite(async state =>
        {
            // A throwing handler is answered "success" so WeChat stops retrying it; a retry that still comes, to the
            // other instance, gets the same answer instead of running the broken handler again.
            int runs = 0;
            Action<WeChatHandlers> handlers = h => h.On<TextMessage>((message, _) =>
            {
                Interlocked.Increment(ref runs);
                throw new InvalidOperationException("broken handler");
            });
            await using WebhookHost a = await WebhookHost.StartAsync(handlers, services: state);
            await using WebhookHost b = await WebhookHost.StartAsync(handlers, services: state);
            string xml = WebhookHost.Text("hi", msgId: 42);

            Assert.Equal("success", await (await a.PostPlainAsync(xml)).Content.ReadAsStringAsync());
            Assert.Equal("success", await (await b.PostPlainAsync(xml)).Content.ReadAsStringAsync());
            Assert.Equal(1, runs);
        });

        private static async Task ConcurrentRetryRunsOnce(Action<IServiceCollection> state)
        {
            int runs = 0;
            using var release = new SemaphoreSlim(0);
            Action<WeChatHandlers> handlers = h => h.OnAsync<TextMessage>(async (message, context) =>
            {
                int run = Interlocked.Increment(ref runs);
                await release.WaitAsync(TimeSpan.FromSeconds(10));
                return new TextReply { Content = $"run {run}: {message.Content}" };
            });
            await using WebhookHost a = await WebhookHost.StartAsync(handlers, services: state);
            await using WebhookHost b = await WebhookHost.StartAsync(handlers, services: state);
            string xml = WebhookHost.Text("shared", msgId: 7001);

            Task<HttpResponseMessage> first = a.PostPlainAsync(xml);
            await WaitUntil(() => Volatile.Read(ref runs) == 1);
            Task<HttpResponseMessage> retry = b.PostPlainAsync(xml);
            await Task.Delay(300); // the retry is now polling the shared record
            release.Release(2);

            string firstBody = await (await first).Content.ReadAsStringAsync();
            string retryBody = await (await retry).Content.ReadAsStringAsync();

            Assert.Equal(1, runs);
            Assert.Contains("run 1: shared", firstBody, StringComparison.Ordinal);
            Assert.Equal(firstBody, retryBody);
            Assert.Single(a.Handled);
            Assert.Empty(b.Handled);
        }

        private static async Task LaterRetryGetsFirstAnswer(Action<IServiceCollection> state)
        {
            int runs = 0;
            Action<WeChatHandlers> handlers = h => h.On<TextMessage>((message, _) =>
                new TextReply { Content = $"run {Interlocked.Increment(ref runs)}: {message.Content}" });
            await using WebhookHost a = await WebhookHost.StartAsync(handlers, services: state);
            await using WebhookHost b = await WebhookHost.StartAsync(handlers, services: state);
            string xml = WebhookHost.Text("again", msgId: 7002);

            string firstBody = await (await a.PostSafeAsync(xml)).Content.ReadAsStringAsync();
            string retryBody = await (await b.PostSafeAsync(xml)).Content.ReadAsStringAsync();

            // The same reply, encrypted afresh for the retry's own request.
            Assert.Equal(1, runs);
            Assert.Contains("<Encrypt>", retryBody, StringComparison.Ordinal);
            string Decrypted(string body) => Encoding.UTF8.GetString(a.Crypto.Decrypt(WeChatEncryptedEnvelope.Read(Encoding.UTF8.GetBytes(body)).Encrypt));
            Assert.Equal(Decrypted(firstBody), Decrypted(retryBody));
            Assert.Contains("run 1: again", Decrypted(retryBody), StringComparison.Ordinal);

            // A different message is a different delivery.
            await b.PostPlainAsync(WebhookHost.Text("other", msgId: 7003));
            Assert.Equal(2, runs);
        }

        private static async Task LaterRetryOnTheSameInstance(Action<IServiceCollection> state)
        {
            // With a shared store the process forgets a finished delivery (the store keeps its answer): the retry must
            // still get the first reply, not run the handler again.
            int runs = 0;
            Action<WeChatHandlers> handlers = h => h.On<TextMessage>((message, _) =>
                new TextReply { Content = $"run {Interlocked.Increment(ref runs)}: {message.Content}" });
            await using WebhookHost host = await WebhookHost.StartAsync(handlers, services: state);
            string xml = WebhookHost.Text("once", msgId: 7101);

            string first = await (await host.PostPlainAsync(xml)).Content.ReadAsStringAsync();
            string retry = await (await host.PostPlainAsync(xml)).Content.ReadAsStringAsync();
            string silent = await (await host.PostPlainAsync(WebhookHost.Text("image?", msgId: 7102).Replace("text", "image", StringComparison.Ordinal))).Content.ReadAsStringAsync();
            string silentRetry = await (await host.PostPlainAsync(WebhookHost.Text("image?", msgId: 7102).Replace("text", "image", StringComparison.Ordinal))).Content.ReadAsStringAsync();

            Assert.Equal(1, runs);
            Assert.Contains("run 1: once", first, StringComparison.Ordinal);
            Assert.Equal(first, retry);
            Assert.Equal(("success", "success"), (silent, silentRetry));
        }

        internal static async Task WaitUntil(Func<bool> condition)
        {
            for (int i = 0; i < 500 && !condition(); i++)
            {
                await Task.Delay(10);
            }

            Assert.True(condition(), "timed out waiting for a handler to start");
        }
    }
}
