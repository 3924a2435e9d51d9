using System.Collections.Generic;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// The webhook endpoints <c>MapWeChat</c> mapped, so that a handler registered for an account no endpoint serves is
    /// said at start rather than found as silence when that account's pushes get another handler or none.
    /// </summary>
    internal sealed class WeChatWebhookMap
    {
        private readonly List<(string? Account, string Pattern)> _mapped = new();

        public void Add(string? account, string pattern)
        {
            lock (_mapped)
            {
                _mapped.Add((account, pattern));
            }
        }

        public (string? Account, string Pattern)[] Mapped()
        {
            lock (_mapped)
            {
                return _mapped.ToArray();
            }
        }
    }
}
