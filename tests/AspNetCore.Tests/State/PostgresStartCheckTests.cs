using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>
    /// The PostgreSQL store is connected to when the application starts: a server that refuses the application for good
    /// stops the start with what to fix, one that cannot be reached is warned of and the bot starts anyway, and a good one
    /// has its tables before the first push.
    /// </summary>
    public sealed class PostgresStartCheckTests
    {
        private static Task<WebhookHost> StartAsync(string connectionString, List<string>? warnings = null) =>
            WebhookHost.StartAsync(
                h => h.On<TextMessage>((m, _) => new TextReply { Content = "ran" }),
                services: s =>
                {
                    s.AddWeChatPostgresState(connectionString);
                    if (warnings is not null)
                    {
                        s.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(warnings)));
                    }
                });

        [PostgresFact]
        public async Task A_wrong_password_stops_the_start_with_the_server_s_reason_and_what_to_check()
        {
            string wrong = new NpgsqlConnectionStringBuilder(PostgresTestDatabase.ConnectionString!) { Password = "not-the-password-" + Guid.NewGuid().ToString("N") }.ConnectionString;

            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(wrong));

            Assert.StartsWith("The PostgreSQL state store refuses this application: 28P01: password authentication failed for user ", ex.Message, StringComparison.Ordinal);
            Assert.EndsWith("Check Username and Password of the connection string (and the server's pg_hba.conf for this host).", ex.Message, StringComparison.Ordinal);
            Assert.DoesNotContain("not-the-password", ex.Message, StringComparison.Ordinal);
        }

        [PostgresFact]
        public async Task A_database_that_does_not_exist_stops_the_start()
        {
            string missing = "wechat_missing_" + Guid.NewGuid().ToString("N");
            string connectionString = new NpgsqlConnectionStringBuilder(PostgresTestDatabase.ConnectionString!) { Database = missing }.ConnectionString;

            var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => StartAsync(connectionString));

            Assert.Equal($"The PostgreSQL state store refuses this application: 3D000: database \"{missing}\" does not exist. Create the database, or name an existing one with Database= in the connection string.", ex.Message);
        }

        [PostgresFact]
        public async Task A_reachable_server_has_the_store_s_tables_before_the_first_push()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            try
            {
                await using WebhookHost host = await StartAsync(connectionString);

                await using var connection = new NpgsqlConnection(connectionString);
                await connection.OpenAsync();
                await using var tables = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name LIKE 'wechat_%'", connection);
                Assert.True((long)(await tables.ExecuteScalarAsync())! >= 3);
                Assert.Empty(host.Handled);
            }
            finally
            {
                await drop();
            }
        }

        [Fact]
        public async Task An_unreachable_server_is_warned_of_and_the_bot_starts_answering_503()
        {
            var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            var warnings = new List<string>();

            await using WebhookHost host = await StartAsync($"Host=127.0.0.1;Port={closedPort};Username=wechat;Password=wechat;Database=wechat;Timeout=5", warnings);
            HttpStatusCode status = (await host.PostPlainAsync(WebhookHost.Text("x", msgId: 9801))).StatusCode;

            Assert.Contains(
                $"The PostgreSQL state store cannot be reached at start (Failed to connect to 127.0.0.1:{closedPort}); the bot answers pushes 503 (WeChat retries them) until it can",
                warnings);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        }

        [Theory]
        [InlineData("Hots=db;Password=s3cret", "The PostgreSQL connection string cannot be read: Couldn't set hots. Write it as Host=…;Username=…;Password=…;Database=… (Npgsql's keywords).")]
        [InlineData("Host=db;Port=abc;Password=s3cret", "The PostgreSQL connection string cannot be read: Couldn't set port. Write it as Host=…;Username=…;Password=…;Database=… (Npgsql's keywords).")]
        public void A_connection_string_Npgsql_cannot_read_is_refused_when_registered_without_its_values(string connectionString, string expected)
        {
            var ex = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddWeChatPostgresState(connectionString));

            Assert.Equal(expected, ex.Message);
            Assert.DoesNotContain("s3cret", ex.Message, StringComparison.Ordinal);
        }
    }
}
