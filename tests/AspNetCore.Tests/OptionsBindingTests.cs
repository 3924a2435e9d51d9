using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Security;
using WeChat.OfficialAccount.Tests.Http;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    public sealed class OptionsBindingTests
    {
        private static WeChatWebhookOptions Bind(Dictionary<string, string?> values, Action<WeChatWebhookOptions>? configure = null)
        {
            IConfiguration configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
            using ServiceProvider provider = new ServiceCollection().AddWeChatWebhook(configuration, configure).BuildServiceProvider();
            return provider.GetRequiredService<IOptions<WeChatWebhookOptions>>().Value;
        }

        [Fact]
        public void Every_setting_binds_from_the_WeChat_section()
        {
            WeChatWebhookOptions options = Bind(new()
            {
                ["WeChat:Token"] = "t",
                ["WeChat:AppId"] = "wx1",
                ["WeChat:EncodingAESKey"] = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG",
                ["WeChat:TimestampWindow"] = "00:02:00",
                ["WeChat:MaxBodyBytes"] = "65536",
                ["WeChat:Deadline"] = "4",
                ["WeChat:ConversationTimeToLive"] = "01:00:00",
                ["WeChat:DeduplicationWindow"] = "90.5",
                ["WeChat:TakeTurnsPerSender"] = "false",
                ["WeChat:SenderTurnLimit"] = "00:05:00",
                ["WeChat:LateReplyRetries"] = "5",
                ["WeChat:LateReplyRetryDelay"] = "0.5",
            });

            Assert.Equal(("t", "wx1"), (options.Token, options.AppId));
            Assert.Equal("abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", options.EncodingAESKey);
            Assert.Equal(TimeSpan.FromMinutes(2), options.TimestampWindow);
            Assert.Equal(65536, options.MaxBodyBytes);
            Assert.Equal(TimeSpan.FromSeconds(4), options.Deadline);
            Assert.Equal(TimeSpan.FromHours(1), options.ConversationTimeToLive);
            Assert.Equal(TimeSpan.FromSeconds(90.5), options.DeduplicationWindow);
            Assert.False(options.TakeTurnsPerSender);
            Assert.Equal(TimeSpan.FromMinutes(5), options.SenderTurnLimit);
            Assert.Equal(5, options.LateReplyRetries);
            Assert.Equal(TimeSpan.FromMilliseconds(500), options.LateReplyRetryDelay);
        }

        [Fact]
        public void Missing_settings_keep_the_defaults_and_an_empty_window_disables_the_check()
        {
            WeChatWebhookOptions options = Bind(new() { ["WeChat:Token"] = "t", ["WeChat:TimestampWindow"] = "" });

            Assert.Null(options.TimestampWindow);
            Assert.Equal(TimeSpan.FromMilliseconds(4500), options.Deadline);
            Assert.Equal(TimeSpan.FromSeconds(60), options.DeduplicationWindow);
            Assert.Equal(1024 * 1024, options.MaxBodyBytes);
            Assert.True(options.TakeTurnsPerSender);
            Assert.Equal(TimeSpan.FromSeconds(60), options.SenderTurnLimit);
            Assert.Equal(3, options.LateReplyRetries);
            Assert.Equal(TimeSpan.FromSeconds(1), options.LateReplyRetryDelay);
        }

        [Theory]
        [InlineData("Deadline", "soon")]
        [InlineData("Deadline", "-1")]
        [InlineData("DeduplicationWindow", "0")]
        [InlineData("MaxBodyBytes", "1MB")]
        [InlineData("TakeTurnsPerSender", "yes")]
        [InlineData("SenderTurnLimit", "forever")]
        [InlineData("LateReplyRetries", "-1")]
        [InlineData("LateReplyRetryDelay", "0")]
        public void Bad_values_are_named_in_the_error(string key, string value)
        {
            var ex = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["WeChat:" + key] = value }));

            Assert.Contains("WeChat:" + key, ex.Message, StringComparison.Ordinal);
            Assert.Contains(value, ex.Message, StringComparison.Ordinal);
        }

        [Theory]
        [InlineData(null, null, null, "WeChat:Token is not set")]
        [InlineData("", "wx1", null, "WeChat:Token is not set")]
        [InlineData("t", null, "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "WeChat:AppId is not set, but WeChat:EncodingAESKey is")]
        [InlineData("t", "wx1", "tooshort", "WeChat:EncodingAESKey: IllegalAesKey (-40004): the EncodingAESKey has 8 characters but must have exactly 43")]
        [InlineData("t", "wx1", "abcdefghijklmnopqrstuvwxyz0123456789ABCDE!G", "WeChat:EncodingAESKey: IllegalAesKey (-40004)")]
        [InlineData("token\n", "wx1", null, "WeChat:Token starts or ends with whitespace or a line break")]
        [InlineData(" token", null, null, "WeChat:Token starts or ends with whitespace or a line break")]
        [InlineData("token", "wx1 ", "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG", "WeChat:AppId starts or ends with whitespace or a line break")]
        public void Settings_the_webhook_cannot_work_with_are_refused_with_what_to_fix(string? token, string? appId, string? key, string expected)
        {
            var ex = Assert.Throws<OptionsValidationException>(() => Bind(new()
            {
                ["WeChat:Token"] = token,
                ["WeChat:AppId"] = appId,
                ["WeChat:EncodingAESKey"] = key,
            }));

            Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        }

        [Fact]
        public void Sizes_and_durations_set_in_code_must_be_positive()
        {
            var ex = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["WeChat:Token"] = "t" }, o =>
            {
                o.MaxBodyBytes = 0;
                o.Deadline = TimeSpan.Zero;
                o.DeduplicationWindow = TimeSpan.FromSeconds(-1);
                o.ConversationTimeToLive = TimeSpan.Zero;
                o.TimestampWindow = TimeSpan.Zero;
                o.SenderTurnLimit = TimeSpan.Zero;
                o.LateReplyRetryDelay = TimeSpan.Zero;
                o.LateReplyRetries = 11;
            }));

            Assert.Equal(
                new[] { "MaxBodyBytes", "Deadline", "DeduplicationWindow", "ConversationTimeToLive", "SenderTurnLimit", "LateReplyRetryDelay", "LateReplyRetries", "TimestampWindow" },
                ex.Failures.Select(f => f.Split(' ')[0]));
        }

        [Fact]
        public void QuickStart_with_a_malformed_EncodingAESKey_stops_at_start_and_says_what_to_fix()
        {
            (int exitCode, string output) = ChildProcess.Run(
                "dotnet",
                $"\"{QuickStartBot.BuiltDll}\" --urls http://127.0.0.1:0 --QuickStart:Store memory --WeChat:EncodingAESKey tooshort",
                TimeSpan.FromSeconds(60));

            Assert.Equal(1, exitCode);
            Assert.Contains("QuickStart could not start: WeChat:EncodingAESKey: IllegalAesKey (-40004): the EncodingAESKey has 8 characters but must have exactly 43", output, StringComparison.Ordinal);
            Assert.DoesNotContain("listening on", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        }

        [Fact]
        public void QuickStart_with_an_AppSecret_from_the_environment_ending_in_a_line_break_stops_at_start_and_says_what_to_fix()
        {
            // As `export WeChat__AppSecret=$(cat secret.txt)` of a file saved with a final line break would set it.
            (int exitCode, string output) = ChildProcess.Run(
                "dotnet",
                $"\"{QuickStartBot.BuiltDll}\" --urls http://127.0.0.1:0 --QuickStart:Store memory",
                TimeSpan.FromSeconds(60),
                environment: new Dictionary<string, string> { ["WeChat__AppSecret"] = "0123456789abcdef0123456789abcdef\n" });

            Assert.Equal(1, exitCode);
            Assert.Contains("QuickStart could not start: WeChat:AppSecret starts or ends with whitespace or a line break", output, StringComparison.Ordinal);
            Assert.DoesNotContain("listening on", output, StringComparison.Ordinal);
            Assert.DoesNotContain("Unhandled exception", output, StringComparison.Ordinal);
        }

        [Fact]
        public async Task A_bot_configured_only_through_the_WeChat_section_verifies_decrypts_and_sends_its_late_reply_with_the_configured_secret()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            api.TokenCallsAreEndpointCalls = true;
            var calls = new ConcurrentQueue<RecordedRequest>();
            var sent = new TaskCompletionSource();
            api.Handler = r =>
            {
                calls.Enqueue(r);
                if (r.Path == "/cgi-bin/stable_token")
                {
                    return Task.FromResult(FakeResponse.Json("{\"access_token\":\"CONFIGURED_TOKEN\",\"expires_in\":7200}"));
                }

                sent.TrySetResult();
                return Task.FromResult(FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            };

            WebApplicationBuilder builder = WebhookHost.TestServerBuilder(new Dictionary<string, string?>
            {
                ["WeChat:Token"] = WebhookHost.Token,
                ["WeChat:AppId"] = WebhookHost.AppId,
                ["WeChat:EncodingAESKey"] = WebhookHost.AesKey,
                ["WeChat:AppSecret"] = "configured-secret",
                ["WeChat:Deadline"] = "0.2",
            });
            builder.Services.AddWeChatWebhook(builder.Configuration);
            builder.Services.AddWeChatClient(builder.Configuration, o => o.ResolveHost = _ => api.BaseAddress); // the one setting code must make
            await using WebApplication app = builder.Build();
            var release = new TaskCompletionSource();
            app.MapWeChat("/wechat", h => h.OnAsync<TextMessage>(async (m, _) =>
            {
                await release.Task;
                return new TextReply { Content = "late " + m.Content };
            }));
            await app.StartAsync();

            // A safe-mode push signed and sealed with the configured Token, key and AppID.
            var crypto = new WeChatMessageCrypto(WebhookHost.Token, WebhookHost.AesKey, WebhookHost.AppId);
            string timestamp = WebhookHost.Now();
            string encrypt = crypto.Encrypt(Encoding.UTF8.GetBytes(WebhookHost.Text("hi")));
            string query = $"{WebhookHost.Query(timestamp, "n2")}&encrypt_type=aes&msg_signature={WeChatSignature.ComputeMessageSignature(WebhookHost.Token, timestamp, "n2", encrypt)}";
            HttpResponseMessage answer = await app.GetTestClient().PostAsync(
                "/wechat?" + query,
                new StringContent($"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>", Encoding.UTF8, "text/xml"));
            release.SetResult();
            await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal((HttpStatusCode.OK, "success"), (answer.StatusCode, await answer.Content.ReadAsStringAsync()));
            RecordedRequest[] requests = calls.ToArray();
            Assert.Equal(new[] { "/cgi-bin/stable_token", "/cgi-bin/message/custom/send" }, requests.Select(r => r.Path));
            Assert.Equal(
                $"{{\"appid\":\"{WebhookHost.AppId}\",\"secret\":\"configured-secret\",\"grant_type\":\"client_credential\"}}",
                Encoding.UTF8.GetString(requests[0].Body));
            Assert.Equal("CONFIGURED_TOKEN", requests[1].Query["access_token"]);
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"late hi\"}}", Encoding.UTF8.GetString(requests[1].Body));
        }
    }
}
