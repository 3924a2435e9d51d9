using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.AspNetCore.Tests.State;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Security;
using WeChat.OfficialAccount.Tests.Http;
using Xunit;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>
    /// One application serving several accounts: each mapped at its own path with its own Token, EncodingAESKey and
    /// AppID from <c>WeChat:Accounts:{name}</c>, its own late-reply client, and de-duplication keys that do not meet
    /// another account's.
    /// </summary>
    public sealed class SeveralAccountsTests
    {
        private const string ShopToken = "shop-token";
        private const string ShopAesKey = "ZYXWVUTSRQPONMLKJIHGFEDCBA9876543210zyxwvut";
        private const string ShopAppId = "wxshop0000000000000";

        private static Dictionary<string, string?> Settings(string deadline = "4.5") => new()
        {
            ["WeChat:Token"] = WebhookHost.Token,
            ["WeChat:AppId"] = WebhookHost.AppId,
            ["WeChat:EncodingAESKey"] = WebhookHost.AesKey,
            ["WeChat:AppSecret"] = "main-secret",
            ["WeChat:Accounts:shop:Token"] = ShopToken,
            ["WeChat:Accounts:shop:AppId"] = ShopAppId,
            ["WeChat:Accounts:shop:EncodingAESKey"] = ShopAesKey,
            ["WeChat:Accounts:shop:AppSecret"] = "shop-secret",
            ["WeChat:Accounts:shop:Deadline"] = deadline,
        };

        private sealed class Bot(WebApplication app, HttpClient client, ConcurrentQueue<string> handled) : IAsyncDisposable
        {
            public WebApplication App => app;

            public ConcurrentQueue<string> Handled => handled;

            public Task<HttpResponseMessage> PostPlainAsync(string path, string token, string xml)
            {
                string timestamp = WebhookHost.Now();
                return client.PostAsync($"{path}?{WebhookHost.Query(timestamp, "n1", token)}", new StringContent(xml, Encoding.UTF8, "text/xml"));
            }

            public Task<HttpResponseMessage> PostSafeAsync(string path, WeChatMessageCrypto crypto, string token, string xml)
            {
                string timestamp = WebhookHost.Now();
                string encrypt = crypto.Encrypt(Encoding.UTF8.GetBytes(xml));
                string msgSignature = WeChatSignature.ComputeMessageSignature(token, timestamp, "n2", encrypt);
                string body = $"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
                return client.PostAsync($"{path}?{WebhookHost.Query(timestamp, "n2", token)}&encrypt_type=aes&msg_signature={msgSignature}", new StringContent(body, Encoding.UTF8, "text/xml"));
            }

            public async ValueTask DisposeAsync()
            {
                client.Dispose();
                await app.DisposeAsync();
            }
        }

        /// <summary>The one-account webhook at /wechat and the account "shop" at /wechat/shop, both echoing with their account's name.</summary>
        private static async Task<Bot> StartAsync(Dictionary<string, string?> settings, Uri? api = null, WeChatHandler<TextMessage>? shopHandler = null, Action<IServiceCollection>? state = null, List<string>? warnings = null, bool lambdas = true)
        {
            WebApplicationBuilder builder = WebhookHost.TestServerBuilder(settings);
            if (warnings is not null)
            {
                builder.Logging.AddProvider(new CapturingLoggerProvider(warnings));
            }

            state?.Invoke(builder.Services);
            builder.Services.AddWeChatWebhook(builder.Configuration);
            builder.Services.AddWeChatWebhook("shop", builder.Configuration);
            if (api is not null)
            {
                builder.Services.AddWeChatClient(builder.Configuration, o => o.ResolveHost = _ => api);
                builder.Services.AddWeChatClient("shop", builder.Configuration, o => o.ResolveHost = _ => api);
            }

            WebApplication app = builder.Build();
            var handled = new ConcurrentQueue<string>();
            try
            {
                if (lambdas)
                {
                    app.MapWeChat("/wechat", h => h.On<TextMessage>((m, c) =>
                    {
                        handled.Enqueue($"{c.Account ?? "main"}:{m.Content}");
                        return new TextReply { Content = "main says " + m.Content };
                    }));
                    app.MapWeChat("/wechat/shop", "shop", h => h.OnAsync(shopHandler ?? ((m, c) =>
                    {
                        handled.Enqueue($"{c.Account}:{m.Content}");
                        return new ValueTask<WeChatReply?>(new TextReply { Content = "shop says " + m.Content });
                    })));
                }
                else
                {
                    app.MapWeChat("/wechat", _ => { });
                    app.MapWeChat("/wechat/shop", "shop", _ => { });
                }

                await app.StartAsync();
            }
            catch
            {
                await app.DisposeAsync();
                throw;
            }

            return new Bot(app, app.GetTestClient(), handled);
        }

        [Fact]
        public async Task Each_account_answers_pushes_signed_and_sealed_with_its_own_settings_and_refuses_the_other_s()
        {
            await using Bot bot = await StartAsync(Settings());
            var shopCrypto = new WeChatMessageCrypto(ShopToken, ShopAesKey, ShopAppId);

            using HttpResponseMessage main = await bot.PostPlainAsync("/wechat", WebhookHost.Token, WebhookHost.Text("hi", msgId: 7001));
            using HttpResponseMessage shop = await bot.PostSafeAsync("/wechat/shop", shopCrypto, ShopToken, WebhookHost.Text("hello", msgId: 7002));
            using HttpResponseMessage mainTokenAtShop = await bot.PostPlainAsync("/wechat/shop", WebhookHost.Token, WebhookHost.Text("x", msgId: 7003));
            using HttpResponseMessage mainKeyAtShop = await bot.PostSafeAsync("/wechat/shop", new WeChatMessageCrypto(ShopToken, WebhookHost.AesKey, WebhookHost.AppId), ShopToken, WebhookHost.Text("y", msgId: 7004));

            Assert.Contains("main says hi", await main.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            System.Xml.Linq.XElement envelope = System.Xml.Linq.XElement.Parse(await shop.Content.ReadAsStringAsync());
            byte[] reply = shopCrypto.VerifyAndDecrypt((string?)envelope.Element("MsgSignature"), (string)envelope.Element("TimeStamp")!, (string)envelope.Element("Nonce")!, (string)envelope.Element("Encrypt")!);
            Assert.Contains("shop says hello", Encoding.UTF8.GetString(reply), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, mainTokenAtShop.StatusCode);
            Assert.Equal("bad or missing signature: it does not match sha1(sort(Token, timestamp, nonce)) with this server's WeChat:Accounts:shop:Token", await mainTokenAtShop.Content.ReadAsStringAsync());
            Assert.Equal(HttpStatusCode.BadRequest, mainKeyAtShop.StatusCode);
            Assert.Equal(new[] { "main:hi", "shop:hello" }, bot.Handled);
        }

        [Fact]
        public async Task The_same_MsgId_on_two_accounts_is_two_deliveries_and_a_retry_on_one_is_answered_from_its_first()
        {
            await using Bot bot = await StartAsync(Settings());

            await AssertTwoDeliveriesAndOneRetryAsync(bot, "same id", 7100);
        }

        [PostgresFact]
        public async Task On_a_shared_PostgreSQL_store_the_same_MsgId_on_two_accounts_is_two_deliveries_too()
        {
            (string connectionString, Func<ValueTask> drop) = await PostgresTestDatabase.CreateSchemaAsync();
            try
            {
                await using Bot bot = await StartAsync(Settings(), state: s => s.AddWeChatPostgresState(connectionString));

                await AssertTwoDeliveriesAndOneRetryAsync(bot, "same id, shared store", 7500);
            }
            finally
            {
                await drop();
            }
        }

        /// <summary>One push sent to both accounts, then again to the shop: both handlers run once, the retry gets the shop's answer.</summary>
        private static async Task AssertTwoDeliveriesAndOneRetryAsync(Bot bot, string content, long msgId)
        {
            string push = WebhookHost.Text(content, msgId);

            using HttpResponseMessage main = await bot.PostPlainAsync("/wechat", WebhookHost.Token, push);
            using HttpResponseMessage shop = await bot.PostPlainAsync("/wechat/shop", ShopToken, push);
            using HttpResponseMessage shopRetry = await bot.PostPlainAsync("/wechat/shop", ShopToken, push);

            Assert.Contains("main says " + content, await main.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("shop says " + content, await shop.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("shop says " + content, await shopRetry.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal(new[] { "main:" + content, "shop:" + content }, bot.Handled);
        }

        [Fact]
        public async Task A_handler_class_registered_for_one_account_serves_that_account_over_one_registered_for_all()
        {
            await using Bot bot = await StartAsync(
                Settings(),
                state: s => s
                    .AddWeChatHandler<TextMessage, EveryAccountHandler>()
                    .AddWeChatHandler<TextMessage, ShopHandler>("shop")
                    .AddWeChatHandler<ImageMessage, ShopImageHandler>("shop"),
                lambdas: false);
            string image = WebhookHost.Text("x", msgId: 7602).Replace("<MsgType><![CDATA[text]]>", "<MsgType><![CDATA[image]]>", StringComparison.Ordinal);

            using HttpResponseMessage main = await bot.PostPlainAsync("/wechat", WebhookHost.Token, WebhookHost.Text("hi", msgId: 7600));
            using HttpResponseMessage shop = await bot.PostPlainAsync("/wechat/shop", ShopToken, WebhookHost.Text("hi", msgId: 7601));
            using HttpResponseMessage mainImage = await bot.PostPlainAsync("/wechat", WebhookHost.Token, image);

            Assert.Contains("every account, here the first", await main.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Contains("shop only", await shop.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Equal("success", await mainImage.Content.ReadAsStringAsync());
        }

        private sealed class EveryAccountHandler : IWeChatHandler<TextMessage>
        {
            public ValueTask<WeChatReply?> HandleAsync(TextMessage message, WeChatHandlerContext context) =>
                new(new TextReply { Content = $"every account, here {context.Account ?? "the first"}" });
        }

        private sealed class ShopHandler : IWeChatHandler<TextMessage>
        {
            public ValueTask<WeChatReply?> HandleAsync(TextMessage message, WeChatHandlerContext context) => new(new TextReply { Content = "shop only" });
        }

        private sealed class ShopImageHandler : IWeChatHandler<ImageMessage>
        {
            public ValueTask<WeChatReply?> HandleAsync(ImageMessage message, WeChatHandlerContext context) => new(new TextReply { Content = "shop image" });
        }

        [Fact]
        public async Task An_account_s_measurements_and_activities_carry_its_name()
        {
            var tagged = new ConcurrentBag<string>();
            using var meters = new MeterListener
            {
                InstrumentPublished = (instrument, listener) =>
                {
                    if (instrument.Meter.Name == WeChatTelemetry.Name)
                    {
                        listener.EnableMeasurementEvents(instrument);
                    }
                },
            };
            void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
            {
                foreach (KeyValuePair<string, object?> tag in tags)
                {
                    if (tag.Key == "account")
                    {
                        tagged.Add($"{instrument.Name} {tag.Value}");
                    }
                }
            }

            meters.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
            meters.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
            meters.Start();
            var accounts = new ConcurrentBag<string?>();
            using var traces = new ActivityListener
            {
                ShouldListenTo = source => source.Name == WeChatTelemetry.Name,
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
                ActivityStopped = activity => accounts.Add(activity.GetTagItem("wechat.account") as string),
            };
            ActivitySource.AddActivityListener(traces);
            await using Bot bot = await StartAsync(Settings());

            string push = WebhookHost.Text("counted", msgId: 7400);
            await bot.PostPlainAsync("/wechat/shop", ShopToken, push);
            await bot.PostPlainAsync("/wechat/shop", ShopToken, push); // a retry: a de-duplication hit

            Assert.Contains("wechat.webhook.requests shop", tagged);
            Assert.Contains("wechat.webhook.handler.duration shop", tagged);
            Assert.Contains("wechat.webhook.deduplication_hits shop", tagged);
            Assert.Contains("shop", accounts);
        }

        [Fact]
        public async Task A_late_reply_goes_out_through_its_own_account_s_client_and_token()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            api.TokenCallsAreEndpointCalls = true;
            var sends = new ConcurrentQueue<RecordedRequest>();
            var sent = new TaskCompletionSource();
            api.Handler = r =>
            {
                if (r.Path == "/cgi-bin/stable_token")
                {
                    string appId = JsonDocument.Parse(r.Body).RootElement.GetProperty("appid").GetString()!;
                    return Task.FromResult(FakeResponse.Json($"{{\"access_token\":\"TOKEN_OF_{appId}\",\"expires_in\":7200}}"));
                }

                sends.Enqueue(r);
                sent.TrySetResult();
                return Task.FromResult(FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            };
            await using Bot bot = await StartAsync(Settings(deadline: "0.2"), api.BaseAddress, async (m, c) =>
            {
                await Task.Delay(600);
                return new TextReply { Content = "late from " + c.Account };
            });

            using HttpResponseMessage answered = await bot.PostPlainAsync("/wechat/shop", ShopToken, WebhookHost.Text("slow", msgId: 7200));
            await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("success", await answered.Content.ReadAsStringAsync());
            RecordedRequest send = Assert.Single(sends);
            Assert.Equal("/cgi-bin/message/custom/send", send.Path);
            Assert.Equal("TOKEN_OF_" + ShopAppId, send.Query["access_token"]);
            Assert.Contains("late from shop", Encoding.UTF8.GetString(send.Body), StringComparison.Ordinal);
            Assert.Same(bot.App.Services.GetRequiredKeyedService<WeChatApiClient>("shop"), bot.App.Services.GetRequiredKeyedService<WeChatApiClient>("shop"));
            Assert.NotSame(bot.App.Services.GetRequiredService<WeChatApiClient>(), bot.App.Services.GetRequiredKeyedService<WeChatApiClient>("shop"));
        }

        [Fact]
        public async Task An_account_without_its_own_client_is_warned_of_with_the_registration_it_needs()
        {
            var warnings = new List<string>();
            await using Bot bot = await StartAsync(Settings(), warnings: warnings);

            Assert.Contains(
                "No WeChatApiClient is registered for the account \"shop\", so a handler that misses WeChat:Accounts:shop:Deadline has its push answered success and its reply dropped. "
                + "Call builder.Services.AddWeChatClient(\"shop\", builder.Configuration) (WeChat:Accounts:shop:AppId, WeChat:Accounts:shop:AppSecret) to send such replies as customer-service messages.",
                warnings);
        }

        [Fact]
        public async Task An_account_without_its_settings_stops_the_start_naming_its_section()
        {
            Dictionary<string, string?> settings = Settings();
            settings.Remove("WeChat:Accounts:shop:Token");

            var error = await Assert.ThrowsAsync<OptionsValidationException>(() => StartAsync(settings));

            Assert.Contains("WeChat:Accounts:shop:Token is not set.", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task An_application_of_named_accounts_only_needs_no_WeChat_section_of_its_own()
        {
            WebApplicationBuilder builder = WebhookHost.TestServerBuilder(new Dictionary<string, string?> { ["WeChat:Accounts:shop:Token"] = ShopToken });
            builder.Services.AddWeChatWebhook("shop", builder.Configuration);
            WebApplication app = builder.Build();
            app.MapWeChat("/wechat/shop", "shop", h => h.On<TextMessage>((m, c) => new TextReply { Content = c.Account + " alone" }));
            await app.StartAsync();
            await using var bot = new Bot(app, app.GetTestClient(), new ConcurrentQueue<string>());

            using HttpResponseMessage answer = await bot.PostPlainAsync("/wechat/shop", ShopToken, WebhookHost.Text("x", msgId: 7300));

            Assert.Contains("shop alone", await answer.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        [Theory]
        [InlineData("")]
        [InlineData("shop:eu")]
        [InlineData("my shop")]
        public void An_account_name_that_cannot_name_a_section_is_refused(string account)
        {
            var error = Assert.Throws<ArgumentException>(() => new ServiceCollection().AddWeChatWebhook(account));

            Assert.StartsWith($"The account name \"{account}\" cannot be used: it names the section WeChat:Accounts:<name>", error.Message, StringComparison.Ordinal);
        }
    }
}
