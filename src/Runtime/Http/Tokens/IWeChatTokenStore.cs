using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.Http.Tokens
{
    /// <summary>
    /// Where access_tokens and tickets are cached. The in-memory default serves one process; a shared store (a
    /// database) lets many instances use one token instead of invalidating each other's.
    /// </summary>
    public interface IWeChatTokenStore
    {
        /// <summary>The cached token under <paramref name="key"/>, or null.</summary>
        ValueTask<WeChatCachedToken?> GetAsync(string key, CancellationToken cancellationToken);

        /// <summary>Caches a token under <paramref name="key"/>.</summary>
        ValueTask SetAsync(string key, WeChatCachedToken token, CancellationToken cancellationToken);

        /// <summary>Removes the token under <paramref name="key"/> only if it is still <paramref name="value"/>.</summary>
        ValueTask RemoveAsync(string key, string value, CancellationToken cancellationToken);
    }
}
