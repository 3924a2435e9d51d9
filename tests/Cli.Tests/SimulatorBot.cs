using System;
using System.Collections.Concurrent;
using System.IO;
using System.Linq;
using System.Net;
using System.Text;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.Cli.Tests
{
    /// <summary>
    /// A minimal bot on real Kestrel (127.0.0.1, a free port) built from the Runtime primitives only: it checks the
    /// query signature (401 otherwise), in safe mode checks msg_signature and decrypts, parses the message, answers a
    /// text with "echo: …" (encrypted when the push was) and anything else with <c>success</c>, and records every push.
    /// </summary>
    internal sealed class SimulatorBot : IAsyncDisposable
    {
        /// <summary>A text with this content gets an encrypted reply whose MsgSignature does not match.</summary>
        public const string TamperContent = "please tamper with the reply";

        /// <summary>A text with this content is answered only after 30 seconds, or when the client gives up.</summary>
        public const string SlowContent = "please take your time";

        /// <summary>A text with this content is answered after 5.3 seconds: a little past what WeChat waits.</summary>
        public const string LateContent = "answer just after WeChat gave up";

        /// <summary>A text with this content is answered in plaintext even when the push was encrypted.</summary>
        public const string PlainReplyContent = "answer me in plaintext";

        public const string Token = "simulator_token";
        public const string AesKey = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG";
        public const string AppId = "wxb11529c136998cb6";

        private readonly WebApplication _app;
        private readonly WeChatMessageCrypto _crypto = new(Token, AesKey, AppId);

        private SimulatorBot(WebApplication app)
        {
            _app = app;
        }

        /// <summary>The push URL.</summary>
        public string Url { get; private set; } = string.Empty;

        /// <summary>Every push that arrived, signature valid or not, in arrival order.</summary>
        public ConcurrentQueue<RecordedPush> Pushes { get; } = new();

        public static async Task<SimulatorBot> StartAsync()
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            var bot = new SimulatorBot(builder.Build());
            bot._app.MapPost("/wechat", bot.HandleAsync);
            bot._app.MapGet("/get-only", () => "a page, not a webhook");

            // URL verification: the right answer at /wechat, and the mistakes developers make, one path each.
            bot._app.MapGet("/wechat", (HttpContext c) => Verified(c, echostr => Results.Text(echostr)));
            bot._app.MapGet("/verify/newline", (HttpContext c) => Verified(c, echostr => Results.Text(echostr + "\n")));
            bot._app.MapGet("/verify/bom", (HttpContext c) => Verified(c, echostr => Results.Bytes([0xEF, 0xBB, 0xBF, .. Encoding.ASCII.GetBytes(echostr)], "text/plain")));
            bot._app.MapGet("/verify/quoted", (HttpContext c) => Verified(c, echostr => Results.Json(echostr)));
            bot._app.MapGet("/verify/success", (HttpContext c) => Verified(c, _ => Results.Text("success")));
            bot._app.MapGet("/verify/unchecked", (HttpContext c) => Results.Text(c.Request.Query["echostr"].ToString()));
            bot._app.MapGet("/verify/late", async (HttpContext c) =>
            {
                IResult answer = Verified(c, echostr => Results.Text(echostr));
                if (WeChatSignature.Verify(c.Request.Query["signature"], Token, c.Request.Query["timestamp"].ToString(), c.Request.Query["nonce"].ToString()))
                {
                    await Task.Delay(TimeSpan.FromSeconds(5.3), c.RequestAborted);
                }

                return answer;
            });
            await bot._app.StartAsync();
            string address = bot._app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            bot.Url = address + "/wechat";
            return bot;
        }

        /// <summary>The verification GET: 401 unless its signature is the Token's, else what <paramref name="answer"/> makes of the echostr.</summary>
        private static IResult Verified(HttpContext context, Func<string, IResult> answer)
        {
            IQueryCollection query = context.Request.Query;
            return WeChatSignature.Verify(query["signature"], Token, query["timestamp"].ToString(), query["nonce"].ToString())
                ? answer(query["echostr"].ToString())
                : Results.Text("invalid signature", statusCode: (int)HttpStatusCode.Unauthorized);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }

        private async Task HandleAsync(HttpContext context)
        {
            // A RequestDelegate: a Task<IResult> handler would bind as one too and have its result ignored.
            IResult result = await AnswerAsync(context);
            await result.ExecuteAsync(context);
        }

        private async Task<IResult> AnswerAsync(HttpContext context)
        {
            IQueryCollection query = context.Request.Query;
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            byte[] body = buffer.ToArray();
            string timestamp = query["timestamp"].ToString(), nonce = query["nonce"].ToString();
            bool encrypted = query["encrypt_type"] == "aes";
            var push = new RecordedPush(
                query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.ContentType,
                body);
            Pushes.Enqueue(push);

            if (!WeChatSignature.Verify(query["signature"], Token, timestamp, nonce))
            {
                return Results.Text("invalid signature", statusCode: (int)HttpStatusCode.Unauthorized);
            }

            byte[] plaintext = body;
            if (encrypted)
            {
                try
                {
                    plaintext = _crypto.VerifyAndDecryptBody(query["msg_signature"], timestamp, nonce, body);
                }
                catch (WeChatCryptoException ex)
                {
                    return Results.Text(ex.Message, statusCode: (int)HttpStatusCode.BadRequest);
                }
            }

            push.Message = WeChatMessageParser.Parse(plaintext);
            if (push.Message is not TextMessage text)
            {
                return Results.Text("success");
            }

            if (text.Content == SlowContent)
            {
                await Task.WhenAny(Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted));
            }

            if (text.Content == LateContent)
            {
                await Task.Delay(TimeSpan.FromSeconds(5.3), context.RequestAborted);
            }

            var reply = new TextReply { Content = "echo: " + text.Content };
            reply.AddressTo(text);
            string xml = reply.ToXml();
            if (encrypted && text.Content != PlainReplyContent)
            {
                WeChatEncryptedReply sealedReply = _crypto.EncryptReply(Encoding.UTF8.GetBytes(xml), timestamp, nonce);
                xml = sealedReply.ToXml();
                if (text.Content == TamperContent)
                {
                    xml = xml.Replace(sealedReply.MsgSignature, new string('0', sealedReply.MsgSignature.Length), StringComparison.Ordinal);
                }
            }

            return Results.Text(xml, "text/xml", Encoding.UTF8);
        }
    }
}
