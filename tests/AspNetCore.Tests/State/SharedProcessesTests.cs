using System;
using System.IO;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.Tests.State
{
    /// <summary>
    /// Two QuickStart processes on one PostgreSQL schema, as two instances behind a load balancer: a WeChat retry that
    /// lands on the other process gets the first answer without running the handler again, and the conversation
    /// context written by one process is read by the other.
    /// </summary>
    public sealed class SharedProcessesTests
    {
        [PostgresFact]
        public async Task A_retry_on_the_other_process_is_answered_once_and_the_conversation_continues_there()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            string payload = Path.Combine(Path.GetTempPath(), "shared-processes-" + Guid.NewGuid().ToString("N") + ".xml");
            try
            {
                string[] postgres = { "--QuickStart:Store", "postgres", "--QuickStart:Postgres", connectionString };
                await using QuickStartBot a = await QuickStartBot.StartBuiltAsync(postgres);
                await using QuickStartBot b = await QuickStartBot.StartBuiltAsync(postgres);
                long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
                File.WriteAllText(payload, $"<xml><ToUserName><![CDATA[gh_quickstart]]></ToUserName><FromUserName><![CDATA[o_two_processes]]></FromUserName><CreateTime>{now}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>880001</MsgId></xml>");
                string safe = $"--aes-key {QuickStartBot.AesKey} --app-id {QuickStartBot.AppId}";

                (int firstExit, string first) = a.Simulate($"--file \"{payload}\" {safe}");
                (int retryExit, string retry) = b.Simulate($"--file \"{payload}\" {safe}");
                (int nextExit, string next) = b.Simulate($"text --content again --from o_two_processes {safe}");

                Assert.True(firstExit == 0 && retryExit == 0 && nextExit == 0, $"{first}\n{retry}\n{next}\n{a.Output}\n{b.Output}");
                Assert.Contains("this is your first message", first);

                // Had the retry run the handler on b, it would count a second message and the next one a third.
                Assert.Contains("this is your first message", retry);
                Assert.Contains("this is message 2, last time you said \\\"hello\\\"", next);

                // The banner names where the state is, and only that (no password).
                var settings = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
                Assert.Equal(
                    $"  State:          PostgreSQL, {settings.Username}@{settings.Host}:{settings.Port}/{settings.Database} (search path {settings.SearchPath})",
                    Array.Find(a.Output.Split('\n'), line => line.StartsWith("  State:", StringComparison.Ordinal))?.TrimEnd('\r'));
            }
            finally
            {
                File.Delete(payload);
                await drop();
            }
        }
    }
}
