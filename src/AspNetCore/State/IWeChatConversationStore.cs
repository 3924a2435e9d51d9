using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>
    /// Per-user conversation context: a small string dictionary per OpenID that expires (default 2 hours), read
    /// before a handler runs and saved when it changed.
    /// </summary>
    public interface IWeChatConversationStore
    {
        /// <summary>The user's context, or null when there is none or it expired.</summary>
        ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string openId, CancellationToken cancellationToken);

        /// <summary>Saves the user's context; it expires <paramref name="timeToLive"/> after this call.</summary>
        ValueTask SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken);

        /// <summary>Deletes expired contexts; returns how many.</summary>
        ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken);
    }
}
