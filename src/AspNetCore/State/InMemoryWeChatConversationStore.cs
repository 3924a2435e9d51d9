using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>Conversation contexts in a process-wide dictionary: the default for tests and single-process bots.</summary>
    public sealed class InMemoryWeChatConversationStore : IWeChatConversationStore
    {
        private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        private readonly TimeProvider _time;

        /// <summary>Creates an empty store; expiry follows <paramref name="timeProvider"/> (the system clock by default).</summary>
        public InMemoryWeChatConversationStore(TimeProvider? timeProvider = null)
        {
            _time = timeProvider ?? TimeProvider.System;
        }

        /// <inheritdoc />
        public ValueTask<IReadOnlyDictionary<string, string>?> GetAsync(string openId, CancellationToken cancellationToken)
        {
            if (_entries.TryGetValue(openId, out Entry? entry) && entry.ExpiresAt > _time.GetUtcNow())
            {
                return new(entry.Values);
            }

            return new((IReadOnlyDictionary<string, string>?)null);
        }

        /// <inheritdoc />
        public ValueTask SetAsync(string openId, IReadOnlyDictionary<string, string> values, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            // A copy, so the caller changing its dictionary later does not change what is stored; the webhook's saved
            // conversation is already one that nothing changes.
            IReadOnlyDictionary<string, string> copy = WeChatConversationValues.Of(values);
            _entries[openId] = new Entry(copy, _time.GetUtcNow() + timeToLive);
            return default;
        }

        /// <inheritdoc />
        public ValueTask<int> RemoveExpiredAsync(CancellationToken cancellationToken)
        {
            DateTimeOffset now = _time.GetUtcNow();
            int removed = 0;
            foreach (KeyValuePair<string, Entry> pair in _entries)
            {
                if (pair.Value.ExpiresAt <= now && _entries.TryRemove(pair))
                {
                    removed++;
                }
            }

            return new(removed);
        }

        private sealed record Entry(IReadOnlyDictionary<string, string> Values, DateTimeOffset ExpiresAt);
    }
}
