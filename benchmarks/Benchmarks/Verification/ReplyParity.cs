using System;
using System.Text;

namespace WeChat.OfficialAccount.Benchmarks.Verification
{
    /// <summary>Checks that a baseline's reply XML carries the same fields as the SDK's reply, by reading both back.</summary>
    internal static class ReplyParity
    {
        public static void AssertSame(string what, WeChatReply ours, string baselineXml)
        {
            WeChatReply readBack = WeChatMessageParser.ParseReply(Encoding.UTF8.GetBytes(baselineXml));
            if (readBack.GetType() != ours.GetType())
            {
                throw new InvalidOperationException($"{what}: the baseline wrote a {readBack.GetType().Name}, not a {ours.GetType().Name}.");
            }

            FieldSnapshot.AssertSame(what, FieldSnapshot.Of(ours, includeUnknown: true), FieldSnapshot.Of(readBack, includeUnknown: true));
        }
    }
}
