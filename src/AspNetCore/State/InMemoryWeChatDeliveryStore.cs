using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore.State
{
    /// <summary>Delivery records in a process-wide dictionary: enough for one instance; use a database store for many.</summary>
    public sealed class InMemoryWeChatDeliveryStore : IWeChatDeliveryStore
    {
        private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        private readonly TimeProvider _time;
        private long _nextSweep;

        /// <summary>Creates an empty store; expiry follows <paramref name="timeProvider"/> (the system clock by default).</summary>
        public InMemoryWeChatDeliveryStore(TimeProvider? timeProvider = null)
        {
            _time = timeProvider ?? TimeProvider.System;
        }

        /// <inheritdoc />
        public ValueTask<WeChatDeliveryClaim> ClaimAsync(string key, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            DateTimeOffset now = _time.GetUtcNow();
            Sweep(now);
            var mine = new Entry(null, now + timeToLive);
            while (true)
            {
                if (_entries.TryAdd(key, mine))
                {
                    return new(new WeChatDeliveryClaim(true, null));
                }

                if (!_entries.TryGetValue(key, out Entry? existing))
                {
                    continue; // abandoned in between: try to add again
                }

                if (existing.ExpiresAt > now)
                {
                    return new(new WeChatDeliveryClaim(false, existing.Answer));
                }

                if (_entries.TryUpdate(key, mine, existing))
                {
                    return new(new WeChatDeliveryClaim(true, null));
                }
            }
        }

        /// <inheritdoc />
        public ValueTask CompleteAsync(string key, ReadOnlyMemory<byte> answer, TimeSpan timeToLive, CancellationToken cancellationToken)
        {
            _entries[key] = new Entry(answer.ToArray(), _time.GetUtcNow() + timeToLive);
            return default;
        }

        /// <inheritdoc />
        public ValueTask AbandonAsync(string key, CancellationToken cancellationToken)
        {
            // Only a running claim is released; a completed answer stays for the retries.
            if (_entries.TryGetValue(key, out Entry? existing) && existing.Answer is null)
            {
                _entries.TryRemove(new KeyValuePair<string, Entry>(key, existing));
            }

            return default;
        }

        private void Sweep(DateTimeOffset now)
        {
            long seconds = now.ToUnixTimeSeconds();
            if (seconds < Volatile.Read(ref _nextSweep))
            {
                return;
            }

            Volatile.Write(ref _nextSweep, seconds + 10);
            foreach (KeyValuePair<string, Entry> pair in _entries)
            {
                if (pair.Value.ExpiresAt <= now)
                {
                    _entries.TryRemove(pair);
                }
            }
        }

        private sealed record Entry(byte[]? Answer, DateTimeOffset ExpiresAt);
    }
}
