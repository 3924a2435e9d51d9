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
    /// <remarks>
    /// An answer is the plaintext reply XML as UTF-8, or <see langword="null"/> for no reply ("success"): the request's
    /// mode decides how each response is sent, so a retry is encrypted afresh. Under load the table holds a window's
    /// worth of answers, so an entry is kept small: no task exists unless a retry actually waits for a running delivery.
    /// </remarks>
    public sealed class WeChatDeduplicator
    {
        private readonly ConcurrentDictionary<string, Delivery> _deliveries = new(StringComparer.Ordinal);
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
        /// window get its answer. The boolean is true for a repeat. A delivery that throws is not remembered.
        /// </summary>
        /// <param name="key">What identifies the delivery (<see cref="WeChatMessage.DeduplicationKey"/>).</param>
        /// <param name="window">How long a finished answer is kept.</param>
        /// <param name="deliver">Produces the answer: the reply XML as UTF-8, or null for no reply.</param>
        public async Task<(byte[]? Answer, bool IsRepeat)> RunOnceAsync(string key, TimeSpan window, Func<Task<byte[]?>> deliver)
        {
            ArgumentNullException.ThrowIfNull(deliver);
            if (!TryBegin(key, out Delivery? mine, out ValueTask<byte[]?> first))
            {
                return (await first.ConfigureAwait(false), true);
            }

            byte[]? answer;
            try
            {
                answer = await deliver().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Fail(key, mine, ex);
                throw;
            }

            Complete(mine, answer, window);
            return (answer, false);
        }

        /// <summary>
        /// Starts the delivery of <paramref name="key"/>: true when the caller runs it (and then calls
        /// <see cref="Complete"/> or <see cref="Fail"/> with <paramref name="mine"/>); false for a repeat, whose answer
        /// <paramref name="first"/> gives (at once when the first delivery has finished).
        /// </summary>
        internal bool TryBegin(string key, out Delivery mine, out ValueTask<byte[]?> first)
        {
            Sweep();
            mine = new Delivery();
            while (true)
            {
                Delivery current = _deliveries.GetOrAdd(key, mine);
                if (ReferenceEquals(current, mine))
                {
                    first = default;
                    return true;
                }

                if (current.TryFollow(_time.GetUtcNow().UtcTicks, out first))
                {
                    return false;
                }

                // Finished and past the window but not swept yet: this delivery is new.
                if (_deliveries.TryUpdate(key, mine, current))
                {
                    first = default;
                    return true;
                }
            }
        }

        /// <summary>Records the answer for the window and hands it to any retry waiting for it.</summary>
        internal void Complete(Delivery mine, byte[]? answer, TimeSpan window) =>
            mine.Finish(answer, (_time.GetUtcNow() + window).UtcTicks);

        /// <summary>
        /// Hands the answer to any retry waiting for it and forgets the delivery: for a webhook whose shared
        /// <c>IWeChatDeliveryStore</c> keeps the answers, a later retry is answered from there, and this process keeps
        /// only what is running.
        /// </summary>
        internal void Release(string key, Delivery mine, byte[]? answer)
        {
            mine.Finish(answer, long.MinValue);
            _deliveries.TryRemove(new(key, mine));
        }

        /// <summary>Forgets a delivery that failed, so the next retry runs again; a retry already waiting gets the error.</summary>
        internal void Fail(string key, Delivery mine, Exception exception)
        {
            _deliveries.TryRemove(new(key, mine));
            mine.Abandon(exception);
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
                    long cutoff = _time.GetUtcNow().UtcTicks;
                    foreach (var pair in _deliveries)
                    {
                        if (pair.Value.IsExpired(cutoff))
                        {
                            _deliveries.TryRemove(pair);
                        }
                    }
                }
                finally
                {
                    Volatile.Write(ref _sweeping, 0);
                }
            });
        }

        /// <summary>One delivery: running (answer not yet known) or finished with its answer and expiry.</summary>
        internal sealed class Delivery
        {
            private const long Running = long.MaxValue;
            private long _expiresAt = Running;
            private byte[]? _answer;
            private TaskCompletionSource<byte[]?>? _waiting;

            /// <summary>A repeat: the answer, or a task for it while the delivery runs; false once the answer expired.</summary>
            public bool TryFollow(long nowTicks, out ValueTask<byte[]?> answer)
            {
                lock (this)
                {
                    if (_expiresAt == Running)
                    {
                        _waiting ??= new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
                        answer = new ValueTask<byte[]?>(_waiting.Task);
                        return true;
                    }

                    answer = new ValueTask<byte[]?>(_answer);
                    return _expiresAt > nowTicks;
                }
            }

            public bool IsExpired(long nowTicks) => Volatile.Read(ref _expiresAt) <= nowTicks;

            public void Finish(byte[]? answer, long expiresAt)
            {
                TaskCompletionSource<byte[]?>? waiting;
                lock (this)
                {
                    _answer = answer;
                    _expiresAt = expiresAt;
                    waiting = _waiting;
                    _waiting = null;
                }

                waiting?.TrySetResult(answer);
            }

            public void Abandon(Exception exception)
            {
                TaskCompletionSource<byte[]?>? waiting;
                lock (this)
                {
                    // Expired at once: a retry that still holds this delivery starts its own.
                    _expiresAt = long.MinValue;
                    waiting = _waiting;
                    _waiting = null;
                }

                waiting?.TrySetException(exception);
            }
        }
    }
}
