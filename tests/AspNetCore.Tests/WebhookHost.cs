using System;
using System.Collections.Concurrent;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>A bot on TestServer plus helpers that sign (and encrypt) requests exactly as WeChat does.</summary>
    internal sealed class WebhookHost : IAsyncDisposable
    {
        public const string Token = "test_token";
        public const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        public const string AppId = "wxb11529c136998cb6";

        private readonly WebApplication _app;

        private WebhookHost(WebApplication app, HttpClient client, ConcurrentBag<WeChatMessage> handled)
        {
            _app = app;
            Client = client;
            Handled = handled;
        }

        public HttpClient Client { get; }

        public IServiceProvider Services => _app.Services;

        /// <summary>Every message that reached a handler (recorded by an outermost middleware).</summary>
        public ConcurrentBag<WeChatMessage> Handled { get; }

        public WeChatMessageCrypto Crypto { get; } = new(Token, AesKey, AppId);

        /// <param name="kestrel">Listen on a real Kestrel socket on 127.0.0.1 (a free port) instead of TestServer.</param>
        /// <param name="endpoints">Maps more endpoints beside the webhook (e.g. health checks).</param>
        public static async Task<WebhookHost> StartAsync(Action<WeChatHandlers> handlers, Action<WeChatWebhookOptions>? options = null, Uri? fakeApi = null, Action<IServiceCollection>? services = null, bool kestrel = false, Action<WebApplication>? endpoints = null)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            if (kestrel)
            {
                builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            }
            else
            {
                builder.WebHost.UseTestServer();
            }

            builder.Logging.ClearProviders();
            builder.Services.AddWeChatWebhook(builder.Configuration, o =>
            {
                o.Token = Token;
                o.AppId = AppId;
                o.EncodingAESKey = AesKey;
                options?.Invoke(o);
            });
            if (fakeApi is not null)
            {
                builder.Services.AddWeChatClient(o =>
                {
                    o.AppId = AppId;
                    o.AppSecret = "secret";
                    o.ResolveHost = _ => fakeApi;
                });
            }

            services?.Invoke(builder.Services);
            WebApplication app = builder.Build();
            var handled = new ConcurrentBag<WeChatMessage>();
            app.MapWeChat("/wechat", h =>
            {
                h.Use(async (message, context, next) =>
                {
                    handled.Add(message);
                    return await next();
                });
                handlers(h);
            });
            endpoints?.Invoke(app);
            await app.StartAsync();
            HttpClient client = kestrel ? new HttpClient { BaseAddress = new Uri(app.Urls.Single()) } : app.GetTestClient();
            return new WebhookHost(app, client, handled);
        }

        /// <summary>An application builder on TestServer with no log output and <paramref name="settings"/> as its configuration.</summary>
        public static WebApplicationBuilder TestServerBuilder(System.Collections.Generic.IEnumerable<System.Collections.Generic.KeyValuePair<string, string?>> settings)
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseTestServer();
            builder.Logging.ClearProviders();
            builder.Configuration.AddInMemoryCollection(settings);
            return builder;
        }

        public static string Now() => DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

        public static string Query(string timestamp, string nonce, string? token = null) =>
            $"signature={WeChatSignature.Compute(token ?? Token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&openid=o1";

        public Task<HttpResponseMessage> PostPlainAsync(string xml, string? token = null, string? timestamp = null)
        {
            timestamp ??= Now();
            return Client.PostAsync("/wechat?" + Query(timestamp, "n1", token), new StringContent(xml, Encoding.UTF8, "text/xml"));
        }

        /// <summary>A plaintext push of the body's bytes as they are (they need not be UTF-8, or XML).</summary>
        public Task<HttpResponseMessage> PostPlainAsync(byte[] xml) =>
            Client.PostAsync("/wechat?" + Query(Now(), "n1"), new ByteArrayContent(xml));

        public Task<HttpResponseMessage> PostSafeAsync(string xml, bool compatible = false) =>
            PostEncryptedAsync(Encoding.UTF8.GetBytes(xml), compatible ? xml : null);

        /// <summary>A safe-mode push of the plaintext's bytes as they are (they need not be UTF-8, or XML).</summary>
        public Task<HttpResponseMessage> PostSafeAsync(byte[] xml) => PostEncryptedAsync(xml, compatibleXml: null);

        /// <param name="compatibleXml">In compatible mode the plaintext, which the envelope carries beside Encrypt.</param>
        private Task<HttpResponseMessage> PostEncryptedAsync(byte[] plaintext, string? compatibleXml)
        {
            string timestamp = Now();
            string encrypt = Crypto.Encrypt(plaintext);
            string body = compatibleXml is not null
                ? compatibleXml.Replace("</xml>", $"<Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>")
                : $"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>";
            string msgSignature = WeChatSignature.ComputeMessageSignature(Token, timestamp, "n2", encrypt);
            return Client.PostAsync($"/wechat?{Query(timestamp, "n2")}&encrypt_type=aes&msg_signature={msgSignature}", new StringContent(body, Encoding.UTF8, "text/xml"));
        }

        /// <summary>
        /// The reply XML inside an encrypted answer: the envelope read with the BCL's XML reader, its MsgSignature verified
        /// and its Encrypt decrypted with this host's key.
        /// </summary>
        public byte[] OpenEnvelope(byte[] answer)
        {
            System.Xml.Linq.XElement envelope = System.Xml.Linq.XElement.Parse(Encoding.UTF8.GetString(answer));
            return Crypto.VerifyAndDecrypt(
                (string?)envelope.Element("MsgSignature"),
                (string)envelope.Element("TimeStamp")!,
                (string)envelope.Element("Nonce")!,
                (string)envelope.Element("Encrypt")!);
        }

        public static string Text(string content, long msgId = 1234567890123456) =>
            $"<xml><ToUserName><![CDATA[gh_1]]></ToUserName><FromUserName><![CDATA[o1]]></FromUserName><CreateTime>{Now()}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[{content}]]></Content><MsgId>{msgId}</MsgId></xml>";

        /// <summary>
        /// Reads a conversation nobody has, so the state store has opened its first connection (a database store also
        /// creates its tables then) before a test whose deadline is a few hundred milliseconds times its first push: on a
        /// loaded machine that first use alone can take longer than such a deadline.
        /// </summary>
        public async Task WarmUpStateAsync() =>
            await _app.Services.GetRequiredService<IWeChatConversationStore>().GetAsync("o-warm-up", CancellationToken.None);

        /// <summary>Stops the application as a deploy would (the host's shutdown sequence), before <see cref="DisposeAsync"/>.</summary>
        public Task StopAsync() => _app.StopAsync();

        public async ValueTask DisposeAsync()
        {
            Client.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
