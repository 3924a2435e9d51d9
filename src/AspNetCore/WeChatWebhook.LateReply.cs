using System;
using System.Data.Common;
using System.Diagnostics;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Api;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.AspNetCore
{
    /// <summary>Sending a late reply, again when the platform did not take it for a reason that passes.</summary>
    internal sealed partial class WeChatWebhook
    {
        /// <summary>
        /// Sends a late reply as a customer-service message. WeChat answered the push "success" already, so a reply that
        /// is not sent is lost: one that surely never reached the platform is tried again
        /// (<see cref="WeChatWebhookOptions.LateReplyRetries"/>, after <see cref="WeChatWebhookOptions.LateReplyRetryDelay"/>
        /// doubled each time); one that may have (a timeout, a connection dropped mid-call, an HTTP error) is not, as the
        /// user would get it twice.
        /// </summary>
        private async Task SendLateReplyAsync(WeChatApiClient client, CustomMessageSendRequest reply, WeChatMessage message, string msgType, CancellationToken stopping)
        {
            for (int attempt = 0; ; attempt++)
            {
                try
                {
                    // The token first, so that a failure to get it is told from a failure of the send itself.
                    await client.AccessTokens.GetAsync(stopping).ConfigureAwait(false);
                    await LateReplySender.SendAsync(client, reply, stopping).ConfigureAwait(false);
                    Log.LateReplySent(_logger, msgType);
                    CountLateReply(message, "sent");
                    return;
                }
                catch (Exception ex) when (attempt < _options.LateReplyRetries && NotSentForNow(ex) && !stopping.IsCancellationRequested)
                {
                    Log.LateReplyRetrying(_logger, msgType, ex.Message, LateReplyRetryDelay(attempt).TotalSeconds, attempt + 1, _options.LateReplyRetries);
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    // WeChat refused it, or the client could not get that far (the token's store or the network failed).
                    Log.LateReplyFailed(_logger, ex, msgType);
                    CountLateReply(message, "failed");
                    return;
                }

                await Task.Delay(LateReplyRetryDelay(attempt), _time, stopping).ConfigureAwait(false);
            }
        }

        /// <summary>Counts a late reply's outcome (<see cref="WeChatTelemetry.LateReplies"/>), tagged with the push's type.</summary>
        private void CountLateReply(WeChatMessage message, string outcome)
        {
            TagList tags = Tags(message);
            tags.Add("outcome", outcome);
            WeChatTelemetry.LateReplies.Add(1, in tags);
        }

        private TimeSpan LateReplyRetryDelay(int attempt) => TimeSpan.FromTicks(_options.LateReplyRetryDelay.Ticks << attempt);

        /// <summary>
        /// Whether the reply surely did not reach WeChat, for a reason that may pass: errcode -1 (system busy) from the
        /// send or the token call; no connection, no name resolution or no TLS session for the send; any network or
        /// HTTP failure of the token call (nothing was sent yet); the token store's database or connection failing.
        /// </summary>
        private static bool NotSentForNow(Exception exception) => exception switch
        {
            WeChatApiException api => api.ErrorCode == -1,
            WeChatHttpException http when http.Endpoint.Auth != WeChatAuth.AccessToken => true,
            WeChatHttpException { InnerException: HttpRequestException request } => request.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError,
            DbException or IOException => true,
            _ => false,
        };
    }
}
