using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Events;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Security;
using WeChat.OfficialAccount.Tests.Http;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>The webhook through TestServer; <see cref="KestrelWebhookTests"/> runs the same tests over a real socket.</summary>
    public class WebhookTests
    {
        /// <summary>Whether the hosts of these tests listen on real Kestrel on 127.0.0.1 instead of TestServer.</summary>
        protected virtual bool Kestrel => false;

        private static void Echo(WeChatHandlers h) =>
            h.On<TextMessage>((m, _) => new TextReply { Content = "echo: " + m.Content })
             .OnClick("V1001_GOOD", (e, _) => new TextReply { Content = "you tapped " + e.EventKey });

        private Task<WebhookHost> StartAsync(Action<WeChatHandlers> handlers, Action<WeChatWebhookOptions>? options = null, Uri? fakeApi = null, Action<IServiceCollection>? services = null) =>
            WebhookHost.StartAsync(handlers, options, fakeApi, services, kestrel: Kestrel);

        [Fact]
        public async Task Url_verification_echoes_only_with_a_valid_signature()
        {
            var warnings = new List<string>();
            await using var host = await StartAsync(Echo, services: s => s.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(warnings))));
            string timestamp = WebhookHost.Now();

            HttpResponseMessage good = await host.Client.GetAsync($"/wechat?{WebhookHost.Query(timestamp, "n")}&echostr=4375120948345356249");
            HttpResponseMessage bad = await host.Client.GetAsync($"/wechat?{WebhookHost.Query(timestamp, "n", "wrong")}&echostr=4375120948345356249");
            HttpResponseMessage none = await host.Client.GetAsync($"/wechat?{WebhookHost.Query(timestamp, "n")}");

            Assert.Equal("4375120948345356249", await good.Content.ReadAsStringAsync());
            Assert.Equal("nosniff", Assert.Single(good.Headers.GetValues("X-Content-Type-Options")));
            Assert.Equal(HttpStatusCode.Unauthorized, bad.StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
            Assert.Equal("URL verification without echostr: WeChat's GET carries the echostr to answer", await none.Content.ReadAsStringAsync());
            Assert.Contains("WeChat URL verification rejected with 401: bad or missing signature: it does not match sha1(sort(Token, timestamp, nonce)) with this server's WeChat:Token", warnings);
            Assert.Contains("WeChat URL verification rejected with 400: URL verification without echostr: WeChat's GET carries the echostr to answer", warnings);
        }

        [Fact]
        public async Task Plain_text_gets_a_reply_addressed_back_to_the_user()
        {
            await using var host = await StartAsync(Echo);

            HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("你好"));

            var reply = Assert.IsType<TextReply>(WeChatMessageParser.ParseReply(await response.Content.ReadAsByteArrayAsync()));
            Assert.Equal("echo: 你好", reply.Content);
            Assert.Equal("o1", reply.ToUserName);
            Assert.Equal("gh_1", reply.FromUserName);
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task Safe_and_compatible_mode_replies_are_encrypted(bool compatible)
        {
            await using var host = await StartAsync(Echo);

            HttpResponseMessage response = await host.PostSafeAsync(WebhookHost.Text("secret"), compatible);

            byte[] body = await response.Content.ReadAsByteArrayAsync();
            WeChatEncryptedEnvelope envelope = WeChatEncryptedEnvelope.Read(body);
            var reply = Assert.IsType<TextReply>(WeChatMessageParser.ParseReply(host.Crypto.Decrypt(envelope.Encrypt)));
            Assert.Equal("echo: secret", reply.Content);
            Assert.Contains("<MsgSignature>", Encoding.UTF8.GetString(body));
        }

        [Fact]
        public async Task Click_handlers_are_found_by_key_and_other_events_answer_success()
        {
            await using var host = await StartAsync(Echo);
            string click = "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>CLICK</Event><EventKey>V1001_GOOD</EventKey></xml>";
            string other = "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>2</CreateTime><MsgType>event</MsgType><Event>brand_new</Event></xml>";

            var tapped = Assert.IsType<TextReply>(WeChatMessageParser.ParseReply(await (await host.PostPlainAsync(click)).Content.ReadAsByteArrayAsync()));
            string unknown = await (await host.PostPlainAsync(other)).Content.ReadAsStringAsync();

            Assert.Equal("you tapped V1001_GOOD", tapped.Content);
            Assert.Equal("success", unknown);
        }

        [Fact]
        public async Task Bad_signature_is_401_and_the_body_is_not_processed()
        {
            await using var host = await StartAsync(Echo);

            HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("x"), token: "wrong");
            HttpResponseMessage unsigned = await host.Client.PostAsync("/wechat", new StringContent(WebhookHost.Text("x")));

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, unsigned.StatusCode);
            Assert.StartsWith("bad or missing signature", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.Empty(host.Handled);
        }

        [Fact]
        public async Task Stale_timestamp_is_401()
        {
            await using var host = await StartAsync(Echo);

            HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("x"), timestamp: "1000000000");

            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal(
                "stale timestamp: '1000000000' is not Unix seconds within WeChat:TimestampWindow (300 s) of this server's clock",
                await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task Encrypt_type_raw_is_plaintext_and_an_unknown_one_is_400_and_says_why()
        {
            await using var host = await StartAsync(Echo);
            string query = WebhookHost.Query(WebhookHost.Now(), "n1");

            HttpResponseMessage raw = await host.Client.PostAsync($"/wechat?{query}&encrypt_type=raw", new StringContent(WebhookHost.Text("raw", msgId: 9701), Encoding.UTF8, "text/xml"));
            HttpResponseMessage unknown = await host.Client.PostAsync($"/wechat?{query}&encrypt_type=des", new StringContent(WebhookHost.Text("des", msgId: 9702), Encoding.UTF8, "text/xml"));

            Assert.Equal("echo: raw", await ReplyContent(raw));
            Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
            Assert.Equal("unknown encrypt_type 'des': WeChat sends aes (safe and compatible mode) or raw (plaintext)", await unknown.Content.ReadAsStringAsync());
            Assert.Single(host.Handled);
        }

        [Fact]
        public async Task Oversized_body_is_413()
        {
            await using var host = await StartAsync(Echo, o => o.MaxBodyBytes = 512);

            HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text(new string('x', 2000)));

            Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
            Assert.Equal("body over WeChat:MaxBodyBytes (512 bytes)", await response.Content.ReadAsStringAsync());
        }

        [Theory]
        [InlineData("<xml><MsgType>text</xml>", "Invalid WeChat XML at byte 18: end tag </xml> does not match <MsgType>")]
        [InlineData("<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><xml>&e;</xml>", "Invalid WeChat XML at byte 0: DTD/DOCTYPE is not allowed")]
        [InlineData("<xml><ToUserName>gh_1</ToUserName><CreateTime>1</CreateTime><MsgType>text</MsgType><Content>x</Content><MsgId>1</MsgId></xml>", "the push has no FromUserName (the sender's OpenID); every push WeChat sends has one")]
        [InlineData("<xml><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><Event>subscribe</Event></xml>", "the push has no ToUserName (the account's original id); every push WeChat sends has one")]
        [InlineData("<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><MsgType>event</MsgType><Event>CLICK</Event><EventKey>k</EventKey></xml>", "the push has no CreateTime (Unix seconds); every push WeChat sends has one")]
        [InlineData("<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><Content>x</Content><MsgId>1</MsgId></xml>", "the push has no MsgType; every push WeChat sends has one (text, image, event, …)")]
        [InlineData("<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1</CreateTime><MsgType>event</MsgType><EventKey>k</EventKey></xml>", "the event has no Event; every event WeChat sends names one (subscribe, CLICK, …)")]
        public async Task Malformed_dtd_or_unaddressed_bodies_are_400_and_say_why(string body, string reason)
        {
            await using var host = await StartAsync(Echo);

            HttpResponseMessage response = await host.PostPlainAsync(body);

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal(reason, await response.Content.ReadAsStringAsync());
            Assert.Empty(host.Handled);
        }

        [Fact]
        public async Task Undecryptable_body_is_400_and_a_wrong_msg_signature_401()
        {
            await using var host = await StartAsync(Echo);
            string timestamp = WebhookHost.Now();
            string garbage = "<xml><ToUserName>gh_1</ToUserName><Encrypt>AAAA</Encrypt></xml>";
            string signature = WeChatSignature.ComputeMessageSignature(WebhookHost.Token, timestamp, "n", "AAAA");

            HttpResponseMessage undecryptable = await host.Client.PostAsync($"/wechat?{WebhookHost.Query(timestamp, "n")}&encrypt_type=aes&msg_signature={signature}", new StringContent(garbage));
            HttpResponseMessage forged = await host.Client.PostAsync($"/wechat?{WebhookHost.Query(timestamp, "n")}&encrypt_type=aes&msg_signature=0000", new StringContent(garbage));

            Assert.Equal(HttpStatusCode.BadRequest, undecryptable.StatusCode);
            Assert.Equal(HttpStatusCode.Unauthorized, forged.StatusCode);
            Assert.StartsWith("DecryptAesError (-40007): the ciphertext is 3 bytes", await undecryptable.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.StartsWith("ValidateSignatureError (-40001)", await forged.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        [Fact]
        public async Task Concurrent_retries_run_the_handler_once_and_get_the_same_reply()
        {
            int runs = 0;
            await using var host = await StartAsync(h => h.OnAsync<TextMessage>(async (m, _) =>
            {
                Interlocked.Increment(ref runs);
                await Task.Delay(300);
                return new TextReply { Content = "once" };
            }));
            string body = WebhookHost.Text("hi", msgId: 42);

            string[] answers = await Task.WhenAll(Enumerable.Range(0, 5).Select(async _ => await (await host.PostPlainAsync(body)).Content.ReadAsStringAsync()));

            Assert.Equal(1, runs);
            Assert.Single(answers.Distinct());
            Assert.Contains("once", answers[0]);
        }

        [Fact]
        public async Task A_deduplication_key_set_in_the_options_replaces_the_message_s_own_unless_it_gives_none_or_throws()
        {
            // This bot takes one text sent twice within the window for one delivery, whatever the MsgIds.
            await using var host = await StartAsync(
                h => h.On<TextMessage>((m, _) => new TextReply { Content = $"{m.Content} as {m.MsgId}" }),
                o => o.DeduplicationKey = m => (m as TextMessage)?.Content switch
                {
                    "boom" => throw new InvalidOperationException("no key"),
                    "own" => null,
                    string content => "text:" + content,
                    null => null,
                });
            async Task<string> Send(string content, long msgId) => await ReplyContent(await host.PostPlainAsync(WebhookHost.Text(content, msgId)));

            Assert.Equal("same as 9101", await Send("same", 9101));
            Assert.Equal("same as 9101", await Send("same", 9102));

            // No key from the function, or a function that throws: the push keeps its own key, its MsgId.
            Assert.Equal("own as 9103", await Send("own", 9103));
            Assert.Equal("own as 9104", await Send("own", 9104));
            Assert.Equal("boom as 9105", await Send("boom", 9105));
            Assert.Equal("boom as 9106", await Send("boom", 9106));
            Assert.Equal("boom as 9105", await Send("boom", 9105));

            Assert.Equal(5, host.Handled.Count);
        }

        [Fact]
        public async Task Two_cards_claimed_in_one_second_are_two_deliveries_and_a_retry_of_one_is_not_a_third()
        {
            await using var host = await StartAsync(h => h.On<UserGetCardEvent>((e, _) => null));
            string Card(string code) =>
                "<xml><ToUserName>gh_1</ToUserName><FromUserName>o1</FromUserName><CreateTime>1472551036</CreateTime><MsgType>event</MsgType>"
                + $"<Event>user_get_card</Event><CardId>pCard</CardId><IsGiveByFriend>0</IsGiveByFriend><UserCardCode>{code}</UserCardCode></xml>";

            foreach (string body in new[] { Card("1001"), Card("1002"), Card("1001") })
            {
                Assert.Equal("success", await (await host.PostPlainAsync(body)).Content.ReadAsStringAsync());
            }

            Assert.Equal(new[] { "1001", "1002" }, host.Handled.Cast<UserGetCardEvent>().Select(e => e.UserCardCode).Order());
        }

        [Fact]
        public async Task A_throwing_handler_answers_success()
        {
            await using var host = await StartAsync(h => h.On<TextMessage>((m, _) => throw new InvalidOperationException("boom")));

            HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("x"));

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("success", await response.Content.ReadAsStringAsync());
        }

        [Fact]
        public async Task A_reply_that_cannot_be_written_counts_as_a_broken_handler_answered_success_once()
        {
            var errors = new List<string>();
            await using var host = await StartAsync(
                h => h.On<TextMessage>((m, context) =>
                {
                    context.Conversation["seen"] = m.Content;
                    return new TextReply { Content = "bell \u0007 rings" }; // XML 1.0 cannot carry U+0007
                }),
                services: s => s.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(errors, LogLevel.Error))));

            HttpResponseMessage first = await host.PostPlainAsync(WebhookHost.Text("x", msgId: 9601));
            HttpResponseMessage retry = await host.PostPlainAsync(WebhookHost.Text("x", msgId: 9601));

            Assert.Equal((HttpStatusCode.OK, "success"), (first.StatusCode, await first.Content.ReadAsStringAsync()));
            Assert.Equal((HttpStatusCode.OK, "success"), (retry.StatusCode, await retry.Content.ReadAsStringAsync()));
            Assert.Single(host.Handled); // answered, so the retry is a repeat: the handler does not run again
            Assert.Equal("WeChat text handler's text reply could not be written; answered success", Assert.Single(errors));
        }

        [Fact]
        public async Task A_custom_store_failing_with_an_exception_of_its_own_is_503_with_the_reason_not_500()
        {
            var errors = new List<string>();
            await using var host = await StartAsync(
                Echo,
                services: s => s
                    .AddSingleton<IWeChatConversationStore>(new BrokenConversationStore())
                    .AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(errors, LogLevel.Error))));

            HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("x", msgId: 9602));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("handling the push failed outside its handler, in the state store or the webhook (see the server log); WeChat retries this push", await response.Content.ReadAsStringAsync());
            Assert.Equal("WeChat text push msg:9602 answered 503: it failed outside its handler, in the state store or the webhook (WeChat retries the push)", Assert.Single(errors));
            Assert.Empty(host.Handled);
        }

        [Fact]
        public async Task A_scoped_service_that_throws_when_disposed_is_logged_and_the_reply_still_goes_out()
        {
            var errors = new List<string>();
            await using var host = await StartAsync(
                h => h.On<TextMessage>((m, context) =>
                {
                    context.Services.GetRequiredService<ThrowsOnDispose>();
                    return new TextReply { Content = "kept " + m.Content };
                }),
                services: s => s
                    .AddScoped<ThrowsOnDispose>()
                    .AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(errors, LogLevel.Error))));

            HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("x", msgId: 9603));

            Assert.Equal("kept x", await ReplyContent(response));
            Assert.Equal("Disposing the services of a WeChat text handler's scope failed; its reply goes out", Assert.Single(errors));
        }

        private sealed class ThrowsOnDispose : IDisposable
        {
            public void Dispose() => throw new InvalidOperationException("already closed");
        }

        [Fact]
        public async Task A_late_reply_whose_access_token_cannot_be_read_is_logged_as_failed_not_lost_silently()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            var errors = new List<string>();
            await using var host = await StartAsync(
                h => h.OnAsync<TextMessage>(async (m, _) =>
                {
                    await Task.Delay(400);
                    return new TextReply { Content = "late " + m.Content };
                }),
                o =>
                {
                    o.Deadline = TimeSpan.FromMilliseconds(100);
                    o.LateReplyRetryDelay = TimeSpan.FromMilliseconds(10); // the store stays unreachable through every try
                },
                api.BaseAddress,
                s => s
                    .AddSingleton<Http.Tokens.IWeChatTokenStore>(new UnreachableTokenStore())
                    .AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(errors, LogLevel.Error))));

            Assert.Equal("success", await (await host.PostPlainAsync(WebhookHost.Text("x", msgId: 9604))).Content.ReadAsStringAsync());
            await State.SharedDeliveryTests.WaitUntil(() => { lock (errors) { return errors.Count > 0; } });

            Assert.Equal("Late text reply could not be sent", Assert.Single(errors));
            Assert.Empty(api.Requests);
        }

        /// <summary>A token cache over a service that is down.</summary>
        private sealed class UnreachableTokenStore : Http.Tokens.IWeChatTokenStore
        {
            public ValueTask<Http.Tokens.WeChatCachedToken?> GetAsync(string key, CancellationToken cancellationToken) =>
                ValueTask.FromException<Http.Tokens.WeChatCachedToken?>(new System.IO.IOException("connection refused"));

            public ValueTask SetAsync(string key, Http.Tokens.WeChatCachedToken token, CancellationToken cancellationToken) =>
                ValueTask.FromException(new System.IO.IOException("connection refused"));

            public ValueTask RemoveAsync(string key, string value, CancellationToken cancellationToken) =>
                ValueTask.FromException(new System.IO.IOException("connection refused"));
        }

        /// <summary>A store over a service that is down, failing the way a client library of its own would.</summary>
        private sealed class BrokenConversationStore : IWeChatConversationStore
        {
            public ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string openId, CancellationToken cancellationToken) =>
                ValueTask.FromException<IReadOnlyDictionary<string, string>?>(new System.IO.IOException("connection refused"));

            public ValueTask SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken) =>
                ValueTask.FromException(new System.IO.IOException("connection refused"));

            public ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken) => new(0);
        }

        [Fact]
        public async Task A_late_reply_WeChat_answers_system_busy_is_sent_again_until_it_goes_through()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            var delivered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            int sends = 0;
            api.Handler = _ =>
            {
                if (Interlocked.Increment(ref sends) <= 2)
                {
                    return Task.FromResult(FakeResponse.Json("{\"errcode\":-1,\"errmsg\":\"system error\"}"));
                }

                delivered.TrySetResult();
                return Task.FromResult(FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            };
            var warnings = new List<string>();
            await using var host = await StartAsync(
                LateEcho,
                LateWithQuickRetries,
                api.BaseAddress,
                s => s.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(warnings))));

            Assert.Equal("success", await (await host.PostPlainAsync(WebhookHost.Text("busy", msgId: 9610))).Content.ReadAsStringAsync());
            await delivered.Task.WaitAsync(TimeSpan.FromSeconds(10));

            RecordedRequest[] requests = api.Requests.ToArray();
            Assert.Equal(3, requests.Length);
            Assert.All(requests, r => Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"late busy\"}}", Encoding.UTF8.GetString(r.Body)));
            lock (warnings)
            {
                Assert.Contains(warnings, w => w.StartsWith("Late text reply not sent (", StringComparison.Ordinal) && w.EndsWith("); trying again in 0.05 s (retry 1 of 3)", StringComparison.Ordinal));
                Assert.Contains(warnings, w => w.EndsWith("); trying again in 0.1 s (retry 2 of 3)", StringComparison.Ordinal));
            }
        }

        [Fact]
        public async Task A_late_reply_whose_access_token_call_answers_system_busy_is_sent_once_the_token_comes()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            Task<RecordedRequest> sent = FirstSendTo(api);
            api.TokenHandler = n => n == 1
                ? FakeResponse.Json("{\"errcode\":-1,\"errmsg\":\"system error\"}")
                : FakeResponse.Json("{\"access_token\":\"ACCESS_TOKEN_2\",\"expires_in\":7200}");
            await using var host = await StartAsync(
                LateEcho,
                LateWithQuickRetries,
                api.BaseAddress);

            Assert.Equal("success", await (await host.PostPlainAsync(WebhookHost.Text("token", msgId: 9611))).Content.ReadAsStringAsync());
            RecordedRequest customerService = await sent.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("ACCESS_TOKEN_2", customerService.Query["access_token"]);
            Assert.Equal(2, api.TokenCalls);
            Assert.Single(api.Requests);
        }

        [Fact]
        public async Task A_late_reply_whose_connection_to_WeChat_cannot_be_opened_is_sent_again()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            Task<RecordedRequest> sent = FirstSendTo(api);
            var closed = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            closed.Start();
            var nowhere = new Uri($"http://127.0.0.1:{((IPEndPoint)closed.LocalEndpoint).Port}");
            closed.Stop(); // nothing listens there any more: connecting is refused
            int resolved = 0;
            await using var host = await StartAsync(
                LateEcho,
                LateWithQuickRetries,
                api.BaseAddress,
                // The token call reaches the fake platform; the first send (the second call) finds no server.
                s => s.Configure<Http.WeChatApiClientOptions>(o => o.ResolveHost = _ => Interlocked.Increment(ref resolved) == 2 ? nowhere : api.BaseAddress));

            Assert.Equal("success", await (await host.PostPlainAsync(WebhookHost.Text("again", msgId: 9613))).Content.ReadAsStringAsync());
            RecordedRequest customerService = await sent.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"late again\"}}", Encoding.UTF8.GetString(customerService.Body));
            Assert.Equal(3, Volatile.Read(ref resolved));
        }

        [Theory]
        [InlineData(502, "{\"message\":\"bad gateway\"}", 1)] // an HTTP error may come after the platform took the message: not sent twice
        [InlineData(200, "{\"errcode\":45015,\"errmsg\":\"response out of time limit\"}", 1)] // refused for good: the user has not written in 48 hours
        [InlineData(200, "{\"errcode\":-1,\"errmsg\":\"system error\"}", 3)] // busy on every try: the first and LateReplyRetries (2) more
        public async Task A_late_reply_that_may_have_reached_WeChat_or_is_refused_or_stays_busy_is_logged_as_failed_after_its_tries(int status, string body, int tries)
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            api.Handler = _ => Task.FromResult(new FakeResponse(status, "application/json", Encoding.UTF8.GetBytes(body)));
            var errors = new List<string>();
            await using var host = await StartAsync(
                LateEcho,
                o =>
                {
                    o.Deadline = TimeSpan.FromMilliseconds(100);
                    o.LateReplyRetries = 2;
                    o.LateReplyRetryDelay = TimeSpan.FromMilliseconds(10);
                },
                api.BaseAddress,
                s => s.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(errors, LogLevel.Error))));

            Assert.Equal("success", await (await host.PostPlainAsync(WebhookHost.Text("x", msgId: 9612))).Content.ReadAsStringAsync());
            await State.SharedDeliveryTests.WaitUntil(() => { lock (errors) { return errors.Count > 0; } });

            Assert.Equal("Late text reply could not be sent", Assert.Single(errors));
            Assert.Equal(tries, api.Requests.Count);
        }

        /// <summary>A 100 ms deadline, and 50 ms before the first further try of a late reply.</summary>
        private static void LateWithQuickRetries(WeChatWebhookOptions options)
        {
            options.Deadline = TimeSpan.FromMilliseconds(100);
            options.LateReplyRetryDelay = TimeSpan.FromMilliseconds(50);
        }

        /// <summary>A handler that answers after a 300 ms wait, past the tests' 100 ms deadline.</summary>
        private static void LateEcho(WeChatHandlers handlers) =>
            handlers.OnAsync<TextMessage>(async (m, _) =>
            {
                await Task.Delay(300);
                return new TextReply { Content = "late " + m.Content };
            });

        /// <summary>The first request the fake WeChat API gets (answered errcode 0).</summary>
        private static Task<RecordedRequest> FirstSendTo(FakeWeChatServer api)
        {
            var sent = new TaskCompletionSource<RecordedRequest>(TaskCreationOptions.RunContinuationsAsynchronously);
            api.Handler = r =>
            {
                sent.TrySetResult(r);
                return Task.FromResult(FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            };
            return sent.Task;
        }

        [Fact]
        public async Task A_slow_handler_gets_success_in_time_and_its_reply_goes_out_as_a_customer_service_message()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            Task<RecordedRequest> sent = FirstSendTo(api);
            await using var host = await StartAsync(
                h => h.OnAsync<TextMessage>(async (m, _) =>
                {
                    await Task.Delay(1500);
                    return new TextReply { Content = "late " + m.Content };
                }),
                o => o.Deadline = TimeSpan.FromMilliseconds(200),
                api.BaseAddress);

            var watch = System.Diagnostics.Stopwatch.StartNew();
            HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("你好"));
            string answer = await response.Content.ReadAsStringAsync();
            long answeredAfter = watch.ElapsedMilliseconds;
            RecordedRequest customerService = await sent.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("success", answer);
            Assert.True(answeredAfter < 1500, $"answered after {answeredAfter} ms");
            Assert.Equal("/cgi-bin/message/custom/send", customerService.Path);
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"late 你好\"}}", Encoding.UTF8.GetString(customerService.Body));
        }

        [Fact]
        public async Task A_late_news_reply_of_several_articles_sends_the_first_and_warns_of_the_rest()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            Task<RecordedRequest> sent = FirstSendTo(api);
            var warnings = new List<string>();
            await using var host = await StartAsync(
                h => h.OnAsync<TextMessage>(async (m, _) =>
                {
                    await Task.Delay(600);
                    var news = new NewsReply();
                    news.Articles.Add(new ReplyArticle { Title = "one", Description = "first", Url = "https://a/1", PicUrl = "https://a/1.jpg" });
                    news.Articles.Add(new ReplyArticle { Title = "two", Url = "https://a/2" });
                    news.Articles.Add(new ReplyArticle { Title = "three", Url = "https://a/3" });
                    return news;
                }),
                o => o.Deadline = TimeSpan.FromMilliseconds(200),
                api.BaseAddress,
                services: s => s.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(warnings))));

            HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("news"));
            RecordedRequest customerService = await sent.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("success", await response.Content.ReadAsStringAsync());
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"news\",\"news\":{\"articles\":[{\"title\":\"one\",\"description\":\"first\",\"url\":\"https://a/1\",\"picurl\":\"https://a/1.jpg\"}]}}", Encoding.UTF8.GetString(customerService.Body));
            lock (warnings)
            {
                Assert.Contains("Late news reply has 3 articles; a customer-service news message carries one, so only the first is sent", warnings);
            }
        }

        [Fact]
        public async Task Stopping_the_application_waits_for_late_replies_and_cancels_only_what_outlasts_the_shutdown_timeout()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            (ConcurrentQueue<string> sent, Task arrived) = RecordSends(api, 1);
            var cutOff = new TaskCompletionSource();
            await using var host = await StartAsync(
                h => h.OnAsync<TextMessage>(async (m, context) =>
                {
                    if (m.FromUserName == "o1")
                    {
                        await Task.Delay(1500); // past the deadline, and still running when the application is told to stop
                        return new TextReply { Content = "late " + m.Content };
                    }

                    try
                    {
                        await Task.Delay(Timeout.Infinite, context.CancellationToken); // a handler that never ends
                    }
                    catch (OperationCanceledException)
                    {
                        cutOff.SetResult();
                        throw;
                    }

                    return null;
                }),
                o => o.Deadline = TimeSpan.FromMilliseconds(100),
                api.BaseAddress,
                s => s.Configure<Microsoft.Extensions.Hosting.HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(3)));

            Assert.Equal("success", await (await host.PostPlainAsync(WebhookHost.Text("deploy", msgId: 9301))).Content.ReadAsStringAsync());
            Assert.Equal("success", await (await host.PostPlainAsync(TextFrom("o2", 9302))).Content.ReadAsStringAsync());
            var watch = System.Diagnostics.Stopwatch.StartNew();
            await host.StopAsync();

            // The late reply went out before the application stopped; the handler that never ends was cancelled when the
            // shutdown timeout ran out, not at once.
            Assert.True(arrived.IsCompleted, $"the late reply was not sent before the application stopped (after {watch.ElapsedMilliseconds} ms)");
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"late deploy\"}}", Assert.Single(sent));
            Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(2.5), TimeSpan.FromSeconds(20));
            await cutOff.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        [Fact]
        public async Task Handler_classes_registered_in_di_answer_with_their_scoped_services_and_a_mapped_lambda_wins()
        {
            await using var host = await StartAsync(
                h => h.On<ImageMessage>((_, _) => new TextReply { Content = "lambda" }),
                services: s => s
                    .AddScoped<DeliveryResource>()
                    .AddWeChatHandler<TextMessage, EchoHandlerClass>()
                    .AddWeChatHandler<ImageMessage, ImageHandlerClass>());

            var text = Assert.IsType<TextReply>(WeChatMessageParser.ParseReply(await (await host.PostPlainAsync(WebhookHost.Text("di", msgId: 8201))).Content.ReadAsByteArrayAsync()));
            string image = await (await host.PostPlainAsync(WebhookHost.Text("x", msgId: 8202).Replace("<MsgType><![CDATA[text]]>", "<MsgType><![CDATA[image]]>", StringComparison.Ordinal))).Content.ReadAsStringAsync();

            Assert.Equal("class: di (scoped resource live)", text.Content);
            Assert.Contains("lambda", image, StringComparison.Ordinal);
        }

        private sealed class EchoHandlerClass(DeliveryResource resource) : IWeChatHandler<TextMessage>
        {
            public ValueTask<WeChatReply?> HandleAsync(TextMessage message, WeChatHandlerContext context) =>
                new(new TextReply { Content = $"class: {message.Content} (scoped resource {(resource.Disposed ? "disposed" : "live")})" });
        }

        private sealed class ImageHandlerClass : IWeChatHandler<ImageMessage>
        {
            public ValueTask<WeChatReply?> HandleAsync(ImageMessage message, WeChatHandlerContext context) => new(new TextReply { Content = "class" });
        }

        [Fact]
        public async Task A_handler_gets_a_scope_of_its_own_that_lasts_past_the_deadline_and_is_disposed_when_it_ends()
        {
            var handled = new TaskCompletionSource<(DeliveryResource Resource, bool DisposedWhileRunning)>();
            await using var host = await StartAsync(
                h => h.OnAsync<TextMessage>(async (m, context) =>
                {
                    var resource = context.Services.GetRequiredService<DeliveryResource>();
                    await Task.Delay(600); // past the deadline: the request has been answered and has ended
                    var again = context.Services.GetRequiredService<DeliveryResource>();
                    handled.SetResult((resource, resource.Disposed || !ReferenceEquals(resource, again)));
                    return new TextReply { Content = "late" };
                }),
                o => o.Deadline = TimeSpan.FromMilliseconds(100),
                services: s => s.AddScoped<DeliveryResource>());

            Assert.Equal("success", await (await host.PostPlainAsync(WebhookHost.Text("scope", msgId: 8101))).Content.ReadAsStringAsync());
            (DeliveryResource resource, bool disposedWhileRunning) = await handled.Task.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.False(disposedWhileRunning);
            for (int i = 0; i < 200 && !resource.Disposed; i++)
            {
                await Task.Delay(10);
            }

            Assert.True(resource.Disposed);
        }

        private sealed class DeliveryResource : IDisposable
        {
            public bool Disposed { get; private set; }

            public void Dispose() => Disposed = true;
        }

        [Fact]
        public async Task Expired_conversation_contexts_are_removed_in_the_background_a_minute_after_the_start_then_every_ten_minutes()
        {
            var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 8, 0, 0, TimeSpan.Zero));
            var store = new RemovalCountingStore(new InMemoryWeChatConversationStore(time));
            var values = new Dictionary<string, string> { ["k"] = "v" };
            await store.SetAsync("o-expired", values, TimeSpan.FromSeconds(1), CancellationToken.None);
            await store.SetAsync("o-current", values, TimeSpan.FromHours(1), CancellationToken.None);
            time.Advance(TimeSpan.FromSeconds(2));

            await using var host = await StartAsync(Echo, services: s =>
            {
                s.AddSingleton<TimeProvider>(time);
                s.AddSingleton<IWeChatConversationStore>(store);
            });

            // The cleanup runs on a background thread and starts its wait when it gets there: the clock moves in steps until
            // each sweep, and how far it moved is what the sweeps waited for (at least, since the wait may start late).
            TimeSpan untilFirst = await AdvanceUntil(time, () => Volatile.Read(ref store.Sweeps) == 1);
            int removedFirst = Volatile.Read(ref store.Removed);
            await store.SetAsync("o-expiring", values, TimeSpan.FromSeconds(1), CancellationToken.None);
            TimeSpan untilSecond = await AdvanceUntil(time, () => Volatile.Read(ref store.Sweeps) == 2);

            Assert.True(untilFirst >= TimeSpan.FromMinutes(1), $"the first sweep ran {untilFirst} after the start");
            Assert.True(untilSecond >= TimeSpan.FromMinutes(10), $"the second sweep ran {untilSecond} after the first");
            Assert.Equal(1, removedFirst);
            Assert.Equal(2, Volatile.Read(ref store.Removed));
            Assert.NotNull(await store.GetAsync("o-current", CancellationToken.None));
        }

        /// <summary>Moves the fake clock 5 s at a time, letting background work run between steps, until the condition holds.</summary>
        private static async Task<TimeSpan> AdvanceUntil(Microsoft.Extensions.Time.Testing.FakeTimeProvider time, Func<bool> condition)
        {
            TimeSpan moved = TimeSpan.Zero;
            for (int step = 0; step < 1000 && !condition(); step++)
            {
                await Task.Delay(2);
                if (condition())
                {
                    break;
                }

                time.Advance(TimeSpan.FromSeconds(5));
                moved += TimeSpan.FromSeconds(5);
            }

            // A sweep the last step started may still be finishing.
            await State.SharedDeliveryTests.WaitUntil(condition);
            return moved;
        }

        /// <summary>A conversation store that counts its expiry sweeps and what they remove.</summary>
        private sealed class RemovalCountingStore(IWeChatConversationStore inner) : IWeChatConversationStore
        {
            public int Removed;

            public int Sweeps;

            public ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string openId, CancellationToken cancellationToken) => inner.GetAsync(openId, cancellationToken);

            public ValueTask SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken) =>
                inner.SetAsync(openId, values, timeToLive, cancellationToken);

            public async ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken)
            {
                int removed = await inner.RemoveExpiredAsync(cancellationToken);
                Interlocked.Add(ref Removed, removed);
                Interlocked.Increment(ref Sweeps);
                return removed;
            }
        }

        [Fact]
        public async Task Conversation_context_persists_across_requests_and_expires()
        {
            var time = new State.ManualTimeProvider();
            await using var host = await StartAsync(
                h => h.On<TextMessage>((m, context) =>
                {
                    int count = int.Parse(context.Conversation["count"] ?? "0", System.Globalization.CultureInfo.InvariantCulture) + 1;
                    context.Conversation["count"] = count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    return new TextReply { Content = "count " + count };
                }),
                o =>
                {
                    o.TimestampWindow = null; // the requests carry the real clock, the host a manual one
                    o.ConversationTimeToLive = TimeSpan.FromMinutes(10);
                },
                services: s => s.AddSingleton<TimeProvider>(time));

            async Task<string> Send(long msgId) =>
                ((TextReply)WeChatMessageParser.ParseReply(await (await host.PostPlainAsync(WebhookHost.Text("x", msgId))).Content.ReadAsByteArrayAsync())).Content!;

            string first = await Send(501);
            time.Advance(TimeSpan.FromMinutes(9));
            string second = await Send(502);
            time.Advance(TimeSpan.FromMinutes(11));
            string afterExpiry = await Send(503);

            Assert.Equal(("count 1", "count 2", "count 1"), (first, second, afterExpiry));
        }

        [Fact]
        public async Task A_push_the_state_store_cannot_take_is_503_with_the_reason_and_no_handler_runs()
        {
            var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            int closedPort = ((IPEndPoint)listener.LocalEndpoint).Port;
            listener.Stop();
            int runs = 0;
            await using var host = await StartAsync(
                h => h.On<TextMessage>((m, _) =>
                {
                    Interlocked.Increment(ref runs);
                    return new TextReply { Content = "ran" };
                }),
                services: s => s.AddWeChatPostgresState($"Host=127.0.0.1;Port={closedPort};Username=wechat;Password=wechat;Database=wechat;Timeout=5"));

            HttpResponseMessage response = await host.PostPlainAsync(WebhookHost.Text("x", msgId: 9501));

            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("the state store failed (see the server log); WeChat retries this push", await response.Content.ReadAsStringAsync());
            Assert.Equal(0, runs);
        }

        /// <summary>Answers every API call of <paramref name="api"/> with success and keeps the bodies; the task completes at <paramref name="expected"/>.</summary>
        internal static (ConcurrentQueue<string> Sent, Task Arrived) RecordSends(FakeWeChatServer api, int expected)
        {
            var sent = new ConcurrentQueue<string>();
            var arrived = new TaskCompletionSource();
            api.Handler = r =>
            {
                sent.Enqueue(Encoding.UTF8.GetString(r.Body));
                if (sent.Count == expected)
                {
                    arrived.TrySetResult();
                }

                return Task.FromResult(FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            };
            return (sent, arrived.Task);
        }

        internal static async ValueTask<WeChatReply?> CountSlowly(TextMessage message, WeChatHandlerContext context)
        {
            int count = int.Parse(context.Conversation["count"] ?? "0", CultureInfo.InvariantCulture) + 1;
            await Task.Delay(50);
            context.Conversation["count"] = count.ToString(CultureInfo.InvariantCulture);
            return new TextReply { Content = message.FromUserName + " count " + count };
        }

        internal static string TextFrom(string sender, long msgId) =>
            WebhookHost.Text("x", msgId).Replace("<FromUserName><![CDATA[o1]]>", $"<FromUserName><![CDATA[{sender}]]>", StringComparison.Ordinal);

        internal static async Task<string> ReplyContent(HttpResponseMessage response) =>
            ((TextReply)WeChatMessageParser.ParseReply(await response.Content.ReadAsByteArrayAsync())).Content!;

        [Fact]
        public async Task Pushes_of_one_sender_take_turns_so_each_handler_reads_what_the_previous_one_saved()
        {
            await using var host = await StartAsync(h => h.OnAsync<TextMessage>(CountSlowly));

            string[] answers = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i => await ReplyContent(await host.PostPlainAsync(TextFrom("o1", 9100 + i)))));

            Assert.Equal(Enumerable.Range(1, 6).Select(i => "o1 count " + i), answers.Order(StringComparer.Ordinal));
        }

        [Fact]
        public async Task Without_turns_two_pushes_of_one_sender_read_the_same_context_and_one_change_is_lost()
        {
            // Each handler reads the context, then waits until the other one has read it too: without turns both run at
            // once (with a pause instead, a second push that arrived late on a loaded machine read the first one's save).
            int reading = 0;
            var bothRead = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            await using var host = await StartAsync(
                h => h.OnAsync<TextMessage>(async (m, context) =>
                {
                    int count = int.Parse(context.Conversation["count"] ?? "0", CultureInfo.InvariantCulture) + 1;
                    if (Interlocked.Increment(ref reading) == 2)
                    {
                        bothRead.SetResult();
                    }

                    await bothRead.Task.WaitAsync(TimeSpan.FromSeconds(10));
                    context.Conversation["count"] = count.ToString(CultureInfo.InvariantCulture);
                    return new TextReply { Content = m.FromUserName + " count " + count };
                }),
                o => o.TakeTurnsPerSender = false);

            string[] answers = await Task.WhenAll(Enumerable.Range(0, 2).Select(async i => await ReplyContent(await host.PostPlainAsync(TextFrom("o1", 9200 + i)))));

            Assert.Equal(new[] { "o1 count 1", "o1 count 1" }, answers);
        }

        [Fact]
        public async Task A_sender_waiting_for_its_turn_does_not_hold_up_another_sender()
        {
            var release = new TaskCompletionSource();
            await using var host = await StartAsync(h => h.OnAsync<TextMessage>(async (m, context) =>
            {
                if (m.FromUserName == "o1")
                {
                    await release.Task;
                }

                return await CountSlowly(m, context);
            }));

            Task<HttpResponseMessage> first = host.PostPlainAsync(TextFrom("o1", 9301));
            Task<HttpResponseMessage> second = host.PostPlainAsync(TextFrom("o1", 9302));
            string other = await ReplyContent(await host.PostPlainAsync(TextFrom("o2", 9303)));
            bool o1AnsweredMeanwhile = first.IsCompleted || second.IsCompleted;
            release.SetResult();

            Assert.Equal("o2 count 1", other);
            Assert.False(o1AnsweredMeanwhile);
            Assert.Equal(new[] { "o1 count 1", "o1 count 2" }, (await Task.WhenAll(ReplyContent(await first), ReplyContent(await second))).Order(StringComparer.Ordinal));
        }

        [Fact]
        public async Task A_push_that_waits_past_the_deadline_for_its_turn_answers_success_and_runs_after_the_previous_one()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            (ConcurrentQueue<string> sent, Task both) = RecordSends(api, 2);
            await using var host = await StartAsync(
                h => h.OnAsync<TextMessage>(async (m, context) =>
                {
                    if (m.MsgId == 9401)
                    {
                        await Task.Delay(2000);
                    }

                    return await CountSlowly(m, context);
                }),
                o => o.Deadline = TimeSpan.FromMilliseconds(300),
                api.BaseAddress);

            Task<HttpResponseMessage> slow = host.PostPlainAsync(TextFrom("o1", 9401));

            // The slow push holds the sender's turn once its handler runs (a fixed pause here let a loaded machine deliver
            // the second push first).
            await State.SharedDeliveryTests.WaitUntil(() => host.Handled.Count == 1);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            string waiting = await (await host.PostPlainAsync(TextFrom("o1", 9402))).Content.ReadAsStringAsync();
            long answeredAfter = watch.ElapsedMilliseconds;
            await both.WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal("success", waiting);
            Assert.True(answeredAfter < 1500, $"answered after {answeredAfter} ms, not before the push it waited for was done");
            Assert.Equal("success", await (await slow).Content.ReadAsStringAsync());
            Assert.Equal(
                new[]
                {
                    "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"o1 count 1\"}}",
                    "{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"o1 count 2\"}}",
                },
                sent);
        }

        [Fact]
        public async Task A_hung_handler_keeps_its_senders_turn_only_until_the_turn_limit()
        {
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            var sent = new TaskCompletionSource<string>();
            api.Handler = r =>
            {
                sent.TrySetResult(Encoding.UTF8.GetString(r.Body));
                return Task.FromResult(FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            };
            var hung = new TaskCompletionSource<WeChatReply?>();
            await using var host = await StartAsync(
                h => h.OnAsync<TextMessage>((m, context) => m.MsgId == 9601 ? new ValueTask<WeChatReply?>(hung.Task) : CountSlowly(m, context)),
                o =>
                {
                    // The second push must reach its own deadline before the first one's turn lapses (deadline + limit
                    // after it arrived), however long the machine takes between the two requests: a limit of 300 ms left
                    // about 100 ms for that, too little on a loaded CI machine.
                    o.Deadline = TimeSpan.FromMilliseconds(200);
                    o.SenderTurnLimit = TimeSpan.FromSeconds(2);
                },
                api.BaseAddress);

            string late;
            try
            {
                Assert.Equal("success", await (await host.PostPlainAsync(TextFrom("o1", 9601))).Content.ReadAsStringAsync());
                Assert.Equal("success", await (await host.PostPlainAsync(TextFrom("o1", 9602))).Content.ReadAsStringAsync());
                late = await sent.Task.WaitAsync(TimeSpan.FromSeconds(10));
            }
            finally
            {
                // Also when an assertion failed: the host waits for a handler still running when it stops.
                hung.TrySetResult(null);
            }

            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"o1 count 1\"}}", late);
        }

        [Theory]
        [InlineData(4999, false)]
        [InlineData(5000, true)]
        [InlineData(8000, true)]
        public async Task A_deadline_not_under_WeChat_s_five_seconds_is_warned_about_when_the_endpoint_is_mapped(int milliseconds, bool warned)
        {
            var warnings = new List<string>();
            await using var host = await StartAsync(
                Echo,
                o => o.Deadline = TimeSpan.FromMilliseconds(milliseconds),
                services: s => s.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(warnings))));

            Assert.Equal(warned, warnings.Exists(w => w.StartsWith($"WeChat:Deadline is {milliseconds} ms, not under WeChat's 5-second limit", StringComparison.Ordinal)));
        }

        [Theory]
        [InlineData(false)]
        [InlineData(true)]
        public async Task A_webhook_without_an_API_client_warns_when_mapped_that_late_replies_would_be_dropped(bool client)
        {
            var warnings = new List<string>();
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            await using var host = await StartAsync(
                Echo,
                fakeApi: client ? api.BaseAddress : null,
                services: s => s.AddLogging(logging => logging.AddProvider(new CapturingLoggerProvider(warnings))));

            Assert.Equal(!client, warnings.Exists(w => w.StartsWith("No WeChatApiClient is registered, so a handler that misses WeChat:Deadline has its push answered success and its reply dropped. Call builder.Services.AddWeChatClient(builder.Configuration)", StringComparison.Ordinal)));
        }

        [Fact]
        public async Task Middleware_runs_around_handlers_in_order()
        {
            var order = new System.Collections.Concurrent.ConcurrentQueue<string>();
            await using var host = await StartAsync(h => h
                .Use(async (m, c, next) => { order.Enqueue("outer-in"); var r = await next(); order.Enqueue("outer-out"); return r; })
                .Use(async (m, c, next) => { order.Enqueue("inner-in"); var r = await next(); order.Enqueue("inner-out"); return r; })
                .On<TextMessage>((m, _) => { order.Enqueue("handler"); return null; }));

            await host.PostPlainAsync(WebhookHost.Text("x"));

            Assert.Equal(new[] { "outer-in", "inner-in", "handler", "inner-out", "outer-out" }, order);
        }
    }

    /// <summary>Every webhook test again, through real Kestrel on 127.0.0.1.</summary>
    public sealed class KestrelWebhookTests : WebhookTests
    {
        protected override bool Kestrel => true;

        [Fact]
        public async Task A_push_in_flight_when_stopping_begins_that_then_misses_the_deadline_still_gets_its_late_reply()
        {
            // Kestrel finishes the requests it is serving before it stops (TestServer does not, so this runs here only);
            // the late work they start after stopping began is waited for too.
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            (ConcurrentQueue<string> sent, Task arrived) = RecordSends(api, 1);
            var started = new TaskCompletionSource();
            await using var host = await WebhookHost.StartAsync(
                h => h.OnAsync<TextMessage>(async (m, _) =>
                {
                    started.TrySetResult();
                    await Task.Delay(1000);
                    return new TextReply { Content = "late " + m.Content };
                }),
                o => o.Deadline = TimeSpan.FromMilliseconds(300),
                api.BaseAddress,
                kestrel: true);

            Task<HttpResponseMessage> answered = host.PostPlainAsync(WebhookHost.Text("in flight", msgId: 9401));
            await started.Task.WaitAsync(TimeSpan.FromSeconds(10));
            await host.StopAsync();

            Assert.Equal("success", await (await answered).Content.ReadAsStringAsync());
            Assert.True(arrived.IsCompleted, "the late reply was not sent before the application stopped");
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"late in flight\"}}", Assert.Single(sent));
        }

        [Fact]
        public async Task The_deadline_counts_from_the_request_so_a_push_whose_body_came_slowly_is_answered_success_and_replied_late()
        {
            // WeChat's 5 s run from when it sent the push. The body arrives 600 ms after the headers, past the 300 ms
            // deadline, so the handler (100 ms) is already late when it starts; counted from the body it would have had
            // time to answer.
            await using FakeWeChatServer api = await FakeWeChatServer.StartAsync();
            (ConcurrentQueue<string> sent, Task arrived) = RecordSends(api, 1);
            await using var host = await WebhookHost.StartAsync(
                h => h.OnAsync<TextMessage>(async (m, _) =>
                {
                    await Task.Delay(100);
                    return new TextReply { Content = "late " + m.Content };
                }),
                o => o.Deadline = TimeSpan.FromMilliseconds(300),
                api.BaseAddress,
                kestrel: true);

            using var body = new BodyAfterHeaders(Encoding.UTF8.GetBytes(WebhookHost.Text("slow body", msgId: 9402)), TimeSpan.FromMilliseconds(600));
            HttpResponseMessage response = await host.Client.PostAsync("/wechat?" + WebhookHost.Query(WebhookHost.Now(), "n1"), body);

            Assert.Equal("success", await response.Content.ReadAsStringAsync());
            await arrived.WaitAsync(TimeSpan.FromSeconds(10));
            Assert.Equal("{\"touser\":\"o1\",\"msgtype\":\"text\",\"text\":{\"content\":\"late slow body\"}}", Assert.Single(sent));
        }

        /// <summary>A request body sent <c>delay</c> after the request's headers, which go out first.</summary>
        private sealed class BodyAfterHeaders(byte[] body, TimeSpan delay) : HttpContent
        {
            protected override async Task SerializeToStreamAsync(System.IO.Stream stream, System.Net.TransportContext? context)
            {
                await stream.FlushAsync(); // the headers reach the server now, and it starts on the request
                await Task.Delay(delay);
                await stream.WriteAsync(body);
            }

            protected override bool TryComputeLength(out long length)
            {
                length = 0;
                return false;
            }
        }
    }
}
