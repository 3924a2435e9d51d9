using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;
using WeChat.OfficialAccount.Tests.Xml;
using Xunit.Abstractions;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    /// <summary>
    /// Seeded mutations of every real payload, correctly signed (and encrypted), through the whole webhook: whatever the
    /// body, the answer is 200 with "success" or a reply that reads back, or 400 with a reason — never a 500 or a 503.
    /// </summary>
    public sealed class WebhookFuzzTests(ITestOutputHelper output)
    {
        private const int Mutations = 1_500;

        /// <summary>Echoes what the push carried back into the reply, so the writer meets whatever the parser let through.</summary>
        private static void EchoFields(WeChatHandlers handlers) =>
            handlers.Use((message, _, _) => new ValueTask<WeChatReply?>(new TextReply
            {
                Content = message switch
                {
                    TextMessage text => text.Content,
                    LinkMessage link => link.Title + " " + link.Description,
                    LocationMessage location => location.Label,
                    Events.ClickEvent click => click.EventKey,
                    WeChatEvent e => e.Event,
                    _ => message.MsgType + " from " + message.FromUserName,
                },
            }));

        public static TheoryData<string> Modes() => new() { "plain", "safe" };

        [Theory]
        [MemberData(nameof(Modes))]
        public async Task Mutated_pushes_are_answered_200_or_400_never_500(string mode)
        {
            int seed = int.TryParse(Environment.GetEnvironmentVariable("WECHAT_FUZZ_SEED"), out int s) ? s : 20261204;
            byte[][] corpus = PushFixtures.InboundPaths().Select(File.ReadAllBytes).ToArray();
            await using var host = await WebhookHost.StartAsync(EchoFields);
            var mutator = new XmlMutator(seed);
            var failures = new List<string>();
            int answered = 0, refused = 0;

            for (int i = 0; i < Mutations && failures.Count < 5; i++)
            {
                byte[] body = mutator.Mutate(corpus[i % corpus.Length]);
                HttpResponseMessage response = await (mode == "plain" ? host.PostPlainAsync(body) : host.PostSafeAsync(body));
                byte[] answer = await response.Content.ReadAsByteArrayAsync();
                string label = $"mutation {i} (seed {seed}, {mode}): HTTP {(int)response.StatusCode}";
                if (response.StatusCode == HttpStatusCode.BadRequest && answer.Length > 0)
                {
                    refused++;
                }
                else if (response.StatusCode == HttpStatusCode.OK && ReadsBack(host, answer, mode))
                {
                    answered++;
                }
                else
                {
                    failures.Add($"{label} {Encoding.UTF8.GetString(answer)}\ninput:\n{Encoding.UTF8.GetString(body)}");
                }
            }

            output.WriteLine($"seed {seed}, {mode}: {answered} answered, {refused} refused, of {Mutations}");
            Assert.Empty(failures);

            // A mutator that only produced garbage would prove nothing: a good share must reach the handler.
            Assert.True(answered > Mutations / 10, $"only {answered} mutations were answered");
            Assert.True(refused > Mutations / 10, $"only {refused} mutations were refused");
        }

        /// <summary>Whether a 200's body is "success" or a reply that parses back (decrypted first in safe mode).</summary>
        private static bool ReadsBack(WebhookHost host, byte[] answer, string mode)
        {
            if (answer.AsSpan().SequenceEqual("success"u8))
            {
                return true;
            }

            try
            {
                return WeChatMessageParser.ParseReply(mode == "safe" ? host.OpenEnvelope(answer) : answer) is TextReply;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
