using System;
using System.Buffers;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Replies;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>Running one delivery: the shared claim, the conversation, the handler within the deadline, the answer.</summary>
    internal sealed partial class WeChatWebhook
    {
        private static readonly TimeSpan SharedPollInterval = TimeSpan.FromMilliseconds(50);

        /// <summary>How often a push answered past the deadline tries the state store again after it failed.</summary>
        private static readonly TimeSpan LateStoreRetryInterval = TimeSpan.FromSeconds(1);

        /// <summary>
        /// Claims the delivery in the shared <see cref="IWeChatDeliveryStore"/> when one is registered, so a retry that
        /// lands on another instance behind the load balancer does not run the handler again: it gets the first
        /// answer, or — while the first instance still runs — waits for it until the deadline and then answers
        /// "success" (the first instance delivers its late reply through the customer-service API).
        /// </summary>
        /// <returns>The answer (reply XML as UTF-8, null for no reply) and whether another instance produced it.</returns>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<(byte[]? Answer, bool IsRepeat)> DeliverSharedAsync(WeChatMessage message, string key, bool encrypted, long started)
        {
            IWeChatDeliveryStore? shared = _deliveries;
            if (shared is null)
            {
                return (await DeliverAsync(message, encrypted, sharedKey: null, started).ConfigureAwait(false), false);
            }

            CancellationToken stopping = _stopping;

            // A claim outlives the deadline by a margin: if its instance dies mid-handler, a later retry runs again.
            TimeSpan claimLifetime = _options.Deadline + TimeSpan.FromSeconds(5);
            bool runningElsewhere = false;
            TimeSpan storeRetry = FirstStoreRetryDelay;
            while (true)
            {
                WeChatDeliveryClaim claim;
                try
                {
                    claim = await ClaimWithinDeadlineAsync(shared, key, claimLifetime, started).ConfigureAwait(false);
                }
                catch (StateStoreTooSlowException) when (runningElsewhere)
                {
                    // The store was slow to answer a poll, not to take the push: another instance runs it and sends its
                    // reply late, so this retry is answered success like any that waits past the deadline.
                    Log.RunningElsewhere(_logger, key);
                    return (null, true);
                }
                catch (DbException ex) when (MayRetryStore(ex, started, storeRetry))
                {
                    Log.StoreRetrying(_logger, ex, message.MsgType, "claiming the delivery", storeRetry.TotalMilliseconds);
                    await Task.Delay(storeRetry, _time, stopping).ConfigureAwait(false);
                    storeRetry *= 2;
                    continue;
                }

                if (claim.Claimed)
                {
                    break;
                }

                if (claim.Answer is not null)
                {
                    return (claim.Answer.Length == 0 ? null : claim.Answer, true);
                }

                runningElsewhere = true;
                if (_time.GetElapsedTime(started) >= _options.Deadline)
                {
                    Log.RunningElsewhere(_logger, key);
                    return (null, true);
                }

                await Task.Delay(SharedPollInterval, _time, stopping).ConfigureAwait(false);
            }

            try
            {
                return (await DeliverAsync(message, encrypted, key, started).ConfigureAwait(false), false);
            }
            catch (Exception ex)
            {
                ValueTask abandoning = shared.AbandonAsync(key, CancellationToken.None);
                if (ex is StateStoreTooSlowException && !abandoning.IsCompleted)
                {
                    // The store that missed the deadline gives the claim back when it can; the 503 goes out now.
                    _lateWork.Track(ObserveLateStoreWorkAsync(abandoning.AsTask(), "giving back the claim of a push answered 503"));
                }
                else
                {
                    await abandoning.ConfigureAwait(false);
                }

                throw;
            }
        }

        /// <summary>
        /// Runs the handler once, within the deadline counted from <paramref name="arrived"/>, in its sender's turn, and
        /// saves what it changed (the conversation, and the answer in the shared store under <paramref name="sharedKey"/>)
        /// before the answer goes out; both writes are started together so a batching store commits them at once.
        /// </summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<byte[]?> DeliverAsync(WeChatMessage message, bool encrypted, string? sharedKey, long arrived)
        {
            CancellationToken stopping = _stopping;
            string? sender = _turns is null ? null : message.FromUserName;
            IWeChatSenderTurn? sharedTurn = null;
            if (sender is not null && TakeTurn(sender, stopping, message, arrived) is { } turn)
            {
                // Another push of this sender is running (here, or on another instance sharing the store): this one starts
                // when that one is done, within its own deadline.
                try
                {
                    sharedTurn = await turn.WaitAsync(Remaining(arrived), _time, stopping).ConfigureAwait(false);
                }
                catch (TimeoutException) when (!turn.IsCompleted)
                {
                    CountDeadlineFallback(message);
                    Log.DeadlineMissedWaiting(_logger, message.MsgType, _options.Deadline.TotalMilliseconds);
                    _lateWork.Track(DeliverAfterTurnAsync(turn, message, encrypted, stopping));
                    CompleteSharedInBackground(sharedKey);
                    return null;
                }
                catch (TimeoutException)
                {
                    // The turn came just as the deadline passed: the push takes it.
                    sharedTurn = await turn.ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    LeaveWhenTaken(turn, message);
                    throw;
                }
            }

            bool handedOver = false;
            try
            {
                IWeChatConversationStore? store = _conversations;
                IReadOnlyDictionary<string, string>? saved = null;
                if (sharedTurn is not null)
                {
                    saved = sharedTurn.Conversation;
                }
                else if (store is not null)
                {
                    ValueTask<IReadOnlyDictionary<string, string>?> read = store.GetAsync(message.FromUserName, stopping);
                    saved = read.IsCompletedSuccessfully ? read.Result : await ReadConversationWithinDeadlineAsync(store, read, message, arrived).ConfigureAwait(false);
                }

                var context = new WeChatHandlerContext(message, _scopes, encrypted, new WeChatConversation(saved), stopping, _account);
                long started = _time.GetTimestamp();
                ValueTask<WeChatReply?> running = InvokeHandler(message, context);
                WeChatReply? reply;
                if (running.IsCompleted)
                {
                    reply = Finish(running, message, started);
                }
                else
                {
                    Task<WeChatReply?> handler = FinishAsync(running, message, started);
                    if (!handler.IsCompleted)
                    {
                        // Only a handler still running needs the deadline timer (WaitAsync releases it when the handler ends).
                        try
                        {
                            await handler.WaitAsync(Remaining(arrived), _time, stopping).ConfigureAwait(false);
                        }
                        catch (TimeoutException) when (!handler.IsCompleted)
                        {
                            CountDeadlineFallback(message);
                            Log.DeadlineMissed(_logger, message.MsgType, _options.Deadline.TotalMilliseconds);
                            handedOver = true;
                            _lateWork.Track(DeliverLateAsync(handler, message, context, holdsTurn: sender is not null, sharedTurn, stopping));
                            CompleteSharedInBackground(sharedKey);
                            return null;
                        }
                        catch (TimeoutException)
                        {
                            // The handler finished just as the deadline passed: its reply goes out as the answer.
                        }
                    }

                    reply = await handler.ConfigureAwait(false);
                }

                await EndHandlerScopeAsync(context, message).ConfigureAwait(false);
                byte[]? answer = reply is null ? null : Render(reply, message);
                HandlerSaves saves;
                if (sharedTurn is not null)
                {
                    // Conversation, answer (when the turns' store keeps the deliveries too) and turn in one transaction.
                    bool answerWithTurn = sharedKey is not null && ReferenceEquals(_deliveries, _sharedTurns);
                    var left = new WeChatTurnResult(
                        context.Conversation.HasChanged ? context.Conversation.Snapshot() : null,
                        _options.ConversationTimeToLive,
                        answerWithTurn ? sharedKey : null,
                        answer,
                        _options.DeduplicationWindow);
                    saves = new HandlerSaves(this, message, context, sharedTurn, left, answerWithTurn ? null : sharedKey, answer);
                }
                else
                {
                    saves = new HandlerSaves(this, message, context, turn: null, default, sharedKey, answer);
                }

                handedOver = await HandOverIfSavingIsLateAsync(saves, arrived, reply, message, sender is not null, sharedTurn).ConfigureAwait(false);
                return handedOver ? null : answer;
            }
            finally
            {
                if (sender is not null && !handedOver)
                {
                    if (sharedTurn is null)
                    {
                        _turns!.Leave(sender);
                    }
                    else
                    {
                        await LeaveTurnAsync(message, sharedTurn).ConfigureAwait(false);
                    }
                }
            }
        }

        /// <summary>What is left of the deadline of a push that arrived at <paramref name="arrived"/> (zero once it passed).</summary>
        private TimeSpan Remaining(long arrived)
        {
            TimeSpan left = _options.Deadline - _time.GetElapsedTime(arrived);
            return left > TimeSpan.Zero ? left : TimeSpan.Zero;
        }

        /// <summary>
        /// A push that waited past the deadline for its sender's turn (WeChat got "success"): runs it when the turn comes,
        /// and sends its reply as a late reply. WeChat will not send it again, so a state store that fails meanwhile (taking
        /// the turn, reading the conversation) is tried again every <see cref="LateStoreRetryInterval"/> — a database failing
        /// over comes back within seconds — for up to <see cref="WeChatWebhookOptions.SenderTurnLimit"/> before the push is
        /// dropped.
        /// </summary>
        private async Task DeliverAfterTurnAsync(Task<IWeChatSenderTurn?> turn, WeChatMessage message, bool encrypted, CancellationToken stopping)
        {
            long? failingSince = null;
            while (true)
            {
                IWeChatSenderTurn? sharedTurn = null;
                bool holdsTurn = false;
                WeChatHandlerContext context;
                try
                {
                    sharedTurn = await turn.WaitAsync(stopping).ConfigureAwait(false);
                    holdsTurn = true;
                    IReadOnlyDictionary<string, string>? saved = sharedTurn is not null ? sharedTurn.Conversation
                        : _conversations is null ? null : await _conversations.GetAsync(message.FromUserName, stopping).ConfigureAwait(false);
                    context = new WeChatHandlerContext(message, _scopes, encrypted, new WeChatConversation(saved), stopping, _account);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    if (holdsTurn)
                    {
                        await LeaveTurnAsync(message, sharedTurn).ConfigureAwait(false);
                    }
                    else
                    {
                        LeaveWhenTaken(turn, message);
                    }

                    Log.LateReplyCutOff(_logger, message.MsgType);
                    CountLateReply(message, "dropped");
                    return;
                }
                catch (Exception ex)
                {
                    // A turn the shared store failed to give was passed on to the sender's next push already.
                    if (holdsTurn)
                    {
                        await LeaveTurnAsync(message, sharedTurn).ConfigureAwait(false);
                    }

                    if (!await RetryLateStoreAsync(ex, message, failingSince ??= _time.GetTimestamp(), stopping).ConfigureAwait(false))
                    {
                        return;
                    }

                    turn = TakeTurn(message.FromUserName, stopping, message, arrived: null) ?? Task.FromResult<IWeChatSenderTurn?>(null);
                    continue;
                }

                long started = _time.GetTimestamp();
                await DeliverLateAsync(FinishAsync(InvokeHandler(message, context), message, started), message, context, holdsTurn: true, sharedTurn, stopping).ConfigureAwait(false);
                return;
            }
        }

        /// <summary>
        /// After the state store failed for a push answered past the deadline (failing since <paramref name="failingSince"/>):
        /// waits <see cref="LateStoreRetryInterval"/> and returns true to try again, or — past
        /// <see cref="WeChatWebhookOptions.SenderTurnLimit"/>, or when the application stops — logs that the push is dropped
        /// and returns false.
        /// </summary>
        private async Task<bool> RetryLateStoreAsync(Exception exception, WeChatMessage message, long failingSince, CancellationToken stopping)
        {
            TimeSpan failing = _time.GetElapsedTime(failingSince);
            if (failing + LateStoreRetryInterval > _options.SenderTurnLimit)
            {
                Log.LateStoreGaveUp(_logger, exception, message.MsgType, failing.TotalSeconds);
                CountLateReply(message, "dropped");
                return false;
            }

            if (failing < LateStoreRetryInterval)
            {
                // The first failure: every later one comes at least one interval after it.
                Log.LateStoreRetrying(_logger, exception, message.MsgType, LateStoreRetryInterval.TotalSeconds, _section, _options.SenderTurnLimit.TotalSeconds);
            }

            try
            {
                await Task.Delay(LateStoreRetryInterval, _time, stopping).ConfigureAwait(false);
                return true;
            }
            catch (OperationCanceledException)
            {
                Log.LateReplyCutOff(_logger, message.MsgType);
                CountLateReply(message, "dropped");
                return false;
            }
        }

        /// <summary>Starts the handler; one that throws at once counts as failed like one that fails later.</summary>
        private ValueTask<WeChatReply?> InvokeHandler(WeChatMessage message, WeChatHandlerContext context)
        {
            try
            {
                return _handlers.InvokeAsync(message, context);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                return ValueTask.FromException<WeChatReply?>(ex);
            }
        }

        /// <summary>The reply of a finished handler; a broken handler answers "success" (otherwise WeChat retries it three times).</summary>
        private WeChatReply? Finish(ValueTask<WeChatReply?> finished, WeChatMessage message, long started)
        {
            try
            {
                return finished.GetAwaiter().GetResult();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.HandlerFailed(_logger, ex, message.MsgType);
                return null;
            }
            finally
            {
                RecordHandlerDuration(message, started);
            }
        }

        private async Task<WeChatReply?> FinishAsync(ValueTask<WeChatReply?> running, WeChatMessage message, long started)
        {
            try
            {
                return await running.ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.HandlerFailed(_logger, ex, message.MsgType);
                return null;
            }
            finally
            {
                RecordHandlerDuration(message, started);
            }
        }

        private void RecordHandlerDuration(WeChatMessage message, long started)
        {
            if (WeChatTelemetry.HandlerDuration.Enabled)
            {
                TagList tags = Tags(message);
                WeChatTelemetry.HandlerDuration.Record(_time.GetElapsedTime(started).TotalMilliseconds, in tags);
            }
        }

        /// <summary>
        /// The two writes after a handler, which can be started again: the sender's turn given back with the conversation
        /// (and the answer, when the turns' store keeps the deliveries) or the conversation alone; then the answer in the
        /// shared delivery store, unless it went with the turn. A struct, so a push whose writes need no second try
        /// allocates nothing for it.
        /// </summary>
        private readonly struct HandlerSaves(WeChatWebhook webhook, WeChatMessage message, WeChatHandlerContext context, IWeChatSenderTurn? turn, WeChatTurnResult left, string? answerKey, byte[]? answer)
        {
            public ValueTask StartFirst() =>
                turn is not null
                    ? turn.LeaveAsync(left, CancellationToken.None)
                    : webhook.SaveConversationAsync(webhook._conversations, message, context, webhook._stopping);

            public ValueTask StartSecond() => webhook.CompleteSharedAsync(answerKey, answer);
        }

        private ValueTask SaveConversationAsync(IWeChatConversationStore? store, WeChatMessage message, WeChatHandlerContext context, CancellationToken stopping) =>
            store is not null && context.Conversation.HasChanged
                ? store.SetAsync(message.FromUserName, context.Conversation.Snapshot(), _options.ConversationTimeToLive, stopping)
                : default;

        private ValueTask CompleteSharedAsync(string? sharedKey, byte[]? answer) =>
            sharedKey is null
                ? default
                : _deliveries!.CompleteAsync(sharedKey, answer, _options.DeduplicationWindow, CancellationToken.None);

        /// <summary>
        /// Finishes a delivery whose handler ran past the deadline: saves its conversation and sends its reply as a
        /// customer-service message, then gives the sender's turn to their next push (so replies go out in order).
        /// </summary>
        private async Task DeliverLateAsync(Task<WeChatReply?> handler, WeChatMessage message, WeChatHandlerContext? context, bool holdsTurn, IWeChatSenderTurn? sharedTurn, CancellationToken stopping)
        {
            try
            {
                if (holdsTurn && !handler.IsCompleted)
                {
                    // A hung handler must not hold up its sender for good: past the limit the next push goes ahead.
                    Task limit = Task.Delay(_options.SenderTurnLimit, _time, stopping);
                    if (await Task.WhenAny(handler, limit).ConfigureAwait(false) != handler)
                    {
                        holdsTurn = false;
                        await LeaveTurnAsync(message, sharedTurn).ConfigureAwait(false);
                        if (!stopping.IsCancellationRequested)
                        {
                            Log.TurnLimitPassed(_logger, message.MsgType, _section, _options.SenderTurnLimit.TotalSeconds);
                        }
                    }
                }

                await SendLateAsync(handler, message, context, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                Log.LateReplyCutOff(_logger, message.MsgType);
                CountLateReply(message, "dropped");
            }
            finally
            {
                if (holdsTurn)
                {
                    await LeaveTurnAsync(message, sharedTurn).ConfigureAwait(false);
                }
            }
        }

        /// <summary>
        /// Sends a late reply as a customer-service message, once <paramref name="handler"/> gave it; with the handler's
        /// <paramref name="context"/>, first ends its scope and saves its conversation (null when that was done already).
        /// </summary>
        private async Task SendLateAsync(Task<WeChatReply?> handler, WeChatMessage message, WeChatHandlerContext? context, CancellationToken stopping)
        {
            WeChatReply? reply = await handler.ConfigureAwait(false);
            if (context is not null)
            {
                await EndHandlerScopeAsync(context, message).ConfigureAwait(false);
                try
                {
                    await SaveConversationAsync(_conversations, message, context, stopping).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    Log.ConversationSaveFailed(_logger, ex, message.MsgType);
                }
            }

            if (reply is null)
            {
                return;
            }

            if (LateReplySender.ToCustomerServiceMessage(reply, message.FromUserName) is not { } customerMessage)
            {
                Log.LateReplyDropped(_logger, reply.MsgType, "it has no customer-service form");
                CountLateReply(message, "dropped");
                return;
            }

            // The account's keyed client; for the one-account webhook (no account) the client AddWeChatClient registers.
            if (_services.GetKeyedService<WeChatApiClient>(_account) is not { } client)
            {
                Log.LateReplyDropped(_logger, reply.MsgType, $"no WeChatApiClient is registered{ForAccount} (call {ClientRegistration}, which reads {_section}:AppId and {_section}:AppSecret)");
                CountLateReply(message, "dropped");
                return;
            }

            if (reply is NewsReply news && news.Articles.Count > LateReplySender.NewsArticleLimit)
            {
                Log.LateNewsTrimmed(_logger, news.Articles.Count);
            }

            await SendLateReplyAsync(client, customerMessage, message, reply.MsgType, stopping).ConfigureAwait(false);
        }

        /// <summary>
        /// Disposes the delivery's scope after its handler; a scoped service that throws while disposed is the handler's
        /// failure, logged, and does not cost the push its reply.
        /// </summary>
        private async ValueTask EndHandlerScopeAsync(WeChatHandlerContext context, WeChatMessage message)
        {
            try
            {
                await context.EndAsync().ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                Log.ScopeDisposeFailed(_logger, ex, message.MsgType);
            }
        }

        /// <summary>
        /// The reply XML as UTF-8, addressed back to the sender unless the handler addressed it itself; null, logged, for a
        /// reply XML cannot carry (such as a control character in its text) — a broken handler, answered "success".
        /// </summary>
        private byte[]? Render(WeChatReply reply, WeChatMessage message)
        {
            ArrayBufferWriter<byte> buffer = ThreadScratchBuffer.Rent();
            try
            {
                if (string.IsNullOrEmpty(reply.ToUserName))
                {
                    reply.AddressTo(message, _time);
                }

                reply.WriteTo(buffer);
                return buffer.WrittenSpan.ToArray();
            }
            catch (Exception ex)
            {
                Log.ReplyUnwritable(_logger, ex, message.MsgType, reply.MsgType);
                return null;
            }
            finally
            {
                ThreadScratchBuffer.Return(buffer);
            }
        }
    }
}
