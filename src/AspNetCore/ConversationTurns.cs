using System;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// One push per sender at a time, in arrival order: a handler reads the conversation context its sender's previous
    /// push saved, instead of two handlers reading the same context and the later save dropping the other's change.
    /// </summary>
    /// <remarks>
    /// A sender with nothing running takes the turn at once without allocating; only a push that has to wait gets a task.
    /// Senders leave the table when their last push is done, so it holds only senders with a push in flight.
    /// </remarks>
    internal sealed class ConversationTurns
    {
        private static readonly ConditionalWeakTable<object, ConversationTurns> ByStore = new();

        private readonly Dictionary<string, Queue<TaskCompletionSource>?> _busy = new(StringComparer.Ordinal);

        /// <summary>
        /// The turns of every webhook in the process that keeps its conversations in <paramref name="store"/>: hosts that
        /// share one store (several hosts on one SQLite file) share its turns too.
        /// </summary>
        public static ConversationTurns For(object store) => ByStore.GetValue(store, static _ => new ConversationTurns());

        /// <summary>How many senders have a push in flight (for tests).</summary>
        internal int Busy
        {
            get
            {
                lock (_busy)
                {
                    return _busy.Count;
                }
            }
        }

        /// <summary>
        /// Takes <paramref name="sender"/>'s turn: null when it is the caller's at once, otherwise a task that completes
        /// when it is. Every taken turn is given back with <see cref="Leave"/> (a turn the caller stopped waiting for, as
        /// soon as it comes).
        /// </summary>
        public Task? Enter(string sender)
        {
            lock (_busy)
            {
                ref Queue<TaskCompletionSource>? waiting = ref CollectionsMarshal.GetValueRefOrAddDefault(_busy, sender, out bool exists);
                if (!exists)
                {
                    return null;
                }

                var turn = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                (waiting ??= new Queue<TaskCompletionSource>()).Enqueue(turn);
                return turn.Task;
            }
        }

        /// <summary>Gives the turn to the sender's next waiting push, or forgets the sender when none waits.</summary>
        public void Leave(string sender)
        {
            TaskCompletionSource? next = null;
            lock (_busy)
            {
                if (!_busy.TryGetValue(sender, out Queue<TaskCompletionSource>? waiting))
                {
                    throw new InvalidOperationException($"No push of '{sender}' holds a turn.");
                }

                if (waiting is null || !waiting.TryDequeue(out next))
                {
                    _busy.Remove(sender);
                }
            }

            next?.SetResult();
        }
    }
}
