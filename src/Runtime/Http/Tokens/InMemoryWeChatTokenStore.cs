using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.Http.Tokens
{
    /// <summary>The default token store: a process-wide dictionary.</summary>
    public sealed class InMemoryWeChatTokenStore : IWeChatTokenStore
    {
        private readonly ConcurrentDictionary<string, WeChatCachedToken> _tokens = new();

        /// <inheritdoc />
        public ValueTask<WeChatCachedToken?> GetAsync(string key, CancellationToken cancellationToken) =>
            new(_tokens.TryGetValue(key, out WeChatCachedToken? token) ? token : null);

        /// <inheritdoc />
        public ValueTask SetAsync(string key, WeChatCachedToken token, CancellationToken cancellationToken)
        {
            _tokens[key] = token;
            return default;
        }

        /// <inheritdoc />
        public ValueTask RemoveAsync(string key, string value, CancellationToken cancellationToken)
        {
            if (_tokens.TryGetValue(key, out WeChatCachedToken? current) && current.Value == value)
            {
                _tokens.TryRemove(new KeyValuePair<string, WeChatCachedToken>(key, current));
            }

            return default;
        }
    }
}
