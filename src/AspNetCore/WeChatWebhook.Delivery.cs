using System;
using System.Buffers;
using System.Collections.Generic;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>Running one delivery: the shared claim, the conversation, the handler within the deadline, the answer.</summary>
    internal sealed partial class WeChatWebhook
    {
        private static readonly TimeSpan SharedPollInterval = TimeSpan.FromMilliseconds(50);

        /// <summary>
        /// Claims the delivery in the shared <see cref="IWeChatDeliveryStore"/> when one is registered, so a retry that
        /// lands on another instance behind the load balancer does not run the handler again: it gets the first
        /// answer, or — while the first instance still runs — waits for it until the deadline and then answers
        /// "success" (the first instance delivers its late reply through the customer-service API).
        /// </summary>
        /// <returns>The answer (reply XML as UTF-8, null for no reply) and whether another instance produced it.</returns>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<(byte[]? Answer, bool IsRepeat)> DeliverSharedAsync(WeChatMessage message, string key, bool encrypted)
        {
            IWeChatDeliveryStore? shared = _deliveries;
            if (shared is null)
            {
                return (await DeliverAsync(message, encrypted, sharedKey: null).ConfigureAwait(false), false);
            }

            CancellationToken stopping = _stopping;
            long started = _time.GetTimestamp();

            // A claim outlives the deadline by a margin: if its instance dies mid-handler, a later retry runs again.
            TimeSpan claimLifetime = _options.Deadline + TimeSpan.FromSeconds(5);
            while (true)
            {
                WeChatDeliveryClaim claim = await shared.ClaimAsync(key, claimLifetime, stopping).ConfigureAwait(false);
                if (claim.Claimed)
                {
                    break;
                }

                if (claim.Answer is not null)
                {
                    return (claim.Answer.Length == 0 ? null : claim.Answer, true);
                }

                if (_time.GetElapsedTime(started) >= _options.Deadline)
                {
                    Log.RunningElsewhere(_logger, key);
                    return (null, true);
                }

                await Task.Delay(SharedPollInterval, _time, stopping).ConfigureAwait(false);
            }

            try
            {
                return (await DeliverAsync(message, encrypted, key).ConfigureAwait(false), false);
            }
            catch
            {
                await shared.AbandonAsync(key, CancellationToken.None).ConfigureAwait(false);
                throw;
            }
        }

        /// <summary>
        /// Runs the handler once, within the deadline, and saves what it changed (the conversation, and the answer in the
        /// shared store under <paramref name="sharedKey"/>) before the answer goes out; both writes are started together
        /// so a batching store commits them at once.
        /// </summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<byte[]?> DeliverAsync(WeChatMessage message, bool encrypted, string? sharedKey)
        {
            CancellationToken stopping = _stopping;
            IWeChatConversationStore? store = _conversations;
            IReadOnlyDictionary<string, string>? saved = null;
            if (store is not null)
            {
                ValueTask<IReadOnlyDictionary<string, string>?> read = store.GetAsync(message.FromUserName, stopping);
                saved = read.IsCompletedSuccessfully ? read.Result : await read.ConfigureAwait(false);
            }

            var context = new WeChatHandlerContext(message, _scopes, encrypted, new WeChatConversation(saved), stopping);
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
                        await handler.WaitAsync(_options.Deadline, _time, stopping).ConfigureAwait(false);
                    }
                    catch (TimeoutException) when (!handler.IsCompleted)
                    {
                        WeChatTelemetry.DeadlineFallbacks.Add(1, new KeyValuePair<string, object?>("msg_type", message.MsgType));
                        Log.DeadlineMissed(_logger, message.MsgType, _options.Deadline.TotalMilliseconds);
                        _ = DeliverLateAsync(handler, message, context, stopping);
                        await CompleteSharedAsync(sharedKey, null).ConfigureAwait(false);
                        return null;
                    }
                }

                reply = await handler.ConfigureAwait(false);
            }

            await context.EndAsync().ConfigureAwait(false);
            byte[]? answer = reply is null ? null : Render(reply, message);
            ValueTask conversationSaved = SaveConversationAsync(store, message, context, stopping);
            ValueTask answerSaved = CompleteSharedAsync(sharedKey, answer);
            await conversationSaved.ConfigureAwait(false);
            await answerSaved.ConfigureAwait(false);
            return answer;
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
                WeChatTelemetry.HandlerDuration.Record(_time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("msg_type", message.MsgType));
            }
        }

        private ValueTask SaveConversationAsync(IWeChatConversationStore? store, WeChatMessage message, WeChatHandlerContext context, CancellationToken stopping) =>
            store is not null && context.Conversation.HasChanged
                ? store.SetAsync(message.FromUserName, context.Conversation.Snapshot(), _options.ConversationTimeToLive, stopping)
                : default;

        private ValueTask CompleteSharedAsync(string? sharedKey, byte[]? answer) =>
            sharedKey is null
                ? default
                : _deliveries!.CompleteAsync(sharedKey, answer, _options.DeduplicationWindow, CancellationToken.None);

        private async Task DeliverLateAsync(Task<WeChatReply?> handler, WeChatMessage message, WeChatHandlerContext context, CancellationToken stopping)
        {
            WeChatReply? reply = await handler.ConfigureAwait(false);
            await context.EndAsync().ConfigureAwait(false);
            try
            {
                await SaveConversationAsync(_conversations, message, context, stopping).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                Log.ConversationSaveFailed(_logger, ex, message.MsgType);
            }

            if (reply is null)
            {
                return;
            }

            if (LateReplySender.ToCustomerServiceMessage(reply, message.FromUserName) is not { } customerMessage)
            {
                Log.LateReplyDropped(_logger, reply.MsgType, "it has no customer-service form");
                return;
            }

            if (_services.GetService<WeChatApiClient>() is not { } client)
            {
                Log.LateReplyDropped(_logger, reply.MsgType, "no WeChatApiClient is registered (call AddWeChatClient)");
                return;
            }

            try
            {
                await LateReplySender.SendAsync(client, customerMessage, stopping).ConfigureAwait(false);
                Log.LateReplySent(_logger, reply.MsgType);
            }
            catch (Exception ex) when (ex is WeChatApiException or WeChatHttpException)
            {
                Log.LateReplyFailed(_logger, ex, reply.MsgType);
            }
        }

        /// <summary>The reply XML as UTF-8, addressed back to the sender unless the handler addressed it itself.</summary>
        private byte[] Render(WeChatReply reply, WeChatMessage message)
        {
            if (string.IsNullOrEmpty(reply.ToUserName))
            {
                reply.AddressTo(message, _time);
            }

            ArrayBufferWriter<byte> buffer = ThreadScratchBuffer.Rent();
            try
            {
                reply.WriteTo(buffer);
                return buffer.WrittenSpan.ToArray();
            }
            finally
            {
                ThreadScratchBuffer.Return(buffer);
            }
        }
    }
}
