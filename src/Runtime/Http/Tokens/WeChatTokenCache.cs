using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace WeChat.OfficialAccount.Http.Tokens
{
    /// <summary>Fetches a fresh credential: its value and lifetime in seconds.</summary>
    /// <param name="forceRefresh">Whether the platform should issue a new one even if the current one is still valid.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    public delegate Task<(string Value, int ExpiresInSeconds)> WeChatTokenFetcher(bool forceRefresh, CancellationToken cancellationToken);

    /// <summary>
    /// One cached credential with single-flight refresh: however many callers find it missing or expired, one
    /// upstream call is made and everybody gets its result. A rejected token is replaced only if it is still the
    /// cached one, so a late rejection of an already-replaced token costs nothing.
    /// </summary>
    public sealed class WeChatTokenCache
    {
        private readonly string _key;
        private readonly IWeChatTokenStore _store;
        private readonly WeChatTokenFetcher _fetch;
        private readonly TimeProvider _time;
        private readonly TimeSpan _margin;
        private readonly IWeChatTokenRefreshLock? _refreshLock;
        private readonly SemaphoreSlim _gate = new(1, 1);

        /// <summary>Creates the cache.</summary>
        /// <param name="key">Store key, e.g. <c>access_token:{appid}</c>.</param>
        /// <param name="store">Where the value is kept.</param>
        /// <param name="fetch">How a fresh value is obtained.</param>
        /// <param name="timeProvider">The clock.</param>
        /// <param name="refreshMargin">How long before expiry the value is renewed.</param>
        /// <param name="refreshLock">Taken around refreshes when the store is shared by several instances.</param>
        public WeChatTokenCache(string key, IWeChatTokenStore store, WeChatTokenFetcher fetch, TimeProvider timeProvider, TimeSpan refreshMargin, IWeChatTokenRefreshLock? refreshLock = null)
        {
            _refreshLock = refreshLock;
            _key = key;
            _store = store;
            _fetch = fetch;
            _time = timeProvider;
            _margin = refreshMargin;
        }

        /// <summary>The cached value, fetched first if missing or about to expire.</summary>
        public async ValueTask<string> GetAsync(CancellationToken cancellationToken)
        {
            WeChatCachedToken? cached = await _store.GetAsync(_key, cancellationToken).ConfigureAwait(false);
            if (IsFresh(cached))
            {
                return cached!.Value;
            }

            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using IAsyncDisposable? held = await AcquireSharedAsync(cancellationToken).ConfigureAwait(false);
                cached = await _store.GetAsync(_key, cancellationToken).ConfigureAwait(false);
                if (IsFresh(cached))
                {
                    return cached!.Value;
                }

                return await FetchAsync(forceRefresh: false, rejected: null, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <summary>
        /// Called when the platform rejected <paramref name="rejected"/>: returns the current value if another caller
        /// already replaced it, otherwise fetches a new one.
        /// </summary>
        public async ValueTask<string> RenewAfterRejectionAsync(string rejected, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await using IAsyncDisposable? held = await AcquireSharedAsync(cancellationToken).ConfigureAwait(false);
                WeChatCachedToken? cached = await _store.GetAsync(_key, cancellationToken).ConfigureAwait(false);
                if (cached is not null && cached.Value != rejected && IsFresh(cached))
                {
                    return cached.Value;
                }

                await _store.RemoveAsync(_key, rejected, cancellationToken).ConfigureAwait(false);
                return await FetchAsync(forceRefresh: false, rejected, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }

        private async Task<string> FetchAsync(bool forceRefresh, string? rejected, CancellationToken cancellationToken)
        {
            WeChatTelemetry.TokenRefreshes.Add(1, new KeyValuePair<string, object?>("key", _key.Split(':')[0]));
            (string value, int expiresIn) = await _fetch(forceRefresh, cancellationToken).ConfigureAwait(false);
            if (rejected is not null && value == rejected)
            {
                // The platform still hands out the token it just rejected: ask for a new one explicitly.
                (value, expiresIn) = await _fetch(true, cancellationToken).ConfigureAwait(false);
            }

            DateTimeOffset now = _time.GetUtcNow();
            TimeSpan life = TimeSpan.FromSeconds(Math.Max(expiresIn, 0));
            TimeSpan margin = _margin < life / 2 ? _margin : life / 2;
            var token = new WeChatCachedToken(value, now + life, now + life - margin);
            await _store.SetAsync(_key, token, cancellationToken).ConfigureAwait(false);
            return value;
        }

        /// <summary>The cross-instance lock, taken after the in-process gate so one process waits on it at a time.</summary>
        private async ValueTask<IAsyncDisposable?> AcquireSharedAsync(CancellationToken cancellationToken) =>
            _refreshLock is null ? null : await _refreshLock.AcquireAsync("refresh:" + _key, cancellationToken).ConfigureAwait(false);

        private bool IsFresh(WeChatCachedToken? token) => token is not null && _time.GetUtcNow() < token.RefreshAt;
    }
}
