using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Security;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>
    /// The webhook on a real Kestrel socket on 127.0.0.1: every real message, event and device payload of the reference
    /// fixtures in plain, compatible and safe mode (the other webhook tests run over Kestrel in <see cref="KestrelWebhookTests"/>).
    /// </summary>
    public sealed class KestrelEndToEndTests
    {
        public static TheoryData<string> Modes() => new() { "plain", "compatible", "safe" };

        /// <summary>Answers every delivery with a text naming the generated type the dispatcher produced.</summary>
        private static void NameTheType(WeChatHandlers handlers) =>
            handlers.Use((message, _, _) => new ValueTask<WeChatReply?>(new TextReply { Content = "typed as " + message.GetType().Name }));

        [Theory]
        [MemberData(nameof(Modes))]
        public async Task Every_message_family_is_dispatched_typed_and_answered_in_the_request_mode(string mode)
        {
            await using var host = await WebhookHost.StartAsync(NameTheType, kestrel: true);
            string[] fixtures = PushFixtures.InboundPaths();
            var failures = new List<string>();

            for (int i = 0; i < fixtures.Length; i++)
            {
                // Each payload gets its own MsgId and CreateTime so that de-duplication treats them as distinct deliveries.
                string xml = File.ReadAllText(fixtures[i]);
                xml = Regex.Replace(xml, @"<MsgI[dD]>\d+</MsgI[dD]>", m => m.Value[..7] + (9_000_000_000L + i) + m.Value[^8..]);
                xml = Regex.Replace(xml, @"<CreateTime>\d+</CreateTime>", $"<CreateTime>{1_700_000_000 + i}</CreateTime>");
                WeChatMessage expected = WeChatMessageParser.Parse(Encoding.UTF8.GetBytes(xml));

                HttpResponseMessage response = mode switch
                {
                    "plain" => await host.PostPlainAsync(xml),
                    "compatible" => await host.PostSafeAsync(xml, compatible: true),
                    _ => await host.PostSafeAsync(xml),
                };
                byte[] body = await response.Content.ReadAsByteArrayAsync();
                string name = Path.GetFileName(fixtures[i]);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    failures.Add($"{name}: HTTP {(int)response.StatusCode} {Encoding.UTF8.GetString(body)}");
                    continue;
                }

                // The encrypted reply envelope, read with the BCL's XML reader, must verify and decrypt with our key.
                byte[] replyXml = mode == "plain" ? body : host.OpenEnvelope(body);

                var reply = WeChatMessageParser.ParseReply(replyXml) as TextReply;
                if (reply?.Content != "typed as " + expected.GetType().Name || reply.ToUserName != expected.FromUserName || reply.FromUserName != expected.ToUserName)
                {
                    failures.Add($"{name}: expected a reply naming {expected.GetType().Name} to {expected.FromUserName}, got {Encoding.UTF8.GetString(replyXml)}");
                }
            }

            Assert.Empty(failures);
            Assert.Equal(fixtures.Length, host.Handled.Count);
        }
    }
}
