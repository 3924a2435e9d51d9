using System;
using System.Buffers;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using WeChat.OfficialAccount.Http.Tokens;

namespace WeChat.OfficialAccount.Http
{
    /// <summary>
    /// The Official Account REST client. Every endpoint of the spec is a method of one of its groups
    /// (<c>client.Menu.CreateAsync(…)</c>, <c>client.Users.GetAsync(openId)</c>); this part holds the pipeline they
    /// share: access_token handling, error envelopes, retries, downloads and uploads.
    /// </summary>
    /// <remarks>
    /// The access_token comes from <c>/cgi-bin/stable_token</c> by default, cached until shortly before expiry with a
    /// single upstream call however many callers wait. When the platform rejects it (40001, 40014, 42001) it is renewed
    /// — only if the cached token is still the one rejected — and the call is retried once.
    /// </remarks>
    public sealed partial class WeChatApiClient
    {
        private readonly HttpClient _http;
        private readonly WeChatApiClientOptions _options;
        private readonly ILogger _logger;
        private readonly TimeProvider _time;

        /// <summary>Creates a client.</summary>
        /// <param name="httpClient">The HTTP client (from IHttpClientFactory in hosted apps).</param>
        /// <param name="options">AppID, AppSecret and endpoints.</param>
        /// <param name="tokenStore">Where tokens are cached; a private in-memory store when null.</param>
        /// <param name="logger">Logger; method, path, status and duration only — never tokens or secrets.</param>
        /// <param name="timeProvider">Clock; the system clock when null.</param>
        /// <param name="refreshLock">Cross-instance lock around token refreshes when the token store is shared.</param>
        public WeChatApiClient(HttpClient httpClient, WeChatApiClientOptions options, IWeChatTokenStore? tokenStore = null, ILogger<WeChatApiClient>? logger = null, TimeProvider? timeProvider = null, IWeChatTokenRefreshLock? refreshLock = null)
        {
            _http = httpClient ?? throw new ArgumentNullException(nameof(httpClient));
            _options = options ?? throw new ArgumentNullException(nameof(options));
            if (WeChatApiClientOptionsValidator.Check(options) is { Count: > 0 } problems)
            {
                throw new ArgumentException(string.Join(" ", problems), nameof(options));
            }

            _logger = (ILogger?)logger ?? NullLogger.Instance;
            _time = timeProvider ?? TimeProvider.System;
            IWeChatTokenStore store = tokenStore ?? new InMemoryWeChatTokenStore();
            AccessTokens = new WeChatTokenCache("access_token:" + options.AppId, store, FetchAccessTokenAsync, _time, options.TokenRefreshMargin, refreshLock);
        }

        /// <summary>The access_token cache of this account.</summary>
        public WeChatTokenCache AccessTokens { get; }

        /// <summary>Sends a call whose response carries only errcode/errmsg.</summary>
        public async Task SendAsync(WeChatEndpoint endpoint, WeChatQuery query, object? body, CancellationToken cancellationToken)
        {
            _ = await ExecuteJsonAsync(endpoint, query, body, cancellationToken).ConfigureAwait(false);
        }

        /// <summary>Sends a call and reads its JSON response.</summary>
        public async Task<T> SendAsync<T>(WeChatEndpoint endpoint, WeChatQuery query, object? body, CancellationToken cancellationToken)
            where T : WeChatJsonObject, new()
        {
            byte[] json = await ExecuteJsonAsync(endpoint, query, body, cancellationToken).ConfigureAwait(false);
            return Deserialize<T>(endpoint, json);
        }

        /// <summary>Downloads a file; a JSON answer is an error envelope and becomes the typed exception.</summary>
        public async Task<WeChatFile> DownloadAsync(WeChatEndpoint endpoint, WeChatQuery query, object? body, CancellationToken cancellationToken)
        {
            (WeChatFile? file, byte[]? json) = await ExecuteDownloadAsync(endpoint, query, body, cancellationToken).ConfigureAwait(false);
            if (file is not null)
            {
                return file;
            }

            throw new WeChatHttpException(endpoint, "expected a file but the platform answered a JSON document without an error code");
        }

