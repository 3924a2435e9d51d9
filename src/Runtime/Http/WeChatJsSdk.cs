using System;
using System.Security.Cryptography;
using System.Text;
using System.Threading;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>What a page passes to <c>wx.config</c>.</summary>
    /// <param name="AppId">The account's AppID.</param>
    /// <param name="Timestamp">Unix seconds used in the signature.</param>
    /// <param name="NonceStr">Random string used in the signature.</param>
    /// <param name="Signature">SHA-1 hex of jsapi_ticket, noncestr, timestamp and url.</param>
    public sealed record WeChatJsSdkConfig(string AppId, long Timestamp, string NonceStr, string Signature);

    /// <summary>
    /// JS-SDK support: the jsapi_ticket, cached like the access_token (one upstream call however many pages ask), and
    /// the <c>wx.config</c> signature.
    /// </summary>
    public sealed class WeChatJsSdk
    {
        private readonly WeChatApiClient _client;
        private readonly string _appId;
        private readonly TimeProvider _time;

        /// <summary>Creates the helper over a client.</summary>
        /// <param name="client">The API client (its access_token pays for the ticket).</param>
        /// <param name="appId">The account's AppID, echoed into the config.</param>
        /// <param name="tokenStore">Where the ticket is cached; a private in-memory store when null.</param>
        /// <param name="timeProvider">Clock; the system clock when null.</param>
        /// <param name="refreshLock">Cross-instance lock around ticket refreshes when the token store is shared.</param>
        public WeChatJsSdk(WeChatApiClient client, string appId, IWeChatTokenStore? tokenStore = null, TimeProvider? timeProvider = null, IWeChatTokenRefreshLock? refreshLock = null)
        {
            _client = client ?? throw new ArgumentNullException(nameof(client));
            _appId = appId;
            _time = timeProvider ?? TimeProvider.System;
            Tickets = new WeChatTokenCache("jsapi_ticket:" + appId, tokenStore ?? new InMemoryWeChatTokenStore(), FetchTicketAsync, _time, TimeSpan.FromMinutes(5), refreshLock);
        }

        /// <summary>The jsapi_ticket cache.</summary>
        public WeChatTokenCache Tickets { get; }

        /// <summary>
        /// The signature over <c>jsapi_ticket=…&amp;noncestr=…&amp;timestamp=…&amp;url=…</c> (url without its fragment), lowercase hex SHA-1.
        /// </summary>
        public static string Sign(string ticket, string nonceStr, long timestamp, string url)
        {
            ArgumentNullException.ThrowIfNull(url);
            int hash = url.IndexOf('#', StringComparison.Ordinal);
            string page = hash >= 0 ? url.Substring(0, hash) : url;
            string text = $"jsapi_ticket={ticket}&noncestr={nonceStr}&timestamp={timestamp}&url={page}";
            return Convert.ToHexString(SHA1.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
        }

        /// <summary>The <c>wx.config</c> values for a page URL, with a fresh nonce and the current time.</summary>
        /// <param name="url">The full URL of the page calling wx.config (any fragment is dropped).</param>
        /// <param name="cancellationToken">Cancels fetching the ticket.</param>
        public async Task<WeChatJsSdkConfig> CreateConfigAsync(string url, CancellationToken cancellationToken = default)
        {
            string ticket = await Tickets.GetAsync(cancellationToken).ConfigureAwait(false);
            long timestamp = _time.GetUtcNow().ToUnixTimeSeconds();
            string nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLowerInvariant();
            return new WeChatJsSdkConfig(_appId, timestamp, nonce, Sign(ticket, nonce, timestamp, url));
        }

        private async Task<(string Value, int ExpiresInSeconds)> FetchTicketAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            Api.JsSdkTicketResponse ticket = await _client.JsSdk.GetTicketAsync("jsapi", cancellationToken).ConfigureAwait(false);
            return (ticket.Ticket, ticket.ExpiresIn);
        }
    }
}
