using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace WeChat.OfficialAccount.Tests.Http
{
    /// <summary>What the fake server received.</summary>
    internal sealed record RecordedRequest(string Method, string Path, Dictionary<string, string> Query, string? ContentType, byte[] Body);

    /// <summary>What the fake server answers.</summary>
    internal sealed record FakeResponse(int Status, string ContentType, byte[] Body, string? FileName = null)
    {
        public static FakeResponse Json(string json) => new(200, "application/json; charset=utf-8", System.Text.Encoding.UTF8.GetBytes(json));
    }

    /// <summary>
    /// A stand-in for the WeChat API on Kestrel at 127.0.0.1: records every request and answers from a handler.
    /// Token requests are answered with a counter-stamped token so tests can count them.
    /// </summary>
    internal sealed class FakeWeChatServer : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private int _tokenCalls;

        private FakeWeChatServer(WebApplication app)
        {
            _app = app;
        }

        public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

        public Func<RecordedRequest, Task<FakeResponse>>? Handler { get; set; }

        /// <summary>Answers token calls; by default a fresh ACCESS_TOKEN_n valid for 7200 s.</summary>
        public Func<int, FakeResponse> TokenHandler { get; set; } = n => FakeResponse.Json($"{{\"access_token\":\"ACCESS_TOKEN_{n}\",\"expires_in\":7200}}");

        /// <summary>When true, token paths go to <see cref="Handler"/> like any endpoint (to test the token endpoints themselves).</summary>
        public bool TokenCallsAreEndpointCalls { get; set; }

        /// <summary>Delay before answering a token call, to widen race windows.</summary>
        public TimeSpan TokenDelay { get; set; }

        public int TokenCalls => Volatile.Read(ref _tokenCalls);

        public Uri BaseAddress => new(_app.Urls.First());

        public static async Task<FakeWeChatServer> StartAsync()
        {
            WebApplicationBuilder builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders();
            WebApplication app = builder.Build();
            var server = new FakeWeChatServer(app);
            app.Run(server.HandleAsync);
            await app.StartAsync();
            return server;
        }

        private async Task HandleAsync(HttpContext context)
        {
            using var body = new MemoryStream();
            await context.Request.Body.CopyToAsync(body);
            var recorded = new RecordedRequest(
                context.Request.Method,
                context.Request.Path.Value ?? string.Empty,
                context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
                context.Request.ContentType,
                body.ToArray());
            FakeResponse response;
            if (recorded.Path is "/cgi-bin/stable_token" or "/cgi-bin/token" && !TokenCallsAreEndpointCalls)
            {
                int n = Interlocked.Increment(ref _tokenCalls);
                if (TokenDelay > TimeSpan.Zero)
                {
                    await Task.Delay(TokenDelay);
                }

                response = TokenHandler(n);
            }
            else
            {
                Requests.Enqueue(recorded);
                response = Handler is null ? FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}") : await Handler(recorded);
            }

            context.Response.StatusCode = response.Status;
            context.Response.ContentType = response.ContentType;
            if (response.FileName is not null)
            {
                context.Response.Headers.ContentDisposition = $"attachment; filename=\"{response.FileName}\"";
            }

            await context.Response.Body.WriteAsync(response.Body);
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