        /// <summary>Downloads a file or reads the JSON document the endpoint answers instead.</summary>
        public async Task<WeChatFileOrJson<T>> DownloadOrJsonAsync<T>(WeChatEndpoint endpoint, WeChatQuery query, object? body, CancellationToken cancellationToken)
            where T : WeChatJsonObject, new()
        {
            (WeChatFile? file, byte[]? json) = await ExecuteDownloadAsync(endpoint, query, body, cancellationToken).ConfigureAwait(false);
            return file is not null ? new WeChatFileOrJson<T>(file) : new WeChatFileOrJson<T>(Deserialize<T>(endpoint, json!));
        }

        private static T Deserialize<T>(WeChatEndpoint endpoint, byte[] json)
            where T : WeChatJsonObject, new()
        {
            try
            {
                return WeChatJsonObject.FromResponseJson<T>(json);
            }
            catch (JsonException ex)
            {
                throw new WeChatHttpException(endpoint, "the response does not have the documented shape: " + ex.Message, innerException: ex);
            }
        }

        private async Task<byte[]> ExecuteJsonAsync(WeChatEndpoint endpoint, WeChatQuery query, object? body, CancellationToken cancellationToken)
        {
            for (int tokenAttempt = 0; ; tokenAttempt++)
            {
                string? token = endpoint.Auth == WeChatAuth.AccessToken ? await AccessTokens.GetAsync(cancellationToken).ConfigureAwait(false) : null;
                using HttpResponseMessage response = await SendWithRetriesAsync(endpoint, query, body, token, cancellationToken).ConfigureAwait(false);
                byte[] json = await ReadBodyAsync(endpoint, response, cancellationToken).ConfigureAwait(false);
                try
                {
                    ThrowOnError(endpoint, json);
                }
                catch (WeChatApiException ex) when (ex.IsAccessTokenError && token is not null && tokenAttempt == 0 && CanResend(body))
                {
                    Log.TokenRejected(_logger, endpoint.Path, ex.ErrorCode);
                    await AccessTokens.RenewAfterRejectionAsync(token, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                return json;
            }
        }

        private async Task<(WeChatFile? File, byte[]? Json)> ExecuteDownloadAsync(WeChatEndpoint endpoint, WeChatQuery query, object? body, CancellationToken cancellationToken)
        {
            for (int tokenAttempt = 0; ; tokenAttempt++)
            {
                string? token = endpoint.Auth == WeChatAuth.AccessToken ? await AccessTokens.GetAsync(cancellationToken).ConfigureAwait(false) : null;
                HttpResponseMessage response = await SendWithRetriesAsync(endpoint, query, body, token, cancellationToken).ConfigureAwait(false);
                string mediaType = response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream";
                if (mediaType is not ("application/json" or "text/plain" or "text/json"))
                {
                    Stream stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
                    string? fileName = response.Content.Headers.ContentDisposition?.FileNameStar ?? response.Content.Headers.ContentDisposition?.FileName?.Trim('"');
                    return (new WeChatFile(stream, mediaType, fileName), null);
                }

                byte[] json;
                using (response)
                {
                    json = await ReadBodyAsync(endpoint, response, cancellationToken).ConfigureAwait(false);
                }

                try
                {
                    ThrowOnError(endpoint, json);
                }
                catch (WeChatApiException ex) when (ex.IsAccessTokenError && token is not null && tokenAttempt == 0 && CanResend(body))
                {
                    await AccessTokens.RenewAfterRejectionAsync(token, cancellationToken).ConfigureAwait(false);
                    continue;
                }

                return (null, json);
            }
        }

        private static bool CanResend(object? body) => body is not WeChatMultipart form || form.File.Content.CanSeek;

        private async Task<HttpResponseMessage> SendWithRetriesAsync(WeChatEndpoint endpoint, WeChatQuery query, object? body, string? token, CancellationToken cancellationToken)
        {
            long? startPosition = body is WeChatMultipart { File.Content.CanSeek: true } form ? form.File.Content.Position : null;
            for (int attempt = 0; ; attempt++)
            {
                if (startPosition is long position)
                {
                    ((WeChatMultipart)body!).File.Content.Position = position;
                }

                using HttpRequestMessage request = BuildRequest(endpoint, query, body, token);
                using Activity? activity = WeChatTelemetry.ActivitySource.StartActivity("WeChat " + endpoint.Method + " " + endpoint.Path, ActivityKind.Client);
                long started = _time.GetTimestamp();
                try
                {
                    HttpResponseMessage response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
                    Log.Called(_logger, endpoint.Method, endpoint.Path, (int)response.StatusCode, _time.GetElapsedTime(started).TotalMilliseconds);
                    if (!response.IsSuccessStatusCode)
                    {
                        HttpStatusCode status = response.StatusCode;
                        response.Dispose();
                        if (endpoint.IsIdempotent && (int)status >= 500 && attempt < _options.MaxGetRetries)
                        {
                            await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                            continue;
                        }

                        throw new WeChatHttpException(endpoint, $"the platform answered HTTP {(int)status}", status);
                    }

                    return response;
                }
                catch (Exception ex) when (ex is HttpRequestException or IOException || (ex is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    Log.Failed(_logger, endpoint.Method, endpoint.Path, attempt, ex.GetType().Name);
                    if (endpoint.IsIdempotent && attempt < _options.MaxGetRetries)
                    {
                        await DelayAsync(attempt, cancellationToken).ConfigureAwait(false);
                        continue;
                    }

                    throw new WeChatHttpException(endpoint, ex is TaskCanceledException ? "the call timed out" : "the network call failed: " + ex.Message, innerException: ex);
                }
            }
        }

        private Task DelayAsync(int attempt, CancellationToken cancellationToken) =>
            Task.Delay(TimeSpan.FromTicks(_options.RetryDelay.Ticks << attempt), _time, cancellationToken);

        private HttpRequestMessage BuildRequest(WeChatEndpoint endpoint, WeChatQuery query, object? body, string? token)
        {
            var effective = new WeChatQuery();
            if (token is not null)
            {
                effective.Add("access_token", token);
            }

            if (endpoint.Auth == WeChatAuth.AppIdSecret && endpoint.Method == "GET")
            {
                effective.Add("appid", _options.AppId);
                effective.Add("secret", _options.AppSecret);
            }

            AddResolved(effective, query);
            var uri = new Uri(_options.ResolveHost(endpoint.Host), effective.AppendTo(endpoint.Path));
            var request = new HttpRequestMessage(endpoint.Method == "GET" ? HttpMethod.Get : HttpMethod.Post, uri);
            switch (body)
            {
                case WeChatJsonObject json:
                    Utf8JsonWriter writer = WeChatJsonBuffers.Rent(out ArrayBufferWriter<byte> buffer);
                    try
                    {
                        if (endpoint.Auth == WeChatAuth.AppIdSecret)
                        {
                            json.WriteJsonWith(writer, _options.AppId, _options.AppSecret);
                        }
                        else
                        {
                            json.WriteJson(writer);
                        }

                        writer.Flush();
                        request.Content = new ByteArrayContent(buffer.WrittenSpan.ToArray());
                    }
                    finally
                    {
                        WeChatJsonBuffers.Return(buffer, writer);
                    }

                    request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
                    break;
                case WeChatTextBody text:
                    request.Content = new StringContent(text.Text, System.Text.Encoding.UTF8, "text/plain");
                    break;
                case WeChatMultipart form:
                    var content = new MultipartFormDataContent();
                    var file = new StreamContent(new NonDisposingStream(form.File.Content));
                    file.Headers.ContentType = MediaTypeHeaderValue.Parse(form.File.ContentType);
                    content.Add(file, form.FileField, form.File.FileName);
                    foreach (var field in form.Fields)
                    {
                        content.Add(new StringContent(field.Value), field.Key);
                    }

                    request.Content = content;
                    break;
            }

            return request;
        }

        /// <summary>
        /// The URL of a page the user's browser is sent to (web authorization, one-time subscription consent): the
        /// endpoint's host and path, the query with credentials filled in, and the fragment.
        /// </summary>
        public string BuildUrl(WeChatEndpoint endpoint, WeChatQuery query, string? fragment)
        {
            ArgumentNullException.ThrowIfNull(endpoint);
            ArgumentNullException.ThrowIfNull(query);
            var effective = new WeChatQuery();
            AddResolved(effective, query);
            string url = new Uri(new Uri("https://" + endpoint.Host), effective.AppendTo(endpoint.Path)).AbsoluteUri;
            return fragment is null ? url : url + "#" + fragment;
        }

        private void AddResolved(WeChatQuery target, WeChatQuery source)
        {
            foreach (var pair in source.Values)
            {
                target.Add(pair.Key, pair.Value switch
                {
                    WeChatQuery.AppIdMarker => _options.AppId,
                    WeChatQuery.AppSecretMarker => _options.AppSecret,
                    _ => pair.Value,
                });
            }
        }

        private static async Task<byte[]> ReadBodyAsync(WeChatEndpoint endpoint, HttpResponseMessage response, CancellationToken cancellationToken)
        {
            try
            {
                return await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                throw new WeChatHttpException(endpoint, "the response body could not be read: " + ex.Message, response.StatusCode, ex);
            }
        }

        /// <summary>Throws <see cref="WeChatApiException"/> when the body is an error envelope (errcode ≠ 0).</summary>
        internal static void ThrowOnError(WeChatEndpoint endpoint, ReadOnlySpan<byte> json)
        {
            int errcode = 0;
            string? errmsg = null;
            try
            {
                var reader = new Utf8JsonReader(json);
                if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new WeChatHttpException(endpoint, "the response is not a JSON object");
                }

                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("errcode"u8))
                    {
                        reader.Read();
                        errcode = WeChatJson.ReadInt32(ref reader) ?? 0;
                    }
                    else if (reader.ValueTextEquals("errmsg"u8))
                    {
                        reader.Read();
                        errmsg = WeChatJson.ReadString(ref reader);
                    }
                    else
                    {
                        reader.Read();
                        reader.Skip();
                    }
                }
            }
            catch (JsonException ex)
            {
                throw new WeChatHttpException(endpoint, "the response is not valid JSON: " + ex.Message, innerException: ex);
            }

            if (errcode != 0)
            {
                WeChatTelemetry.ApiErrors.Add(1, new KeyValuePair<string, object?>("errcode", errcode), new KeyValuePair<string, object?>("path", endpoint.Path));
                throw new WeChatApiException(endpoint, errcode, errmsg);
            }
        }

