using System;
using System.Collections.Concurrent;
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
    /// mode decides how each response is sent, so a retry is encrypted afresh. Running deliveries are objects (no task
    /// exists unless a retry actually waits for one); finished answers go to an <see cref="AnswerLog"/>, out of the garbage
    /// collector's way, as under load a window holds millions of them.
    /// </remarks>
    public sealed class WeChatDeduplicator
    {
        private readonly ConcurrentDictionary<string, Delivery> _deliveries = new(StringComparer.Ordinal);
        private readonly AnswerLog _answers = new();
        private readonly TimeProvider _time;

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

            Complete(key, mine, answer, window);
            return (answer, false);
        }

        /// <summary>
        /// Starts the delivery of <paramref name="key"/>: true when the caller runs it (and then calls
        /// <see cref="Complete"/> or <see cref="Fail"/> with <paramref name="mine"/>); false for a repeat, whose answer
        /// <paramref name="first"/> gives (at once when the first delivery has finished).
        /// </summary>
        internal bool TryBegin(string key, out Delivery mine, out ValueTask<byte[]?> first)
        {
            mine = new Delivery();
            while (true)
            {
                Delivery current = _deliveries.GetOrAdd(key, mine);
                if (ReferenceEquals(current, mine))
                {
                    long now = _time.GetUtcNow().UtcTicks;
                    if (!_answers.TryGet(key, now, out byte[]? answer))
                    {
                        first = default;
                        return true;
                    }

                    // Finished within the window: a retry that began following this claim meanwhile gets the answer too.
                    mine.Finish(answer);
                    _deliveries.TryRemove(new(key, mine));
                    first = new ValueTask<byte[]?>(answer);
                    return false;
                }

                if (current.TryFollow(out first))
                {
                    return false;
                }

                // Finished and on its way out of the running table (its answer is in the log): look again.
                _deliveries.TryRemove(new(key, current));
            }
        }

        /// <summary>
        /// Records the answer for the window and hands it to any retry waiting for it. The answer is in the log before
        /// the delivery leaves the running table: a retry finds one or the other.
        /// </summary>
        internal void Complete(string key, Delivery mine, byte[]? answer, TimeSpan window)
        {
            DateTimeOffset now = _time.GetUtcNow();
            _answers.Add(key, answer, answer is not null, (now + window).UtcTicks, now.UtcTicks);
            mine.Finish(answer);
            _deliveries.TryRemove(new(key, mine));
        }

        /// <summary>
        /// Hands the answer to any retry waiting for it and forgets the delivery: for a webhook whose shared
        /// <c>IWeChatDeliveryStore</c> keeps the answers, a later retry is answered from there, and this process keeps
        /// only what is running.
        /// </summary>
        internal void Release(string key, Delivery mine, byte[]? answer)
        {
            mine.Finish(answer);
            _deliveries.TryRemove(new(key, mine));
        }

        /// <summary>Forgets a delivery that failed, so the next retry runs again; a retry already waiting gets the error.</summary>
        internal void Fail(string key, Delivery mine, Exception exception)
        {
            _deliveries.TryRemove(new(key, mine));
            mine.Abandon(exception);
        }

        /// <summary>One delivery while it runs; a retry that arrives meanwhile waits for its answer.</summary>
        internal sealed class Delivery
        {
            private bool _finished;
            private bool _failed;
            private byte[]? _answer;
            private TaskCompletionSource<byte[]?>? _waiting;

            /// <summary>A repeat: the answer, or a task for it while the delivery runs; false once it failed.</summary>
            public bool TryFollow(out ValueTask<byte[]?> answer)
            {
                lock (this)
                {
                    if (!_finished)
                    {
                        _waiting ??= new TaskCompletionSource<byte[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
                        answer = new ValueTask<byte[]?>(_waiting.Task);
                        return true;
                    }

                    answer = new ValueTask<byte[]?>(_answer);
                    return !_failed;
                }
            }

            public void Finish(byte[]? answer)
            {
                TaskCompletionSource<byte[]?>? waiting;
                lock (this)
                {
                    _answer = answer;
                    _finished = true;
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
                    // A retry that still holds this delivery starts its own.
                    _finished = true;
                    _failed = true;
                    waiting = _waiting;
                    _waiting = null;
                }

                waiting?.TrySetException(exception);
            }
        }
    }
}
