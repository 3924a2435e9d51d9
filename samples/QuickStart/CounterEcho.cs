using System.Globalization;
using WeChat.OfficialAccount.AspNetCore;
using WeChat.OfficialAccount.Messages;
using WeChat.OfficialAccount.Replies;

namespace QuickStart
{
    /// <summary>
    /// The QuickStart's text handler: echoes the text with a message counter kept in the conversation context ("this is
    /// message N, last time you said …"). The webhook load benchmark runs the same handler.
    /// </summary>
    public static class CounterEcho
    {
        public static TextReply Reply(TextMessage text, WeChatHandlerContext context)
        {
            int count = int.TryParse(context.Conversation["count"], NumberStyles.None, CultureInfo.InvariantCulture, out int previous) ? previous + 1 : 1;
            string? last = context.Conversation["last"];
            context.Conversation["count"] = count.ToString(CultureInfo.InvariantCulture);
            context.Conversation["last"] = text.Content;
            string history = last is null ? "this is your first message" : $"this is message {count}, last time you said \"{last}\"";
            return new TextReply { Content = $"{text.Content}\n({history})" };
        }
    }
}