        private async Task<(string Value, int ExpiresInSeconds)> FetchAccessTokenAsync(bool forceRefresh, CancellationToken cancellationToken)
        {
            if (string.IsNullOrEmpty(_options.AppSecret))
            {
                throw new InvalidOperationException(
                    $"WeChatApiClientOptions.AppSecret of {_options.AppId} is not set, so no access_token can be obtained (and none is in the token store): set WeChat:AppSecret in configuration (environment variable WeChat__AppSecret) with AddWeChatClient(configuration) — WeChat:Accounts:<name>:AppSecret with AddWeChatClient(name, configuration) for one of several accounts — or AppSecret in code.");
            }

            Api.AccessTokenResponse token = _options.UseStableToken
                ? await Token.GetStableAsync(new Api.StableTokenRequest { GrantType = "client_credential", ForceRefresh = forceRefresh ? true : null }, cancellationToken).ConfigureAwait(false)
                : await Token.GetAsync("client_credential", cancellationToken).ConfigureAwait(false);
            Log.TokenFetched(_logger, token.ExpiresIn);
            return (token.AccessToken, token.ExpiresIn);
        }

        /// <summary>Keeps the caller's upload stream open after the request is disposed (it may be resent).</summary>
        private sealed class NonDisposingStream : Stream
        {
            private readonly Stream _inner;

