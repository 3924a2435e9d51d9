using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.IO;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using WeChat.OfficialAccount.AspNetCore.State;
using WeChat.OfficialAccount.Http;
using WeChat.OfficialAccount.Security;
using WeChat.OfficialAccount.Xml;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>
    /// The webhook: GET answers URL verification, POST verifies, decrypts, de-duplicates, runs the handler within the
    /// deadline and answers the passive reply (encrypted whenever the request was). Bad input gets a clear status and a
    /// log line, never a 500.
    /// </summary>
    internal sealed partial class WeChatWebhook
    {
        private const string Success = "success";
        private static readonly TimeSpan SharedPollInterval = TimeSpan.FromMilliseconds(50);
        private readonly WeChatHandlers _handlers;
        private readonly WeChatWebhookOptions _options;
        private readonly WeChatDeduplicator _deduplicator;
        private readonly TimeProvider _time;
        private readonly ILogger _logger;
        private readonly IServiceProvider _services;
        private readonly IWeChatDeliveryStore? _deliveries;
        private readonly IWeChatConversationStore? _conversations;
        private readonly CancellationToken _stopping;
        private readonly Lazy<WeChatMessageCrypto?> _crypto;

        public WeChatWebhook(WeChatHandlers handlers, IServiceProvider services)
        {
            _handlers = handlers;
            _services = services;
            _deliveries = services.GetService<IWeChatDeliveryStore>();
            _conversations = services.GetService<IWeChatConversationStore>();
            _stopping = services.GetService<IHostApplicationLifetime>()?.ApplicationStopping ?? CancellationToken.None;
            _options = services.GetRequiredService<IOptions<WeChatWebhookOptions>>().Value;
            _deduplicator = services.GetRequiredService<WeChatDeduplicator>();
            _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
            _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("WeChat.OfficialAccount.AspNetCore.Webhook");
            _crypto = new Lazy<WeChatMessageCrypto?>(() => string.IsNullOrEmpty(_options.EncodingAESKey) || string.IsNullOrEmpty(_options.AppId)
                ? null
                : new WeChatMessageCrypto(_options.Token, _options.EncodingAESKey, _options.AppId));
        }

        public async Task HandleAsync(HttpContext http)
        {
            IQueryCollection query = http.Request.Query;
            string timestamp = query["timestamp"].ToString();
            string nonce = query["nonce"].ToString();
            if (!WeChatSignature.Verify(query["signature"].ToString(), _options.Token, timestamp, nonce))
            {
                Log.Rejected(_logger, 401, "bad or missing signature");
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            if (!IsFresh(timestamp))
            {
                Log.Rejected(_logger, 401, "stale timestamp");
                http.Response.StatusCode = StatusCodes.Status401Unauthorized;
                return;
            }

            if (HttpMethods.IsGet(http.Request.Method))
            {
                await WriteTextAsync(http, query["echostr"].ToString()).ConfigureAwait(false);
                return;
            }

            byte[]? body = await ReadBodyAsync(http).ConfigureAwait(false);
            if (body is null)
            {
                Log.Rejected(_logger, 413, "body over the limit");
                http.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
                return;
            }

            bool encrypted = string.Equals(query["encrypt_type"].ToString(), "aes", StringComparison.OrdinalIgnoreCase);
            byte[] xml = body;
            if (encrypted)
            {
                WeChatMessageCrypto? crypto = _crypto.Value;
                if (crypto is null)
                {
                    Log.Rejected(_logger, 400, "encrypted push but no EncodingAESKey/AppId configured");
                    http.Response.StatusCode = StatusCodes.Status400BadRequest;
                    return;
                }

                try
                {
                    xml = crypto.VerifyAndDecryptBody(query["msg_signature"].ToString(), timestamp, nonce, body);
                }
                catch (WeChatCryptoException ex)
                {
                    int status = ex.Error == WeChatCryptoError.ValidateSignatureError ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
                    Log.Rejected(_logger, status, ex.Error + " (" + ex.Code.ToString(CultureInfo.InvariantCulture) + ")");
                    http.Response.StatusCode = status;
                    return;
                }
            }

            WeChatMessage message;
            try
            {
                message = WeChatMessageParser.Parse(xml, _options.PayloadFactory ?? WeChatSpecTypes.Instance, new WeChatXmlReaderOptions { MaxBytes = _options.MaxBodyBytes });
            }
            catch (WeChatXmlException ex)
            {
                Log.Rejected(_logger, 400, ex.Message);
                http.Response.StatusCode = StatusCodes.Status400BadRequest;
                return;
            }

            using Activity? activity = WeChatTelemetry.ActivitySource.StartActivity("WeChat push " + message.MsgType, ActivityKind.Server);
            activity?.SetTag("wechat.msg_type", message.MsgType);
            activity?.SetTag("wechat.event", (message as WeChatEvent)?.Event);
            WeChatTelemetry.Requests.Add(1, new KeyValuePair<string, object?>("msg_type", message.MsgType), new KeyValuePair<string, object?>("event", (message as WeChatEvent)?.Event));
            ((string answer, bool sharedRepeat), bool repeat) = await _deduplicator.RunOnceAsync(
                message.DeduplicationKey,
                _options.DeduplicationWindow,
                () => DeliverSharedAsync(message, encrypted, timestamp, nonce, http.RequestServices)).ConfigureAwait(false);
            if (repeat || sharedRepeat)
            {
                WeChatTelemetry.DeduplicationHits.Add(1);
                Log.Repeat(_logger, message.DeduplicationKey);
            }

            await WriteTextAsync(http, answer, answer.StartsWith('<') ? "application/xml" : "text/plain").ConfigureAwait(false);
        }

        /// <summary>
        /// Claims the delivery in the shared <see cref="IWeChatDeliveryStore"/> when one is registered, so a retry that
        /// lands on another instance behind the load balancer does not run the handler again: it gets the first
        /// answer, or — while the first instance still runs — waits for it until the deadline and then answers
        /// "success" (the first instance delivers its late reply through the customer-service API).
        /// </summary>
        private async Task<(string Answer, bool IsRepeat)> DeliverSharedAsync(WeChatMessage message, bool encrypted, string timestamp, string nonce, IServiceProvider requestServices)
        {
            IWeChatDeliveryStore? shared = _deliveries;
            if (shared is null)
            {
                (string alone, Task aloneSaved) = await DeliverAsync(message, encrypted, timestamp, nonce, requestServices).ConfigureAwait(false);
                await aloneSaved.ConfigureAwait(false);
                return (alone, false);
            }

            string key = message.DeduplicationKey;
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
                    return (claim.Answer, true);
                }

                if (_time.GetElapsedTime(started) >= _options.Deadline)
                {
                    Log.RunningElsewhere(_logger, key);
                    return (Success, true);
                }

                await Task.Delay(SharedPollInterval, _time, stopping).ConfigureAwait(false);
            }

            string answer;
            Task saved;
            try
            {
                (answer, saved) = await DeliverAsync(message, encrypted, timestamp, nonce, requestServices).ConfigureAwait(false);
            }
            catch
            {
                await shared.AbandonAsync(key, CancellationToken.None).ConfigureAwait(false);
                throw;
            }

            // The conversation save is already under way: the completion joins it (one commit for a batching store),
            // and both are durable before WeChat gets the answer.
            Task completed = shared.CompleteAsync(key, answer, _options.DeduplicationWindow, CancellationToken.None).AsTask();
            await Task.WhenAll(saved, completed).ConfigureAwait(false);
            return (answer, false);
        }

        /// <summary>
        /// Runs the handler once, within the deadline; the answer is the reply body (or "success"). The conversation
        /// save it started is returned, not awaited, so the caller can overlap it with its own writes.
        /// </summary>
        private async Task<(string Answer, Task Saved)> DeliverAsync(WeChatMessage message, bool encrypted, string timestamp, string nonce, IServiceProvider requestServices)
        {
            CancellationToken stopping = _stopping;
            IWeChatConversationStore? store = _conversations;
            var conversation = new WeChatConversation(store is null ? null : await store.GetAsync(message.FromUserName, stopping).ConfigureAwait(false));
            var context = new WeChatHandlerContext(message, requestServices, encrypted, conversation, stopping);
            Task<(WeChatReply? Reply, Task Saved)> handler = RunAndSaveAsync(message, context, store, stopping);
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
                    _ = DeliverLateAsync(handler, message, stopping);
                    return (Success, Task.CompletedTask);
                }
            }

            (WeChatReply? reply, Task saved) = await handler.ConfigureAwait(false);
            return (reply is null ? Success : Render(reply, message, encrypted, timestamp, nonce), saved);
        }

        /// <summary>Runs the handler, then starts saving the conversation when it changed (the save is returned, not awaited).</summary>
        private async Task<(WeChatReply? Reply, Task Saved)> RunAndSaveAsync(WeChatMessage message, WeChatHandlerContext context, IWeChatConversationStore? store, CancellationToken stopping)
        {
            WeChatReply? reply = await RunHandlerAsync(message, context).ConfigureAwait(false);
            Task saved = store is not null && context.Conversation.HasChanged
                ? store.SetAsync(message.FromUserName, context.Conversation.Snapshot(), _options.ConversationTimeToLive, stopping).AsTask()
                : Task.CompletedTask;
            return (reply, saved);
        }

        private async Task<WeChatReply?> RunHandlerAsync(WeChatMessage message, WeChatHandlerContext context)
        {
            long started = _time.GetTimestamp();
            try
            {
                return await _handlers.InvokeAsync(message, context).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A broken handler answers "success": otherwise WeChat retries it three times.
                Log.HandlerFailed(_logger, ex, message.MsgType);
                return null;
            }
            finally
            {
                WeChatTelemetry.HandlerDuration.Record(_time.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>("msg_type", message.MsgType));
            }
        }

        private async Task DeliverLateAsync(Task<(WeChatReply? Reply, Task Saved)> handler, WeChatMessage message, CancellationToken stopping)
        {
            (WeChatReply? reply, Task saved) = await handler.ConfigureAwait(false);
            try
            {
                await saved.ConfigureAwait(false);
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

        private string Render(WeChatReply reply, WeChatMessage message, bool encrypted, string timestamp, string nonce)
        {
            if (string.IsNullOrEmpty(reply.ToUserName))
            {
                reply.AddressTo(message, _time);
            }

            string xml = reply.ToXml();
            return encrypted ? _crypto.Value!.EncryptReply(Encoding.UTF8.GetBytes(xml), timestamp, nonce).ToXml() : xml;
        }

        private bool IsFresh(string timestamp)
        {
            if (_options.TimestampWindow is not { } window)
            {
                return true;
            }

            return long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
                && Math.Abs(_time.GetUtcNow().ToUnixTimeSeconds() - seconds) <= window.TotalSeconds;
        }

        private async Task<byte[]?> ReadBodyAsync(HttpContext http)
        {
            if (http.Request.ContentLength > _options.MaxBodyBytes)
            {
                return null;
            }

            using var buffer = new MemoryStream();
            byte[] chunk = ArrayPool<byte>.Shared.Rent(16 * 1024);
            try
            {
                int read;
                while ((read = await http.Request.Body.ReadAsync(chunk, http.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    if (buffer.Length + read > _options.MaxBodyBytes)
                    {
                        return null;
                    }

                    buffer.Write(chunk, 0, read);
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(chunk);
            }

            return buffer.ToArray();
        }

        private static Task WriteTextAsync(HttpContext http, string text, string contentType = "text/plain")
        {
            http.Response.StatusCode = StatusCodes.Status200OK;
            http.Response.ContentType = contentType + "; charset=utf-8";
            return http.Response.WriteAsync(text, Encoding.UTF8);
        }

        private static partial class Log
        {
            [LoggerMessage(1, LogLevel.Warning, "WeChat push rejected with {Status}: {Reason}")]
            public static partial void Rejected(ILogger logger, int status, string reason);

            [LoggerMessage(2, LogLevel.Information, "WeChat retry {Key} answered from the first delivery")]
            public static partial void Repeat(ILogger logger, string key);

            [LoggerMessage(3, LogLevel.Warning, "WeChat handler for {MsgType} passed the {Milliseconds} ms deadline; answered success, its reply will go out as a customer-service message")]
            public static partial void DeadlineMissed(ILogger logger, string msgType, double milliseconds);

            [LoggerMessage(4, LogLevel.Error, "WeChat handler for {MsgType} failed; answered success so WeChat does not retry it")]
            public static partial void HandlerFailed(ILogger logger, Exception exception, string msgType);

            [LoggerMessage(5, LogLevel.Information, "Late {MsgType} reply sent as a customer-service message")]
            public static partial void LateReplySent(ILogger logger, string msgType);

            [LoggerMessage(6, LogLevel.Warning, "Late {MsgType} reply dropped: {Reason}")]
            public static partial void LateReplyDropped(ILogger logger, string msgType, string reason);

            [LoggerMessage(7, LogLevel.Error, "Late {MsgType} reply could not be sent")]
            public static partial void LateReplyFailed(ILogger logger, Exception exception, string msgType);

            [LoggerMessage(8, LogLevel.Information, "Delivery {Key} is still running on another instance past the deadline; answered success")]
            public static partial void RunningElsewhere(ILogger logger, string key);

            [LoggerMessage(9, LogLevel.Error, "The conversation context after a late {MsgType} handler could not be saved")]
            public static partial void ConversationSaveFailed(ILogger logger, Exception exception, string msgType);
        }
    }
}
