using System;
using Microsoft.Extensions.Logging;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>The webhook's log messages.</summary>
    internal sealed partial class WeChatWebhook
    {
        private static partial class Log
        {
            [LoggerMessage(1, LogLevel.Warning, "WeChat {Request} rejected with {Status}: {Reason}")]
            public static partial void Rejected(ILogger logger, string request, int status, string reason);

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

            [LoggerMessage(31, LogLevel.Warning, "Late {MsgType} reply not sent ({Reason}); trying again in {Seconds} s (retry {Retry} of {Retries})")]
            public static partial void LateReplyRetrying(ILogger logger, string msgType, string reason, double seconds, int retry, int retries);

            [LoggerMessage(32, LogLevel.Warning, "The state store failed {Step} for a {MsgType} push, before its handler ran; trying again in {Milliseconds} ms, within the deadline")]
            public static partial void StoreRetrying(ILogger logger, Exception exception, string msgType, string step, double milliseconds);

            [LoggerMessage(33, LogLevel.Warning, "The state store failed saving a {MsgType} push's conversation or answer after its handler ran; trying again in {Milliseconds} ms, within the deadline")]
            public static partial void SaveRetrying(ILogger logger, Exception exception, string msgType, double milliseconds);

            [LoggerMessage(8, LogLevel.Information, "Delivery {Key} is still running on another instance past the deadline; answered success")]
            public static partial void RunningElsewhere(ILogger logger, string key);

            [LoggerMessage(9, LogLevel.Error, "The conversation context after a late {MsgType} handler could not be saved")]
            public static partial void ConversationSaveFailed(ILogger logger, Exception exception, string msgType);

            [LoggerMessage(10, LogLevel.Warning, "WeChat {MsgType} push waited past the {Milliseconds} ms deadline for its sender's previous push; answered success, its handler runs when that push is done and its reply will go out as a customer-service message")]
            public static partial void DeadlineMissedWaiting(ILogger logger, string msgType, double milliseconds);

            [LoggerMessage(11, LogLevel.Warning, "No WeChatApiClient is registered{ForAccount}, so a handler that misses {Section}:Deadline has its push answered success and its reply dropped. Call builder.Services.{Registration} ({Section}:AppId, {Section}:AppSecret) to send such replies as customer-service messages.")]
            public static partial void NoClientForLateReplies(ILogger logger, string forAccount, string section, string registration);

            [LoggerMessage(12, LogLevel.Error, "WeChat {MsgType} push {Key} answered 503: the state store failed (WeChat retries the push)")]
            public static partial void StoreFailed(ILogger logger, Exception exception, string msgType, string key);

            [LoggerMessage(13, LogLevel.Warning, "WeChat handler for {MsgType} still runs after {Section}:SenderTurnLimit ({Seconds} s); the sender's next push goes ahead without its conversation changes")]
            public static partial void TurnLimitPassed(ILogger logger, string msgType, string section, double seconds);

            [LoggerMessage(14, LogLevel.Error, "The state store failed for {Seconds} s while a {MsgType} push answered after the deadline waited for its sender's turn or conversation; the push is dropped, its handler did not run")]
            public static partial void LateStoreGaveUp(ILogger logger, Exception exception, string msgType, double seconds);

            [LoggerMessage(15, LogLevel.Warning, "The sender's turn after a {MsgType} push could not be given back to the state store; it lapses after {Seconds} s")]
            public static partial void TurnReleaseFailed(ILogger logger, Exception exception, string msgType, double seconds);

            [LoggerMessage(16, LogLevel.Error, "{Section}:DeduplicationKey threw for a {MsgType} push; the push keeps its own de-duplication key")]
            public static partial void DeduplicationKeyFailed(ILogger logger, Exception exception, string section, string msgType);

            [LoggerMessage(17, LogLevel.Warning, "The late reply to a WeChat {MsgType} push was dropped: the application stopped before its handler and reply were done")]
            public static partial void LateReplyCutOff(ILogger logger, string msgType);

            [LoggerMessage(18, LogLevel.Warning, "{Section}:Deadline is {Milliseconds} ms, not under WeChat's 5-second limit: WeChat closes a push it has no answer for after 5 s and sends it again, and after the last try tells the user the account cannot serve them. A handler slower than 5 s then misses its push, and the fallback (answering success, then sending the reply as a customer-service message) starts too late. Keep it under 5 s; the default 4.5 s leaves half a second for the network.")]
            public static partial void DeadlinePastWeChatLimit(ILogger logger, string section, double milliseconds);

            [LoggerMessage(19, LogLevel.Warning, "The state store was still saving after a {MsgType} handler when the {Milliseconds} ms deadline passed; answered success, the reply will go out as a customer-service message once the store has answered")]
            public static partial void SavingMissedDeadline(ILogger logger, string msgType, double milliseconds);

            [LoggerMessage(22, LogLevel.Error, "The conversation or answer of a {MsgType} push handed to the late work could not be saved; its reply is sent anyway")]
            public static partial void LateSaveFailed(ILogger logger, Exception exception, string msgType);

            [LoggerMessage(23, LogLevel.Warning, "The state store failed after the deadline while {Step}")]
            public static partial void LateStoreWorkFailed(ILogger logger, Exception exception, string step);

            [LoggerMessage(24, LogLevel.Error, "WeChat {MsgType} push {Key} answered 503: {Reason} ({Milliseconds} ms); its handler did not run, WeChat retries the push")]
            public static partial void StoreTooSlow(ILogger logger, string msgType, string key, string reason, double milliseconds);

            [LoggerMessage(26, LogLevel.Warning, "The state store failed while a {MsgType} push answered after the deadline waited for its sender's turn or conversation; trying again every {Interval} s for up to {Section}:SenderTurnLimit ({Seconds} s)")]
            public static partial void LateStoreRetrying(ILogger logger, Exception exception, string msgType, double interval, string section, double seconds);

            [LoggerMessage(27, LogLevel.Error, "WeChat {MsgType} push {Key} answered 503: it failed outside its handler, in the state store or the webhook (WeChat retries the push)")]
            public static partial void DeliveryFailed(ILogger logger, Exception exception, string msgType, string key);

            [LoggerMessage(28, LogLevel.Error, "WeChat {MsgType} handler's {ReplyType} reply could not be written; answered success")]
            public static partial void ReplyUnwritable(ILogger logger, Exception exception, string msgType, string replyType);

            [LoggerMessage(29, LogLevel.Error, "Disposing the services of a WeChat {MsgType} handler's scope failed; its reply goes out")]
            public static partial void ScopeDisposeFailed(ILogger logger, Exception exception, string msgType);

            [LoggerMessage(25, LogLevel.Warning, "Late news reply has {Count} articles; a customer-service news message carries one, so only the first is sent")]
            public static partial void LateNewsTrimmed(ILogger logger, int count);
        }
    }
}
