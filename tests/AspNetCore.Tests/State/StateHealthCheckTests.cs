using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.AspNetCore.State.Postgres;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>
    /// <c>AddHealthChecks().AddWeChatState()</c>: the bot's state store is asked whether it works, so a load balancer or
    /// an orchestrator can tell an instance that answers every push 503 from one that works.
    /// </summary>
    public sealed class StateHealthCheckTests
    {
        private static Task<WebhookHost> StartAsync(Action<IServiceCollection> state, Action<IHealthChecksBuilder>? checks = null) =>
            WebhookHost.StartAsync(
                h => h.On<TextMessage>((m, _) => new TextReply { Content = "ran" }),
                services: s =>
                {
                    state(s);
                    IHealthChecksBuilder builder = s.AddHealthChecks();
                    if (checks is null)
                    {
                        builder.AddWeChatState();
                    }
                    else
                    {
                        checks(builder);
                    }
                },
                endpoints: app => app.MapHealthChecks("/healthz"));

        /// <summary>The endpoint's answer and the report's entry of the check <paramref name="name"/>.</summary>
        internal static async Task<(HttpStatusCode Status, string Body, HealthReportEntry Entry)> CheckAsync(WebhookHost host, string name = "wechat-state")
        {
            using HttpResponseMessage response = await host.Client.GetAsync(new Uri("/healthz", UriKind.Relative));
            HealthReport report = await host.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
            return (response.StatusCode, await response.Content.ReadAsStringAsync(), report.Entries[name]);
        }

        [Fact]
        public async Task The_in_memory_state_is_healthy_and_said_to_be_in_memory()
        {
            await using WebhookHost host = await StartAsync(_ => { });

            (HttpStatusCode status, string body, HealthReportEntry entry) = await CheckAsync(host);

            Assert.Equal((HttpStatusCode.OK, "Healthy"), (status, body));
            Assert.Equal("The WeChat state is kept in memory", entry.Description);
            Assert.Equal("in memory", entry.Data[nameof(IWeChatConversationStore)]);
        }

        [Fact]
        public async Task A_SQLite_store_that_commits_is_healthy_and_names_its_file()
        {
            string path = SharedStateDatabases.NewSqlitePath();
            try
            {
                await using (WebhookHost host = await StartAsync(s => s.AddWeChatSqliteState("Data Source=" + path)))
                {
                    Assert.Equal(HttpStatusCode.OK, (await host.PostPlainAsync(WebhookHost.Text("before the check", msgId: 9901))).StatusCode);

                    (HttpStatusCode status, string body, HealthReportEntry entry) = await CheckAsync(host);

                    Assert.Equal((HttpStatusCode.OK, "Healthy"), (status, body));
                    Assert.Matches(@"^The WeChat state store answers: SQLite " + System.Text.RegularExpressions.Regex.Escape(path) + @" \(\d+\.\d MiB\)$", entry.Description);
                    foreach (string role in new[] { nameof(IWeChatConversationStore), nameof(IWeChatDeliveryStore), "IWeChatTokenStore", nameof(IWeChatLock) })
                    {
                        Assert.StartsWith("SQLite " + path, (string)entry.Data[role], StringComparison.Ordinal);
                    }
                }
            }
            finally
            {
                await SharedStateDatabases.DeleteSqlite(path);
            }
        }

        [Fact]
        public async Task A_store_that_fails_makes_the_check_fail_with_its_reason_and_the_endpoint_answer_503()
        {
            var store = new CheckedConversationStore(_ => throw new InvalidOperationException("the disk is full"));
            await using WebhookHost host = await StartAsync(s => s.AddSingleton<IWeChatConversationStore>(store));

            (HttpStatusCode status, string body, HealthReportEntry entry) = await CheckAsync(host);

            Assert.Equal((HttpStatusCode.ServiceUnavailable, "Unhealthy"), (status, body));
            Assert.Equal("The WeChat state store (CheckedConversationStore) does not work, so pushes are answered 503: the disk is full", entry.Description);
            Assert.IsType<InvalidOperationException>(entry.Exception);
        }

        [Fact]
        public async Task A_store_that_does_not_answer_fails_at_the_timeout_with_the_chosen_status()
        {
            var store = new CheckedConversationStore(async token =>
            {
                await Task.Delay(Timeout.Infinite, token);
                return "never";
            });
            await using WebhookHost host = await StartAsync(
                s => s.AddSingleton<IWeChatConversationStore>(store),
                checks => checks.AddWeChatState(failureStatus: HealthStatus.Degraded, timeout: TimeSpan.FromMilliseconds(200)));

            (HttpStatusCode status, _, HealthReportEntry entry) = await CheckAsync(host);

            Assert.Equal(HttpStatusCode.OK, status); // Degraded is served 200 by default
            Assert.Equal(HealthStatus.Degraded, entry.Status);
            Assert.Equal("The WeChat state store (CheckedConversationStore) did not answer within the check's timeout (0.2 s); pushes wait for it until their deadline and are then answered 503", entry.Description);
        }

        [Fact]
        public async Task A_custom_store_without_the_interface_is_reported_as_not_checked()
        {
            await using WebhookHost host = await StartAsync(s => s.AddSingleton<IWeChatConversationStore>(new UncheckedConversationStore()));

            (HttpStatusCode status, _, HealthReportEntry entry) = await CheckAsync(host);

            Assert.Equal(HttpStatusCode.OK, status);
            Assert.Equal("The WeChat state store: UncheckedConversationStore, not checked (it does not implement IWeChatStateHealth)", entry.Description);
            Assert.Equal("UncheckedConversationStore, not checked (it does not implement IWeChatStateHealth)", entry.Data[nameof(IWeChatConversationStore)]);
        }

        [PostgresFact]
        public async Task A_PostgreSQL_primary_that_takes_writes_is_healthy_and_named_by_user_host_port_database_and_search_path()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            try
            {
                await using WebhookHost host = await StartAsync(s => s.AddWeChatPostgresState(connectionString));

                (HttpStatusCode status, string body, HealthReportEntry entry) = await CheckAsync(host);

                var where = new NpgsqlConnectionStringBuilder(connectionString);
                Assert.Equal((HttpStatusCode.OK, "Healthy"), (status, body));
                Assert.Equal($"The WeChat state store answers: PostgreSQL {where.Username}@{where.Host}:{where.Port}/{where.Database} (search path {where.SearchPath})", entry.Description);
            }
            finally
            {
                await drop();
            }
        }

        [PostgresFact]
        public async Task A_PostgreSQL_server_back_from_a_restart_is_healthy_at_the_first_check()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            string application = "wechat-health-" + Guid.NewGuid().ToString("N")[..8];
            try
            {
                await using var store = new PostgresWeChatStateStore(new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = application }.ConnectionString);
                await Task.WhenAll(store.CheckHealthAsync(CancellationToken.None).AsTask(), store.CheckHealthAsync(CancellationToken.None).AsTask());

                // The pool's idle sessions ended on the server's side, as a restart ends them.
                Assert.True(await PostgresTestDatabase.EndSessionsAsync(application) >= 1);

                Assert.StartsWith("PostgreSQL ", await store.CheckHealthAsync(CancellationToken.None), StringComparison.Ordinal);
            }
            finally
            {
                await drop();
            }
        }

        [PostgresFact]
        public async Task A_PostgreSQL_session_that_takes_no_writes_fails_the_check_with_what_to_change()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            try
            {
                // What a server the platform's failover left read-only does: the connection works, every write is refused.
                string readOnly = new NpgsqlConnectionStringBuilder(connectionString) { Options = "-c default_transaction_read_only=on" }.ConnectionString;
                await using (var empty = new PostgresWeChatStateStore(readOnly))
                {
                    // The tables do not exist yet: creating them is refused.
                    var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => empty.CheckHealthAsync(CancellationToken.None).AsTask());
                    Assert.EndsWith("opens read-only sessions (default_transaction_read_only is on for this user or database), and the store writes on every push: turn it off for the store's user.", refused.Message, StringComparison.Ordinal);
                    Assert.IsType<PostgresException>(refused.InnerException);
                }

                await using (var writable = new PostgresWeChatStateStore(connectionString))
                {
                    await writable.CheckHealthAsync(CancellationToken.None);
                }

                await using WebhookHost host = await StartAsync(s => s.AddWeChatPostgresState(readOnly));

                (HttpStatusCode status, _, HealthReportEntry entry) = await CheckAsync(host);

                Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
                Assert.StartsWith("The WeChat state store (PostgresWeChatStateStore) does not work, so pushes are answered 503: PostgreSQL ", entry.Description, StringComparison.Ordinal);
                Assert.EndsWith("opens read-only sessions (default_transaction_read_only is on for this user or database), and the store writes on every push: turn it off for the store's user.", entry.Description, StringComparison.Ordinal);
            }
            finally
            {
                await drop();
            }
        }

        [Fact]
        public async Task An_unreachable_PostgreSQL_server_fails_the_check_with_the_connection_error()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();

            await using WebhookHost host = await StartAsync(s => s.AddWeChatPostgresState($"Host=127.0.0.1;Port={closedPort};Username=wechat;Password=wechat;Database=wechat;Timeout=5"));

            (HttpStatusCode status, _, HealthReportEntry entry) = await CheckAsync(host);

            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
            Assert.Equal($"The WeChat state store (PostgresWeChatStateStore) does not work, so pushes are answered 503: Failed to connect to 127.0.0.1:{closedPort}", entry.Description);
        }

        /// <summary>A custom conversation store whose health check does what the test says.</summary>
        private sealed class CheckedConversationStore(Func<CancellationToken, Task<string>> check) : UncheckedConversationStore, IWeChatStateHealth
        {
            public async ValueTask<string> CheckHealthAsync(CancellationToken cancellationToken) => await check(cancellationToken);
        }

        /// <summary>A custom conversation store that knows nothing of health checks.</summary>
        private class UncheckedConversationStore : IWeChatConversationStore
        {
            private readonly InMemoryWeChatConversationStore _values = new();

            public ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string openId, CancellationToken cancellationToken) => _values.GetAsync(openId, cancellationToken);

            public ValueTask SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken) =>
                _values.SetAsync(openId, values, timeToLive, cancellationToken);

            public ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken) => _values.RemoveExpiredAsync(cancellationToken);
        }
    }
}
