using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Threading.Tasks;
using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChat.OfficialAccount.AspNetCore;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Benchmarks
{
    /// <summary>
    /// The webhook's own cost per push, in process and without a socket: the endpoint <c>MapWeChat</c> maps is invoked
    /// with a fresh <see cref="DefaultHttpContext"/> per push, 32 pushes at a time (as 32 connections would send them),
    /// every push a new delivery (its own MsgId), with the QuickStart's text handler (echo and a message counter in the
    /// conversation). The baseline is the same harness around an endpoint that answers "success" and nothing else, so
    /// the difference is what the SDK adds; <c>benchmarks/webhook/run.sh</c> measures the same over real sockets.
    /// </summary>
    [MemoryDiagnoser]
    public class WebhookPushBenchmarks
    {
        private const int Concurrency = 32;
        private const int InvocationsPerIteration = 500;
        private const string Token = "bench-token";
        private const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        private const string AppId = "wxbench000000000000";

        private readonly WeChatMessageCrypto _crypto = new(Token, AesKey, AppId);
        private WebApplication? _app;
        private RequestDelegate _endpoint = _ => Task.CompletedTask;
        private string _database = string.Empty;
        private Push[] _pushes = Array.Empty<Push>();
        private int _next;
        private long _msgId = 5_000_000_000_000_000L;

        /// <summary>Where the state is kept: <c>none</c> is the bare baseline endpoint.</summary>
        [Params("none", "memory", "sqlite")]
        public string Store { get; set; } = "memory";

        /// <summary>Plaintext mode (signature only) or safe mode (AES in and out).</summary>
        [Params("plain", "safe")]
        public string Mode { get; set; } = "safe";

        [GlobalSetup]
        public void Setup()
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddWeChatWebhook(configure: o =>
            {
                o.Token = Token;
                o.EncodingAESKey = AesKey;
                o.AppId = AppId;
                o.TimestampWindow = null; // the payloads are made once per iteration, the clock moves on
            });
            if (Store == "sqlite")
            {
                _database = Path.Combine(Path.GetTempPath(), $"wechat-bench-{Guid.NewGuid():N}.db");
                builder.Services.AddWeChatSqliteState("Data Source=" + _database);
            }

            _app = builder.Build();
            if (Store == "none")
            {
                _app.MapPost("/wechat", static http =>
                {
                    http.Response.ContentType = "text/plain";
                    return http.Response.WriteAsync("success");
                });
            }
            else
            {
                _app.MapWeChat("/wechat", handlers => handlers.On<TextMessage>(QuickStart.CounterEcho.Reply));
            }

            _endpoint = ((IEndpointRouteBuilder)_app).DataSources.SelectMany(d => d.Endpoints).OfType<RouteEndpoint>().Single().RequestDelegate!;
            MakePushes(Concurrency);
            PushConcurrently().GetAwaiter().GetResult();
            if (_pushes.Any(p => p.Status != StatusCodes.Status200OK))
            {
                throw new InvalidOperationException("A push was not answered 200: " + string.Join(", ", _pushes.Select(p => p.Status)));
            }
        }

        [GlobalCleanup]
        public void Cleanup()
        {
            _app?.DisposeAsync().AsTask().GetAwaiter().GetResult();
            if (_database.Length > 0)
            {
                Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
                foreach (string suffix in new[] { "", "-wal", "-shm", ".lock" })
                {
                    File.Delete(_database + suffix);
                }
            }
        }

        /// <summary>New deliveries for the next iteration: made outside the measurement, so encrypting them is not counted.</summary>
        [IterationSetup]
        public void MakeIterationPushes() => MakePushes(InvocationsPerIteration * Concurrency);

        [Benchmark(OperationsPerInvoke = Concurrency)]
        [InvocationCount(InvocationsPerIteration)]
        public Task PushConcurrently()
        {
            var running = new Task[Concurrency];
            for (int i = 0; i < Concurrency; i++)
            {
                running[i] = Send(_pushes[_next++]);
            }

            return Task.WhenAll(running);
        }

        private async Task Send(Push push)
        {
            var http = new DefaultHttpContext();
            http.Request.Method = HttpMethods.Post;
            http.Request.Path = "/wechat";
            http.Request.QueryString = new QueryString(push.Query);
            http.Request.ContentType = "text/xml";
            http.Request.ContentLength = push.Body.Length;
            http.Request.Body = new MemoryStream(push.Body, writable: false);
            http.Response.Body = Stream.Null;
            await _endpoint(http).ConfigureAwait(false);
            push.Status = http.Response.StatusCode;
        }

        private void MakePushes(int count)
        {
            _pushes = new Push[count];
            _next = 0;
            string timestamp = DateTimeOffset.UtcNow.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
            for (int i = 0; i < count; i++)
            {
                long msgId = ++_msgId;
                string xml = string.Create(CultureInfo.InvariantCulture,
                    $"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><FromUserName><![CDATA[oBenchUser{msgId % 1000:D4}]]></FromUserName><CreateTime>{timestamp}</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[bench message {msgId}]]></Content><MsgId>{msgId}</MsgId></xml>");
                string nonce = "n" + msgId.ToString(CultureInfo.InvariantCulture);
                string query = $"?signature={WeChatSignature.Compute(Token, timestamp, nonce)}&timestamp={timestamp}&nonce={nonce}&openid=oBenchUser";
                if (Mode == "plain")
                {
                    _pushes[i] = new Push(query, Encoding.UTF8.GetBytes(xml));
                    continue;
                }

                string encrypt = _crypto.Encrypt(Encoding.UTF8.GetBytes(xml));
                query += $"&encrypt_type=aes&msg_signature={WeChatSignature.ComputeMessageSignature(Token, timestamp, nonce, encrypt)}";
                _pushes[i] = new Push(query, Encoding.UTF8.GetBytes($"<xml><ToUserName><![CDATA[gh_bench]]></ToUserName><Encrypt><![CDATA[{encrypt}]]></Encrypt></xml>"));
            }
        }

        private sealed class Push(string query, byte[] body)
        {
            public string Query { get; } = query;

            public byte[] Body { get; } = body;

            public int Status { get; set; }
        }
    }
}
