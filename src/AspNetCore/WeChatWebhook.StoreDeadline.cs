using System;
using System.Collections.Generic;
using System.Data.Common;
using System.Linq;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using WeChat.OfficialAccount.AspNetCore.State;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// The state store within the deadline. A store that stops answering — a database failing over, a lock held by
    /// another client, a network that drops packets — would otherwise hold the push until the store's own timeouts
    /// (Npgsql's are 15 s to connect and 30 s a command), long after WeChat gave up at 5 s. So every wait for the store
    /// ends with the deadline: before the handler ran (claiming the delivery, reading the conversation) the push is
    /// answered 503 and WeChat sends it again; after it ran (saving the conversation and the answer) WeChat gets
    /// "success" and the reply goes out as a customer-service message once the store has answered, as a late handler's.
    /// </summary>
    internal sealed partial class WeChatWebhook
    {
        /// <summary>The wait before a store failure that may pass is tried again before the handler ran; doubled each time.</summary>
        private static readonly TimeSpan FirstStoreRetryDelay = TimeSpan.FromMilliseconds(100);

        /// <summary>Claims the delivery in the shared store, waiting no longer than the deadline of a push that arrived at <paramref name="arrived"/>.</summary>
        private ValueTask<WeChatDeliveryClaim> ClaimWithinDeadlineAsync(IWeChatDeliveryStore shared, string key, TimeSpan lifetime, long arrived)
        {
            ValueTask<WeChatDeliveryClaim> claiming = shared.ClaimAsync(key, lifetime, _stopping);
            return claiming.IsCompleted
                ? claiming
                : new ValueTask<WeChatDeliveryClaim>(WithinDeadlineAsync(
                    claiming.AsTask(),
                    arrived,
                    "claiming the delivery",
                    // This push is answered 503; a claim the store grants afterwards is given back, or WeChat's next try
                    // would find it running here and wait for an answer that never comes.
                    late => GiveBackLateClaimAsync(late, shared, key)));
        }

        private async Task GiveBackLateClaimAsync(Task<WeChatDeliveryClaim> claiming, IWeChatDeliveryStore shared, string key)
        {
            try
            {
                if ((await claiming.ConfigureAwait(false)).Claimed)
                {
                    await shared.AbandonAsync(key, CancellationToken.None).ConfigureAwait(false);
                }
            }
            catch (Exception ex)
            {
                Log.LateStoreWorkFailed(_logger, ex, "claiming a push answered 503, to give the claim back");
            }
        }

        /// <summary>
        /// Whether a store failure before the handler ran is tried again rather than answered 503: the database says it may
        /// pass (<see cref="DbException.IsTransient"/>: a connection refused or cut, a server shutting down or failing over,
        /// a serialization failure), the application is not stopping, and the next try still comes within the first half
        /// of the deadline, leaving the other half to the handler. WeChat sends a push answered 503 again within a second,
        /// which a database failing over for a few seconds would fail too; these tries cover the first seconds in one delivery.
        /// </summary>
        private bool MayRetryStore(DbException exception, long arrived, TimeSpan delay) =>
            exception.IsTransient
            && !_stopping.IsCancellationRequested
            && _time.GetElapsedTime(arrived) + delay <= _options.Deadline / 2;

        /// <summary>Reads the sender's conversation (its first read still running) within the deadline, trying again after a failure that may pass.</summary>
        private async Task<IReadOnlyDictionary<string, string>?> ReadConversationWithinDeadlineAsync(IWeChatConversationStore store, ValueTask<IReadOnlyDictionary<string, string>?> read, WeChatMessage message, long arrived)
        {
            TimeSpan storeRetry = FirstStoreRetryDelay;
            while (true)
            {
                try
                {
                    return await WithinDeadlineAsync(read.AsTask(), arrived, "reading the sender's conversation").ConfigureAwait(false);
                }
                catch (DbException ex) when (MayRetryStore(ex, arrived, storeRetry))
                {
                    Log.StoreRetrying(_logger, ex, message.MsgType, "reading the sender's conversation", storeRetry.TotalMilliseconds);
                }

                await Task.Delay(storeRetry, _time, _stopping).ConfigureAwait(false);
                storeRetry *= 2;
                read = store.GetAsync(message.FromUserName, _stopping);
            }
        }

        /// <summary>
        /// The result of a store operation that is still running, waiting no longer than the deadline; past it
        /// <see cref="StateStoreTooSlowException"/> (the push is answered 503), and what is left of the operation goes to
        /// the late work: <paramref name="late"/>, or by default only observed.
        /// </summary>
        private async Task<T> WithinDeadlineAsync<T>(Task<T> pending, long arrived, string step, Func<Task<T>, Task>? late = null)
        {
            try
            {
                return await pending.WaitAsync(Remaining(arrived), _time, _stopping).ConfigureAwait(false);
            }
            catch (TimeoutException) when (!pending.IsCompleted)
            {
                _lateWork.Track(late is null ? ObserveLateStoreWorkAsync(pending, step + " for a push answered 503") : late(pending));
                throw new StateStoreTooSlowException(_section, step);
            }
            catch (TimeoutException)
            {
                // The store answered just as the deadline passed: its answer counts.
                return await pending.ConfigureAwait(false);
            }
        }

        /// <summary>
        /// Starts the two writes after the handler (<paramref name="saves"/>) and waits for them within the deadline; true
        /// when they outlast it: then the reply is handed to the late work, which sends it as a customer-service message
        /// once the writes ended, and gives the sender's turn back, and the caller answers "success". Writes that are done
        /// cost nothing; pending ones one timer (stores such as SQLite's return tasks, so waiting for both takes no
        /// wrapper of its own). A write that fails for a reason that may pass is started again (<see cref="MayRetrySave"/>).
        /// </summary>
        private ValueTask<bool> HandOverIfSavingIsLateAsync(HandlerSaves saves, long arrived, WeChatReply? reply, WeChatMessage message, bool holdsTurn, IWeChatSenderTurn? sharedTurn)
        {
            ValueTask first = saves.StartFirst();
            ValueTask second = saves.StartSecond();
            bool firstDone = first.IsCompletedSuccessfully;
            bool secondDone = second.IsCompletedSuccessfully;
            if (firstDone)
            {
                first.GetAwaiter().GetResult();
            }

            if (secondDone)
            {
                second.GetAwaiter().GetResult();
            }

            if (firstDone && secondDone)
            {
                return new ValueTask<bool>(false);
            }

            return WaitForSavingAsync(firstDone ? Task.CompletedTask : first.AsTask(), secondDone ? Task.CompletedTask : second.AsTask(), saves, arrived, reply, message, holdsTurn, sharedTurn);
        }

        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<bool> WaitForSavingAsync(Task first, Task second, HandlerSaves saves, long arrived, WeChatReply? reply, WeChatMessage message, bool holdsTurn, IWeChatSenderTurn? sharedTurn)
        {
            TimeSpan storeRetry = FirstStoreRetryDelay;
            while (true)
            {
                Task saving = first.IsCompletedSuccessfully ? second : second.IsCompletedSuccessfully ? first : Task.WhenAll(first, second);
                try
                {
                    await saving.WaitAsync(Remaining(arrived), _time, _stopping).ConfigureAwait(false);
                    return false;
                }
                catch (TimeoutException) when (!saving.IsCompleted)
                {
                    CountDeadlineFallback(message);
                    Log.SavingMissedDeadline(_logger, message.MsgType, _options.Deadline.TotalMilliseconds);
                    _lateWork.Track(DeliverLateAsync(ReplyOnceSavedAsync(saving, reply, message), message, context: null, holdsTurn, sharedTurn, _stopping));
                    return true;
                }
                catch (TimeoutException)
                {
                    await saving.ConfigureAwait(false);
                    return false;
                }
                catch (DbException ex) when (MayRetrySave(saving, arrived, storeRetry))
                {
                    Log.SaveRetrying(_logger, ex, message.MsgType, storeRetry.TotalMilliseconds);
                }

                await Task.Delay(storeRetry, _time, _stopping).ConfigureAwait(false);
                storeRetry *= 2;
                if (!first.IsCompletedSuccessfully)
                {
                    first = saves.StartFirst().AsTask();
                }

                if (!second.IsCompletedSuccessfully)
                {
                    second = saves.StartSecond().AsTask();
                }
            }
        }

        /// <summary>
        /// Whether the writes after the handler that failed are started again rather than the push answered 503 (and its
        /// handler run again by WeChat's resend): every failure is one the database says may pass, the application is not
        /// stopping, and the next try comes before the deadline — past it the push is answered "success" and its reply
        /// waits for the writes in the late work. The writes are idempotent: the conversation and the answer are stored
        /// by key, and a turn given back with them is given back once.
        /// </summary>
        private bool MayRetrySave(Task saving, long arrived, TimeSpan delay) =>
            saving.Exception is { } failed
            && failed.InnerExceptions.All(exception => exception is DbException { IsTransient: true })
            && !_stopping.IsCancellationRequested
            && _time.GetElapsedTime(arrived) + delay < _options.Deadline;

        /// <summary>The reply, once the writes before it ended; a reply whose writes failed is still sent (WeChat got "success" and will not retry).</summary>
        private async Task<WeChatReply?> ReplyOnceSavedAsync(Task saving, WeChatReply? reply, WeChatMessage message)
        {
            try
            {
                await saving.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.LateSaveFailed(_logger, ex, message.MsgType);
            }

            return reply;
        }

        /// <summary>
        /// Records "success" as the answer of a delivery handed to the late work, for retries on other instances, without
        /// holding up the answer: a retry that finds the claim still open waits until its own deadline and answers
        /// "success" as well.
        /// </summary>
        private void CompleteSharedInBackground(string? sharedKey)
        {
            ValueTask completing = CompleteSharedAsync(sharedKey, null);
            if (completing.IsCompletedSuccessfully)
            {
                completing.GetAwaiter().GetResult();
                return;
            }

            _lateWork.Track(ObserveLateStoreWorkAsync(completing.AsTask(), "recording the answer of a push handed to the late work"));
        }

        private async Task ObserveLateStoreWorkAsync(Task work, string step)
        {
            try
            {
                await work.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.LateStoreWorkFailed(_logger, ex, step);
            }
            catch (OperationCanceledException)
            {
                // The application stopped; nothing is left to do for this push.
            }
        }

        /// <summary>The state store did not answer within the deadline before the handler ran: the push is answered 503.</summary>
        private sealed class StateStoreTooSlowException(string section, string step)
            : TimeoutException($"the state store did not answer within {section}:Deadline while {step}")
        {
        }
    }
}
