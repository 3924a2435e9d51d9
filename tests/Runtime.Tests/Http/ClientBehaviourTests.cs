using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Threading.Tasks;
using WeChat.OfficialAccount.Api;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.Tests.Http
{
    /// <summary>Token handling, errors, uploads, downloads and paging, against the fake server on 127.0.0.1.</summary>
    public sealed class ClientBehaviourTests : IAsyncLifetime
    {
        private FakeWeChatServer _server = null!;
        private HttpClient _http = null!;

        public async Task InitializeAsync()
        {
            _server = await FakeWeChatServer.StartAsync();
            _http = new HttpClient();
        }

        public async Task DisposeAsync()
        {
            _http.Dispose();
            await _server.DisposeAsync();
        }

        private WeChatApiClient Client(Action<WeChatApiClientOptions>? configure = null)
        {
            var options = new WeChatApiClientOptions { AppId = "wx1", AppSecret = "s1", ResolveHost = _ => _server.BaseAddress, RetryDelay = TimeSpan.FromMilliseconds(1) };
            configure?.Invoke(options);
            return new WeChatApiClient(_http, options);
        }

        [Fact]
        public async Task Hundred_concurrent_callers_cause_exactly_one_token_call()
        {
            _server.TokenDelay = TimeSpan.FromMilliseconds(200);
            WeChatApiClient client = Client();

            await Task.WhenAll(Enumerable.Range(0, 100).Select(_ => client.Menu.DeleteAsync()));

            Assert.Equal(1, _server.TokenCalls);
            Assert.Equal(100, _server.Requests.Count);
            Assert.All(_server.Requests, r => Assert.Equal("ACCESS_TOKEN_1", r.Query["access_token"]));
        }

        [Fact]
        public async Task Stable_token_is_requested_with_appid_secret_and_force_refresh_false()
        {
            _server.TokenCallsAreEndpointCalls = true;
            _server.Handler = r => Task.FromResult(r.Path == "/cgi-bin/stable_token"
                ? FakeResponse.Json("{\"access_token\":\"T\",\"expires_in\":7200}")
                : FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"));

            await Client().Menu.DeleteAsync();

            RecordedRequest token = _server.Requests.First();
            Assert.Equal("/cgi-bin/stable_token", token.Path);
            Assert.Equal("{\"appid\":\"wx1\",\"secret\":\"s1\",\"grant_type\":\"client_credential\"}", Encoding.UTF8.GetString(token.Body));
        }

        [Fact]
        public async Task Expired_token_mid_flight_is_refreshed_once_and_the_call_retried_once()
        {
            int calls = 0;
            _server.Handler = r => Task.FromResult(Interlocked(ref calls) == 1
                ? FakeResponse.Json("{\"errcode\":42001,\"errmsg\":\"access_token expired rid: 6523a1b2-0c1d2e3f-4a5b6c7d\"}")
                : FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            WeChatApiClient client = Client();

            await client.Menu.DeleteAsync();

            Assert.Equal(2, _server.TokenCalls);
            Assert.Equal(new[] { "ACCESS_TOKEN_1", "ACCESS_TOKEN_2" }, _server.Requests.Select(r => r.Query["access_token"]));
        }

        [Fact]
        public async Task A_rejection_of_an_already_replaced_token_does_not_refresh_again()
        {
            WeChatApiClient client = Client();
            await client.AccessTokens.GetAsync(default);                          // ACCESS_TOKEN_1 cached
            await client.AccessTokens.RenewAfterRejectionAsync("ACCESS_TOKEN_1", default); // replaced by ACCESS_TOKEN_2

            string current = await client.AccessTokens.RenewAfterRejectionAsync("ACCESS_TOKEN_1", default); // late rejection

            Assert.Equal("ACCESS_TOKEN_2", current);
            Assert.Equal(2, _server.TokenCalls);
        }

        [Fact]
        public async Task A_second_rejection_surfaces_as_the_typed_exception()
        {
            _server.Handler = _ => Task.FromResult(FakeResponse.Json("{\"errcode\":40001,\"errmsg\":\"invalid credential rid: 6523a1b2-0c1d2e3f-4a5b6c7d\"}"));

            var error = await Assert.ThrowsAsync<WeChatApiException>(() => Client().Menu.DeleteAsync());

            Assert.Equal(40001, error.ErrorCode);
            Assert.Equal("6523a1b2-0c1d2e3f-4a5b6c7d", error.Rid);
            Assert.True(error.IsAccessTokenError);
            Assert.Equal(2, _server.Requests.Count);
        }

        [Fact]
        public async Task Error_envelope_becomes_the_typed_exception_with_code_message_and_rid()
        {
            _server.Handler = _ => Task.FromResult(FakeResponse.Json("{\"errcode\":45009,\"errmsg\":\"reach max api daily quota limit rid: 64f0a1b2-11223344-55667788\"}"));

            var error = await Assert.ThrowsAsync<WeChatApiException>(() => Client().Users.GetAsync("o1"));

            Assert.Equal(45009, error.ErrorCode);
            Assert.Equal(WeChatErrorCode.DailyQuotaReached, error.Error);
            Assert.StartsWith("reach max api daily quota limit", error.ErrorMessage);
            Assert.Equal("64f0a1b2-11223344-55667788", error.Rid);
            Assert.Equal("/cgi-bin/user/info", error.Endpoint.Path);
            Assert.Equal(
                "GET /cgi-bin/user/info failed with errcode 45009 (DailyQuotaReached: " + DocOf(45009) + "): reach max api daily quota limit rid: 64f0a1b2-11223344-55667788 (quote the rid to WeChat support).",
                error.Message);
        }

        [Fact]
        public async Task A_token_request_from_an_address_not_in_the_whitelist_says_so_in_the_message()
        {
            _server.TokenHandler = _ => FakeResponse.Json("{\"errcode\":40164,\"errmsg\":\"invalid ip 203.0.113.7 ipv6 ::ffff:203.0.113.7, not in whitelist rid: 6600aa11-22334455-66778899\"}");

            var error = await Assert.ThrowsAsync<WeChatApiException>(() => Client().Menu.DeleteAsync());

            Assert.Equal(WeChatErrorCode.IpNotWhitelisted, error.Error);
            Assert.Contains("failed with errcode 40164 (IpNotWhitelisted: The caller's IP is not in the API IP whitelist (errmsg names it)): invalid ip 203.0.113.7", error.Message, StringComparison.Ordinal);
        }

        /// <summary>The doc of a code in spec/errors/global.wechat.json, without its final period, read independently of the generator.</summary>
        private static string DocOf(int code)
        {
            string path = System.IO.Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "spec", "errors", "global.wechat.json");
            using var json = System.Text.Json.JsonDocument.Parse(System.IO.File.ReadAllText(path));
            foreach (System.Text.Json.JsonElement entry in json.RootElement.GetProperty("codes").EnumerateArray())
            {
                if (entry.GetProperty("code").GetInt32() == code)
                {
                    return entry.GetProperty("doc").GetString()!.TrimEnd('.');
                }
            }

            throw new InvalidOperationException($"no code {code} in {path}");
        }

        [Fact]
        public async Task Unknown_error_codes_keep_their_number()
        {
            _server.Handler = _ => Task.FromResult(FakeResponse.Json("{\"errcode\":\"99999\",\"errmsg\":\"brand new\"}"));

            var error = await Assert.ThrowsAsync<WeChatApiException>(() => Client().Users.GetAsync("o1"));

            Assert.Equal(99999, error.ErrorCode);
            Assert.Equal(99999, (int)error.Error);
            Assert.False(Enum.IsDefined(error.Error));
            Assert.Null(WeChatErrorCodeDescriptions.Describe(error.Error));
            Assert.Contains("failed with errcode 99999: brand new (a code the SDK's table does not name: look it up in the platform's global error table", error.Message, StringComparison.Ordinal);
        }

        [Fact]
        public async Task Server_errors_on_gets_are_retried_and_then_typed()
        {
            _server.Handler = _ => Task.FromResult(new FakeResponse(503, "text/plain", Array.Empty<byte>()));

            var error = await Assert.ThrowsAsync<WeChatHttpException>(() => Client().Users.GetAsync("o1"));

            Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, error.StatusCode);
            Assert.Equal(3, _server.Requests.Count); // the first try and two retries
        }

        [Fact]
        public async Task Posts_are_not_retried_blindly()
        {
            _server.Handler = _ => Task.FromResult(new FakeResponse(502, "text/plain", Array.Empty<byte>()));

            await Assert.ThrowsAsync<WeChatHttpException>(() => Client().Users.UpdateRemarkAsync(new UserUpdateRemarkRequest { OpenId = "o", Remark = "r" }));

            Assert.Single(_server.Requests);
        }

        [Fact]
        public async Task Network_failure_is_a_typed_exception()
        {
            var client = new WeChatApiClient(_http, new WeChatApiClientOptions { AppId = "wx1", AppSecret = "s1", ResolveHost = _ => new Uri("http://127.0.0.1:9"), MaxGetRetries = 1, RetryDelay = TimeSpan.FromMilliseconds(1) });

            var error = await Assert.ThrowsAsync<WeChatHttpException>(() => client.Menu.GetAsync());

            Assert.Contains("network", error.Message);
        }

        [Fact]
        public async Task Chinese_text_is_sent_as_raw_utf8()
        {
            await Client().Users.UpdateRemarkAsync(new UserUpdateRemarkRequest { OpenId = "o", Remark = "胖子" });

            Assert.Equal("{\"openid\":\"o\",\"remark\":\"胖子\"}", Encoding.UTF8.GetString(_server.Requests.Single().Body));
        }

        [Fact]
        public async Task Multipart_upload_has_the_file_part_with_name_and_type_and_the_text_fields()
        {
            _server.Handler = _ => Task.FromResult(FakeResponse.Json("{\"media_id\":\"M\",\"url\":\"http://u\"}"));
            var upload = new WeChatUpload(new MemoryStream(Encoding.ASCII.GetBytes("VIDEO-BYTES")), "clip.mp4", "video/mp4");

            await Client().Materials.AddAsync("video", upload, new MaterialVideoDescription { Title = "标题", Introduction = "intro" });

            RecordedRequest request = _server.Requests.Single();
            string body = Encoding.UTF8.GetString(request.Body);
            Assert.StartsWith("multipart/form-data; boundary=", request.ContentType);
            Assert.Contains("Content-Disposition: form-data; name=media; filename=clip.mp4", body);
            Assert.Contains("Content-Type: video/mp4", body);
            Assert.Contains("VIDEO-BYTES", body);
            Assert.Contains("name=description", body);
            Assert.Contains("{\"title\":\"标题\",\"introduction\":\"intro\"}", body);
            Assert.Equal("video", request.Query["type"]);
        }

        [Fact]
        public async Task Binary_download_returns_the_stream_content_type_and_file_name()
        {
            _server.Handler = _ => Task.FromResult(new FakeResponse(200, "image/jpeg", new byte[] { 0xFF, 0xD8, 0xFF }, "photo.jpg"));

            await using WeChatFile file = await Client().Media.GetHdVoiceAsync("MEDIA");

            Assert.Equal("image/jpeg", file.ContentType);
            Assert.Equal("photo.jpg", file.FileName);
            Assert.Equal(new byte[] { 0xFF, 0xD8, 0xFF }, await file.ReadAllBytesAsync());
        }

        [Fact]
        public async Task Json_error_on_a_download_endpoint_is_the_typed_error_not_a_file()
        {
            _server.Handler = _ => Task.FromResult(FakeResponse.Json("{\"errcode\":40007,\"errmsg\":\"invalid media_id\"}"));

            var error = await Assert.ThrowsAsync<WeChatApiException>(() => Client().Media.GetHdVoiceAsync("MEDIA"));

            Assert.Equal(40007, error.ErrorCode);
        }

        [Fact]
        public async Task Cursor_paging_walks_to_the_end()
        {
            _server.Handler = r => Task.FromResult(FakeResponse.Json(r.Query.GetValueOrDefault("next_openid") switch
            {
                null or "" => "{\"total\":5,\"count\":3,\"data\":{\"openid\":[\"A\",\"B\",\"C\"]},\"next_openid\":\"C\"}",
                "C" => "{\"total\":5,\"count\":2,\"data\":{\"openid\":[\"D\",\"E\"]},\"next_openid\":\"E\"}",
                _ => "{\"total\":5,\"count\":0,\"next_openid\":\"\"}",
            }));

            var all = new System.Collections.Generic.List<string>();
            await foreach (string openId in Client().Users.ListAllAsync())
            {
                all.Add(openId);
            }

            Assert.Equal(new[] { "A", "B", "C", "D", "E" }, all);
            Assert.Equal(3, _server.Requests.Count);
        }

        [Fact]
        public async Task Offset_paging_walks_to_the_total()
        {
            _server.Handler = r =>
            {
                using var body = System.Text.Json.JsonDocument.Parse(r.Body);
                int offset = body.RootElement.GetProperty("offset").GetInt32();
                string items = string.Join(",", Enumerable.Range(offset, Math.Min(2, 5 - offset)).Select(i => $"{{\"media_id\":\"M{i}\"}}"));
                return Task.FromResult(FakeResponse.Json($"{{\"total_count\":5,\"item_count\":2,\"item\":[{items}]}}"));
            };

            var ids = new System.Collections.Generic.List<string?>();
            await foreach (var item in Client().Materials.ListAllAsync(new MaterialListRequest { MediaType = "image", Offset = 0, Count = 2 }))
            {
                ids.Add(item.MediaId);
            }

            Assert.Equal(new[] { "M0", "M1", "M2", "M3", "M4" }, ids);
            Assert.Equal(3, _server.Requests.Count);
        }

        [Fact]
        public async Task Offset_paging_in_the_query_walks_to_the_total()
        {
            _server.Handler = r =>
            {
                int start = int.Parse(r.Query["start"]);
                string items = string.Join(",", Enumerable.Range(start, Math.Min(2, 3 - start)).Select(i => $"{{\"tid\":{i}}}"));
                return Task.FromResult(FakeResponse.Json($"{{\"count\":3,\"data\":[{items}]}}"));
            };

            var ids = new List<long>();
            await foreach (var title in Client().SubscribeMessages.ListPubTemplateTitlesAllAsync("616", 0, 2))
            {
                ids.Add(title.Tid);
            }

            Assert.Equal(new long[] { 0, 1, 2 }, ids);
            Assert.Equal(new[] { "0", "2" }, _server.Requests.Select(r => r.Query["start"]));
        }

        private static int Interlocked(ref int value) => System.Threading.Interlocked.Increment(ref value);
    }
}
