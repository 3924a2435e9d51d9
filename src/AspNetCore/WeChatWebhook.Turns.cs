using System;
using System.Data.Common;
using System.Threading;
using System.Threading.Tasks;
using WeChat.OfficialAccount.AspNetCore.State;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>Sender turns: one push per sender at a time, in this process and, with a store that shares them, across instances.</summary>
    internal sealed partial class WeChatWebhook
    {
        /// <summary>
        /// Takes <paramref name="sender"/>'s turn: null when it is the caller's at once (no other push of the sender runs
        /// in this process and no store shares turns with other instances), otherwise a task that completes when it is —
        /// with the turn taken in the shared store, if any, which the caller gives back with <see cref="LeaveTurnAsync"/>.
        /// </summary>
        /// <param name="sender">The sender.</param>
        /// <param name="stopping">Cancelled when the application stops.</param>
        /// <param name="message">The push, for the log.</param>
        /// <param name="arrived">When the push arrived, for a push within its deadline: a store failure that may pass is then tried again (<see cref="MayRetryStore"/>); null for one past it, which has its own retries.</param>
        private Task<IWeChatSenderTurn?>? TakeTurn(string sender, CancellationToken stopping, WeChatMessage message, long? arrived)
        {
            Task? local = _turns!.Enter(sender);
            return local is null && _sharedTurns is null ? null : TakeSharedTurnAsync(local, sender, stopping, message, arrived);
        }

        private async Task<IWeChatSenderTurn?> TakeSharedTurnAsync(Task? local, string sender, CancellationToken stopping, WeChatMessage message, long? arrived)
        {
            if (local is not null)
            {
                // The process's turn: given, never cancelled, so the shared one is asked for once per sender at a time.
                await local.ConfigureAwait(false);
            }

            if (_sharedTurns is null)
            {
                return null;
            }

            try
            {
                TimeSpan storeRetry = FirstStoreRetryDelay;
                while (true)
                {
                    try
                    {
                        return await _sharedTurns.EnterAsync(sender, SharedTurnLease, stopping).ConfigureAwait(false);
                    }
                    catch (DbException ex) when (arrived is long since && MayRetryStore(ex, since, storeRetry))
                    {
                        Log.StoreRetrying(_logger, ex, message.MsgType, "taking the sender's turn", storeRetry.TotalMilliseconds);
                    }

                    await Task.Delay(storeRetry, _time, stopping).ConfigureAwait(false);
                    storeRetry *= 2;
                }
            }
            catch
            {
                _turns!.Leave(sender);
                throw;
            }
        }

        /// <summary>
        /// How long a turn in the shared store is held at most: past the deadline a late handler keeps it up to
        /// <see cref="WeChatWebhookOptions.SenderTurnLimit"/> (when this process passes it on), plus the store's
        /// one-second granularity; only a turn whose instance died runs out this way.
        /// </summary>
        private TimeSpan SharedTurnLease => _options.Deadline + _options.SenderTurnLimit + TimeSpan.FromSeconds(2);

        /// <summary>Gives the sender's turn back: in the shared store first, so the sender's next push here can take it there.</summary>
        private async ValueTask LeaveTurnAsync(WeChatMessage message, IWeChatSenderTurn? sharedTurn)
        {
            if (sharedTurn is not null)
            {
                try
                {
                    await sharedTurn.DisposeAsync().ConfigureAwait(false);
                }
                catch (Exception ex)
                {
                    Log.TurnReleaseFailed(_logger, ex, message.MsgType, SharedTurnLease.TotalSeconds);
                }
            }

            _turns!.Leave(message.FromUserName);
        }

        /// <summary>For a push that stopped waiting (the application is stopping): its turn is given back as soon as it is taken.</summary>
        private void LeaveWhenTaken(Task<IWeChatSenderTurn?> turn, WeChatMessage message) =>
            turn.ContinueWith(
                taken => _ = LeaveTurnAsync(message, taken.Result).AsTask(),
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously | TaskContinuationOptions.OnlyOnRanToCompletion,
                TaskScheduler.Default);
    }
}
