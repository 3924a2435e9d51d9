using System;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.Cli
{
    /// <summary>
    /// A request to a developer's bot as WeChat makes it (<c>wechat simulate</c>, <c>wechat verify</c>): the checks of
    /// the URL, Token and timeout every such command takes, and one exchange with what came back or why nothing did.
    /// </summary>
    internal static class BotRequest
    {
        /// <summary>How long WeChat waits for an answer before it gives up on a request.</summary>
        public static readonly TimeSpan WeChatWait = TimeSpan.FromSeconds(5);

        /// <summary>Why the URL, Token or timeout cannot be used, as one line, or null.</summary>
        /// <param name="url">The <c>--url</c> value.</param>
        /// <param name="token">The <c>--token</c> value.</param>
        /// <param name="timeout">The <c>--timeout</c> value, in seconds.</param>
        /// <param name="what">What the URL is, for the error (the bot's message push URL).</param>
        public static string? Problem(string? url, string? token, double timeout, string what)
        {
            if (url is null)
            {
                return $"--url is required: {what}";
            }

            if (!Uri.TryCreate(url, UriKind.Absolute, out Uri? uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
            {
                return $"--url must be an absolute http or https URL; got '{url}'";
            }

            if (string.IsNullOrEmpty(token))
            {
                return "--token is required: the Token of the account's message push settings";
            }

            return timeout is > 0 and <= 600 ? null : $"--timeout must be more than 0 and at most 600 seconds; got {timeout.ToString(CultureInfo.InvariantCulture)}";
        }

        /// <summary>Sends <paramref name="request"/> and reads the whole answer, or says why there is none.</summary>
        /// <param name="client">The client, its Timeout the command's <c>--timeout</c>.</param>
        /// <param name="request">The request.</param>
        /// <param name="afterTimeout">What WeChat does when the bot does not answer in time, for the error.</param>
        /// <param name="cancellationToken">Ctrl+C.</param>
        public static async Task<BotAnswer> SendAsync(HttpClient client, HttpRequestMessage request, string afterTimeout, CancellationToken cancellationToken)
        {
            string target = request.RequestUri!.GetLeftPart(UriPartial.Path);
            try
            {
                long sent = Stopwatch.GetTimestamp();
                using HttpResponseMessage response = await client.SendAsync(request, cancellationToken).ConfigureAwait(false);
                byte[] body = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
                return new BotAnswer(response.StatusCode, response.ReasonPhrase, body, Stopwatch.GetElapsedTime(sent), null);
            }
            catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return Failed($"no reply from {target} within {client.Timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s ({afterTimeout})");
            }
            catch (HttpRequestException ex)
            {
                return Failed($"cannot reach {target}: {ex.Message}");
            }
        }

        /// <summary>
        /// What a bare status without a body usually means here: the URL's path is not the bot's webhook (the routing of
        /// the server answered, not the webhook, which always says why it refuses a request).
        /// </summary>
        /// <param name="status">The status.</param>
        /// <param name="method">The method sent (GET for verification, POST for pushes).</param>
        public static string Hint(HttpStatusCode status, string method) => status switch
        {
            HttpStatusCode.NotFound => ": nothing answers at this URL; check that --url ends with the bot's webhook path (the QuickStart's is /wechat)",
            HttpStatusCode.MethodNotAllowed => $": this URL does not take {method}; check that --url ends with the bot's webhook path (the QuickStart's is /wechat)",
            _ => string.Empty,
        };

        /// <summary>The start of a body for an error line: trimmed, at most 200 characters, "…" where it was cut.</summary>
        /// <param name="text">The body as text.</param>
        public static string Excerpt(string text)
        {
            const int Length = 200;
            string excerpt = text.Trim();
            return excerpt.Length > Length ? excerpt[..Length] + "…" : excerpt;
        }

        private static BotAnswer Failed(string error) => new(default, null, [], TimeSpan.Zero, error);
    }

    /// <summary>What the bot answered one request.</summary>
    /// <param name="Status">The HTTP status.</param>
    /// <param name="ReasonPhrase">The status's reason phrase, if any.</param>
    /// <param name="Body">The body.</param>
    /// <param name="Elapsed">From sending the request to the answer's last byte.</param>
    /// <param name="Error">Why there is no answer (unreachable, too slow), or null.</param>
    internal sealed record BotAnswer(HttpStatusCode Status, string? ReasonPhrase, byte[] Body, TimeSpan Elapsed, string? Error);
}
