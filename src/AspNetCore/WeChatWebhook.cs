using System;
using System.Buffers;
using System.Collections.Generic;
using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
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
    /// <remarks>
    /// A push is read where it lies: the signed parameters are slices of the raw query string, the body is verified,
    /// decrypted and parsed straight from the request's pipe buffer, and the reply is rendered and encrypted into a
    /// reused buffer and copied to the response pipe. What a push allocates is the typed message, the handler's reply
    /// and the answer kept for retries.
    /// </remarks>
    internal sealed partial class WeChatWebhook
    {
        private const string TextPlain = "text/plain; charset=utf-8";
        private const string ApplicationXml = "application/xml; charset=utf-8";

        /// <summary>How long WeChat waits for the answer to a push before it closes the connection and sends it again.</summary>
        private static readonly TimeSpan WeChatReplyLimit = TimeSpan.FromSeconds(5);

        private readonly WeChatHandlers _handlers;
        private readonly WeChatWebhookOptions _options;
        private readonly WeChatXmlReaderOptions _xmlOptions;
        private readonly WeChatDeduplicator _deduplicator;
        private readonly TimeProvider _time;
        private readonly ILogger _logger;
        private readonly IServiceProvider _services;
        private readonly IServiceScopeFactory _scopes;
        private readonly IWeChatDeliveryStore? _deliveries;
        private readonly IWeChatConversationStore? _conversations;
        private readonly ConversationTurns? _turns;
        private readonly IWeChatSenderTurns? _sharedTurns;
        private readonly WeChatLateWork _lateWork;

        /// <summary>Cancelled when the application stops before the webhook's late work is done (<see cref="WeChatLateWork"/>).</summary>
        private readonly CancellationToken _stopping;
        private readonly WeChatMessageCrypto? _crypto;
        private readonly string _tooLarge;
        private readonly string _badSignature;

        /// <summary>The account's name for one of several accounts (its options, its keyed API client); null for the application's one account.</summary>
        private readonly string? _account;

        /// <summary>Where the account's settings are: <c>WeChat</c>, or <c>WeChat:Accounts:{account}</c>.</summary>
        private readonly string _section;

        /// <param name="handlers">The handlers.</param>
        /// <param name="services">The application's services.</param>
        /// <param name="account">One of several accounts (<c>MapWeChat(pattern, account, …)</c>), or null for the one account.</param>
        public WeChatWebhook(WeChatHandlers handlers, IServiceProvider services, string? account = null)
        {
            _handlers = handlers;
            _account = account;
            _section = WeChatConfigurationValues.SectionOf(account);
            _services = services;
            _scopes = services.GetRequiredService<IServiceScopeFactory>();
            _deliveries = services.GetService<IWeChatDeliveryStore>();
            _conversations = services.GetService<IWeChatConversationStore>();
            _lateWork = services.GetRequiredService<WeChatLateWork>();
            _stopping = _lateWork.Abandoned;
            _options = account is null
                ? services.GetRequiredService<IOptions<WeChatWebhookOptions>>().Value
                : services.GetRequiredService<IOptionsMonitor<WeChatWebhookOptions>>().Get(account);
            _xmlOptions = new WeChatXmlReaderOptions { MaxBytes = _options.MaxBodyBytes };
            _tooLarge = string.Create(CultureInfo.InvariantCulture, $"body over {_section}:MaxBodyBytes ({_options.MaxBodyBytes} bytes)");
            _badSignature = $"bad or missing signature: it does not match sha1(sort(Token, timestamp, nonce)) with this server's {_section}:Token";
            _deduplicator = services.GetRequiredService<WeChatDeduplicator>();
            _turns = _conversations is not null && _options.TakeTurnsPerSender ? ConversationTurns.For(_conversations) : null;
            _sharedTurns = _turns is null ? null : _conversations as IWeChatSenderTurns;
            _time = services.GetService<TimeProvider>() ?? TimeProvider.System;
            // Each of several accounts logs under its own category (a prefix filter on ….Webhook still covers them all).
            _logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(account is null ? "WeChat.OfficialAccount.AspNetCore.Webhook" : "WeChat.OfficialAccount.AspNetCore.Webhook." + account);
            // The options were validated (WeChatWebhookOptionsValidator): a key that is set is one the platform issued.
            _crypto = string.IsNullOrEmpty(_options.EncodingAESKey) ? null : new WeChatMessageCrypto(_options.Token, _options.EncodingAESKey, _options.AppId);
            if (_options.Deadline >= WeChatReplyLimit)
            {
                // Allowed (a bot may rather let WeChat's retry pick up a slow answer), but rarely what was meant.
                Log.DeadlinePastWeChatLimit(_logger, _section, _options.Deadline.TotalMilliseconds);
            }

            // Asked of the container without building the client (and its HttpClient) before the first late reply needs it.
            if (services.GetService<IServiceProviderIsService>() is { } registered
                && !(account is null ? registered.IsService(typeof(WeChatApiClient)) : registered is IServiceProviderIsKeyedService keyed && keyed.IsKeyedService(typeof(WeChatApiClient), account)))
            {
                Log.NoClientForLateReplies(_logger, ForAccount, _section, ClientRegistration);
            }
        }

        private string DeduplicationKey(WeChatMessage message)
        {
            // Several accounts share the de-duplicator and the delivery store; MsgIds are only the platform's per account.
            string key = OwnDeduplicationKey(message);
            return _account is null ? key : _account + ":" + key;
        }

        private string OwnDeduplicationKey(WeChatMessage message)
        {
            if (_options.DeduplicationKey is { } custom)
            {
                try
                {
                    if (custom(message) is { } key)
                    {
                        return key;
                    }
                }
                catch (Exception ex)
                {
                    Log.DeduplicationKeyFailed(_logger, ex, _section, message.MsgType);
                }
            }

            return message.DeduplicationKey;
        }

        /// <summary>" for the account \"shop\"" in messages about one of several accounts; empty for the one account.</summary>
        private string ForAccount => _account is null ? string.Empty : $" for the account \"{_account}\"";

        /// <summary>
        /// The instruments' tags: the message type (when there is a message) and, for one of several accounts, the
        /// account (the one account's measurements carry none). A <see cref="TagList"/> keeps them off the heap.
        /// </summary>
        private TagList Tags(WeChatMessage? message)
        {
            var tags = default(TagList);
            if (message is not null)
            {
                tags.Add("msg_type", message.MsgType);
            }

            if (_account is not null)
            {
                tags.Add("account", _account);
            }

            return tags;
        }

        /// <summary>Counts a push answered "success" at the deadline (its reply goes out late).</summary>
        private void CountDeadlineFallback(WeChatMessage message)
        {
            TagList tags = Tags(message);
            WeChatTelemetry.DeadlineFallbacks.Add(1, in tags);
        }

        /// <summary>The registration that gives this webhook its API client.</summary>
        private string ClientRegistration => _account is null ? "AddWeChatClient(builder.Configuration)" : $"AddWeChatClient(\"{_account}\", builder.Configuration)";

        public async Task HandleAsync(HttpContext http)
        {
            // WeChat's 5 seconds run from when it sent the push, so the deadline counts the body's arrival too.
            long arrived = _time.GetTimestamp();
            WeChatPushQuery query = WeChatPushQuery.Parse(http.Request.QueryString.Value);
            if (!WeChatSignature.Verify(query.Signature.Span, _options.Token, query.Timestamp.Span, query.Nonce.Span))
            {
                Reject(http, StatusCodes.Status401Unauthorized, _badSignature);
                return;
            }

            if (!IsFresh(query.Timestamp.Span))
            {
                Reject(http, StatusCodes.Status401Unauthorized, string.Create(CultureInfo.InvariantCulture, $"stale timestamp: '{query.Timestamp.Span}' is not Unix seconds within {_section}:TimestampWindow ({_options.TimestampWindow!.Value.TotalSeconds} s) of this server's clock"));
                return;
            }

            if (HttpMethods.IsGet(http.Request.Method))
            {
                if (query.EchoStr.IsEmpty)
                {
                    Reject(http, StatusCodes.Status400BadRequest, "URL verification without echostr: WeChat's GET carries the echostr to answer");
                    return;
                }

                // The echostr is the caller's text, unsigned (the signature covers only timestamp and nonce): a browser must
                // not take it for markup.
                http.Response.Headers.XContentTypeOptions = "nosniff";
                WriteText(http.Response, query.EchoStr.Span);
                return;
            }

            WeChatMessage? message = await ReadMessageAsync(http, query).ConfigureAwait(false);
            if (message is null)
            {
                return;
            }

            string key = DeduplicationKey(message);
            using Activity? activity = StartActivity(message);
            TagList requestTags = Tags(message);
            requestTags.Add("event", (message as WeChatEvent)?.Event);
            WeChatTelemetry.Requests.Add(1, in requestTags);

            byte[]? answer;
            bool repeat;
            try
            {
                if (_deduplicator.TryBegin(key, out WeChatDeduplicator.Delivery mine, out ValueTask<byte[]?> first))
                {
                    try
                    {
                        (answer, repeat) = await DeliverSharedAsync(message, key, query.IsEncrypted, arrived).ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        _deduplicator.Fail(key, mine, ex);
                        throw;
                    }

                    if (_deliveries is null)
                    {
                        _deduplicator.Complete(key, mine, answer, _options.DeduplicationWindow);
                    }
                    else
                    {
                        // The shared store keeps the answer for later retries; memory keeps only deliveries still running.
                        _deduplicator.Release(key, mine, answer);
                    }
                }
                else
                {
                    answer = await first.ConfigureAwait(false);
                    repeat = true;
                }
            }
            catch (StateStoreTooSlowException ex)
            {
                // Nothing ran yet: WeChat's next try gets a fresh chance, maybe on a store that answers again by then.
                Log.StoreTooSlow(_logger, message.MsgType, key, ex.Message, _options.Deadline.TotalMilliseconds);
                WriteText(http.Response, "the state store did not answer within the deadline (see the server log); WeChat retries this push", StatusCodes.Status503ServiceUnavailable);
                return;
            }
            catch (DbException ex)
            {
                // The database behind the state store is down or failing, so the push could not be claimed or its result
                // saved: it is not answered, WeChat retries it, and the reason is said instead of a bare 500.
                Log.StoreFailed(_logger, ex, message.MsgType, key);
                WriteText(http.Response, "the state store failed (see the server log); WeChat retries this push", StatusCodes.Status503ServiceUnavailable);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Handlers' failures never get here (they answer success): this is a state store that fails with an
                // exception of its own (a custom store's client library) or a fault of the webhook — said, not a bare 500.
                Log.DeliveryFailed(_logger, ex, message.MsgType, key);
                WriteText(http.Response, "handling the push failed outside its handler, in the state store or the webhook (see the server log); WeChat retries this push", StatusCodes.Status503ServiceUnavailable);
                return;
            }

            if (repeat)
            {
                TagList hitTags = Tags(message: null);
                WeChatTelemetry.DeduplicationHits.Add(1, in hitTags);
                Log.Repeat(_logger, key);
            }

            WriteAnswer(http.Response, answer, query);
        }

        /// <summary>
        /// Reads the body and turns it into the typed message (verified and decrypted in safe and compatible mode); null
        /// when the push was rejected, with the status already set.
        /// </summary>
        [AsyncMethodBuilder(typeof(PoolingAsyncValueTaskMethodBuilder<>))]
        private async ValueTask<WeChatMessage?> ReadMessageAsync(HttpContext http, WeChatPushQuery query)
        {
            if (!query.IsEncrypted && !query.EncryptType.IsEmpty && !query.EncryptType.Span.Equals("raw", StringComparison.OrdinalIgnoreCase))
            {
                // Read as plaintext, an envelope in a mode this server does not know would fail with a misleading reason.
                Reject(http, StatusCodes.Status400BadRequest, string.Create(CultureInfo.InvariantCulture, $"unknown encrypt_type '{query.EncryptType.Span}': WeChat sends aes (safe and compatible mode) or raw (plaintext)"));
                return null;
            }

            if (http.Request.ContentLength > _options.MaxBodyBytes)
            {
                Reject(http, StatusCodes.Status413PayloadTooLarge, _tooLarge);
                return null;
            }

            PipeReader body = http.Request.BodyReader;
            while (true)
            {
                ReadResult read = await body.ReadAsync(http.RequestAborted).ConfigureAwait(false);
                ReadOnlySequence<byte> buffer = read.Buffer;
                if (buffer.Length > _options.MaxBodyBytes)
                {
                    body.AdvanceTo(buffer.End);
                    Reject(http, StatusCodes.Status413PayloadTooLarge, _tooLarge);
                    return null;
                }

                if (read.IsCompleted)
                {
                    try
                    {
                        return Decode(http, buffer, query);
                    }
                    finally
                    {
                        body.AdvanceTo(buffer.End);
                    }
                }

                // Nothing consumed, everything examined: the next read returns the whole body so far plus more.
                body.AdvanceTo(buffer.Start, buffer.End);
            }
        }

        private WeChatMessage? Decode(HttpContext http, ReadOnlySequence<byte> body, WeChatPushQuery query)
        {
            byte[]? joined = null;
            ReadOnlySpan<byte> bytes;
            if (body.IsSingleSegment)
            {
                bytes = body.FirstSpan;
            }
            else
            {
                joined = ArrayPool<byte>.Shared.Rent((int)body.Length);
                body.CopyTo(joined);
                bytes = joined.AsSpan(0, (int)body.Length);
            }

            ArrayBufferWriter<byte>? plain = null;
            try
            {
                ReadOnlySpan<byte> xml = bytes;
                if (query.IsEncrypted)
                {
                    if (_crypto is not { } crypto)
                    {
                        Reject(http, StatusCodes.Status400BadRequest, $"encrypted push, but this server has no {_section}:EncodingAESKey (safe and compatible mode need it and {_section}:AppId)");
                        return null;
                    }

                    plain = ThreadScratchBuffer.Rent();
                    try
                    {
                        crypto.VerifyAndDecryptBody(query.MsgSignature.Span, query.Timestamp.Span, query.Nonce.Span, bytes, plain);
                    }
                    catch (WeChatCryptoException ex)
                    {
                        int status = ex.Error == WeChatCryptoError.ValidateSignatureError ? StatusCodes.Status401Unauthorized : StatusCodes.Status400BadRequest;
                        Reject(http, status, ex.Message);
                        return null;
                    }

                    xml = plain.WrittenSpan;
                }

                WeChatMessage message;
                try
                {
                    message = WeChatMessageParser.Parse(xml, _options.PayloadFactory ?? WeChatSpecTypes.Instance, _xmlOptions);
                }
                catch (WeChatXmlException ex)
                {
                    Reject(http, StatusCodes.Status400BadRequest, ex.Message);
                    return null;
                }

                if (MissingHeader(message) is { } missing)
                {
                    // The parser reads what is there; the webhook needs the addressing (to reply, to key the sender's turn and
                    // conversation, to tell events apart for de-duplication) and the type (to dispatch).
                    Reject(http, StatusCodes.Status400BadRequest, missing);
                    return null;
                }

                return message;
            }
            finally
            {
                if (plain is not null)
                {
                    ThreadScratchBuffer.Return(plain);
                }

                if (joined is not null)
                {
                    ArrayPool<byte>.Shared.Return(joined);
                }
            }
        }

        /// <summary>
        /// Why the push cannot be answered, or null: every push WeChat sends names the account (ToUserName), the user
        /// (FromUserName), when it was sent (CreateTime, Unix seconds) and what it is (MsgType, and Event for events).
        /// </summary>
        private static string? MissingHeader(WeChatMessage message) =>
            message.ToUserName.Length == 0 ? "the push has no ToUserName (the account's original id); every push WeChat sends has one"
            : message.FromUserName.Length == 0 ? "the push has no FromUserName (the sender's OpenID); every push WeChat sends has one"
            : message.CreateTime <= 0 ? "the push has no CreateTime (Unix seconds); every push WeChat sends has one"
            : message.MsgType.Length == 0 ? "the push has no MsgType; every push WeChat sends has one (text, image, event, …)"
            : message is WeChatEvent { Event.Length: 0 } ? "the event has no Event; every event WeChat sends names one (subscribe, CLICK, …)"
            : null;

        /// <summary>
        /// Sends the answer: "success" for no reply, otherwise the reply XML, encrypted afresh for this request when it
        /// was encrypted. The body goes into the response pipe with its length; the server flushes it as the request ends.
        /// </summary>
        private void WriteAnswer(HttpResponse response, byte[]? answer, WeChatPushQuery query)
        {
            if (answer is null)
            {
                WriteText(response, "success");
                return;
            }

            response.StatusCode = StatusCodes.Status200OK;
            response.ContentType = ApplicationXml;
            if (!query.IsEncrypted)
            {
                response.ContentLength = answer.Length;
                response.BodyWriter.Write(answer);
                return;
            }

            ArrayBufferWriter<byte> envelope = ThreadScratchBuffer.Rent();
            try
            {
                _crypto!.EncryptReply(answer, query.Timestamp.Span, query.Nonce.Span, envelope);
                response.ContentLength = envelope.WrittenCount;
                response.BodyWriter.Write(envelope.WrittenSpan);
            }
            finally
            {
                ThreadScratchBuffer.Return(envelope);
            }
        }

        private static void WriteText(HttpResponse response, ReadOnlySpan<char> text, int status = StatusCodes.Status200OK)
        {
            response.StatusCode = status;
            response.ContentType = TextPlain;
            int length = System.Text.Encoding.UTF8.GetByteCount(text);
            response.ContentLength = length;
            Span<byte> output = response.BodyWriter.GetSpan(length);
            System.Text.Encoding.UTF8.GetBytes(text, output);
            response.BodyWriter.Advance(length);
        }

        /// <summary>
        /// Answers a rejected request with its status and the reason as text: WeChat ignores the body, and whoever probes
        /// the endpoint (<c>wechat simulate</c>, curl) learns what to fix without the server's log.
        /// </summary>
        private void Reject(HttpContext http, int status, string reason)
        {
            // The GET is the URL verification WeChat sends when the server settings are saved (or `wechat verify`).
            Log.Rejected(_logger, HttpMethods.IsGet(http.Request.Method) ? "URL verification" : "push", status, reason);
            WriteText(http.Response, reason, status);
        }

        private Activity? StartActivity(WeChatMessage message)
        {
            // The name is only built for a listener: most requests have none.
            if (!WeChatTelemetry.ActivitySource.HasListeners())
            {
                return null;
            }

            Activity? activity = WeChatTelemetry.ActivitySource.StartActivity("WeChat push " + message.MsgType, ActivityKind.Server);
            activity?.SetTag("wechat.msg_type", message.MsgType);
            activity?.SetTag("wechat.event", (message as WeChatEvent)?.Event);
            activity?.SetTag("wechat.account", _account);
            return activity;
        }

        private bool IsFresh(ReadOnlySpan<char> timestamp)
        {
            if (_options.TimestampWindow is not { } window)
            {
                return true;
            }

            return long.TryParse(timestamp, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds)
                && Math.Abs(_time.GetUtcNow().ToUnixTimeSeconds() - seconds) <= window.TotalSeconds;
        }
    }
}
