using System;
using System.Collections.Concurrent;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// Runs each delivery once: WeChat retries a push it got no answer for (up to three times, 5 s apart), and a
    /// retry that arrives while the first delivery still runs waits for it and gets the same answer. Finished answers
    /// are kept for <see cref="WeChatWebhookOptions.DeduplicationWindow"/>.
    /// </summary>
    public sealed class WeChatDeduplicator
    {
        private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);
        private readonly TimeProvider _time;
        private long _nextSweep;
        private int _sweeping;

        /// <summary>Creates the in-memory de-duplicator.</summary>
        public WeChatDeduplicator(TimeProvider? timeProvider = null)
        {
            _time = timeProvider ?? TimeProvider.System;
        }

        /// <summary>
        /// Runs <paramref name="deliver"/> for the first delivery of <paramref name="key"/>; later deliveries within the
        /// window get its result. The boolean is true for a repeat.
        /// </summary>
        public async Task<(T Result, bool IsRepeat)> RunOnceAsync<T>(string key, TimeSpan window, Func<Task<T>> deliver)
        {
            Sweep();
            var mine = new Entry(new TaskCompletionSource<object?>(TaskCreationOptions.RunContinuationsAsynchronously));
            Entry entry = _entries.GetOrAdd(key, mine);
            while (!ReferenceEquals(entry, mine))
            {
                if (entry.ExpiresAt is not { } expires || expires > _time.GetUtcNow())
                {
                    return ((T)(await entry.Result.Task.ConfigureAwait(false))!, true);
                }

                // Past the window but not swept yet: this delivery is new.
                entry = _entries.TryUpdate(key, mine, entry) ? mine : _entries.GetOrAdd(key, mine);
            }

            try
            {
                T result = await deliver().ConfigureAwait(false);
                mine.ExpiresAt = _time.GetUtcNow() + window;
                mine.Result.SetResult(result);
                return (result, false);
            }
            catch (Exception ex)
            {
                // A failed delivery is not remembered: the next retry runs again.
                _entries.TryRemove(new(key, mine));
                mine.Result.SetException(ex);
                throw;
            }
        }

        private void Sweep()
        {
            long now = _time.GetUtcNow().ToUnixTimeSeconds();
            if (now < Volatile.Read(ref _nextSweep) || Interlocked.Exchange(ref _sweeping, 1) == 1)
            {
                return;
            }

            Volatile.Write(ref _nextSweep, now + 10);

            // Off the request path: under load the table holds a minute of answers, too many to walk inside a request.
            _ = Task.Run(() =>
            {
                try
                {
                    DateTimeOffset cutoff = _time.GetUtcNow();
                    foreach (var pair in _entries)
                    {
                        if (pair.Value.ExpiresAt is { } expires && expires < cutoff)
                        {
                            _entries.TryRemove(pair);
                        }
                    }
                }
                finally
                {
                    Volatile.Write(ref _sweeping, 0);
                }
            });
        }

        private sealed class Entry
        {
            public Entry(TaskCompletionSource<object?> result)
            {
                Result = result;
            }

            public TaskCompletionSource<object?> Result { get; }

            public DateTimeOffset? ExpiresAt { get; set; }
        }
    }
}