            public NonDisposingStream(Stream inner) => _inner = inner;

            public override bool CanRead => _inner.CanRead;

            public override bool CanSeek => _inner.CanSeek;

            public override bool CanWrite => false;

            public override long Length => _inner.Length;

            public override long Position { get => _inner.Position; set => _inner.Position = value; }

            public override void Flush()
            {
            }

            public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, count);

            public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) => _inner.ReadAsync(buffer, offset, count, cancellationToken);

            public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => _inner.ReadAsync(buffer, cancellationToken);

            public override long Seek(long offset, SeekOrigin origin) => _inner.Seek(offset, origin);

            public override void SetLength(long value) => throw new NotSupportedException();

            public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        }

        private static partial class Log
        {
            [LoggerMessage(1, LogLevel.Debug, "WeChat {Method} {Path} answered {Status} in {Milliseconds:F0} ms")]
            public static partial void Called(ILogger logger, string method, string path, int status, double milliseconds);

            [LoggerMessage(2, LogLevel.Warning, "WeChat {Method} {Path} failed on attempt {Attempt}: {Error}")]
            public static partial void Failed(ILogger logger, string method, string path, int attempt, string error);

            [LoggerMessage(3, LogLevel.Information, "WeChat rejected the access_token on {Path} (errcode {Code}); renewing it and retrying once")]
            public static partial void TokenRejected(ILogger logger, string path, int code);

            [LoggerMessage(4, LogLevel.Information, "Obtained a new WeChat access_token valid for {Seconds} s")]
            public static partial void TokenFetched(ILogger logger, int seconds);
        }
    }
}
