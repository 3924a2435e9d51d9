using System;
using System.Collections.Concurrent;
using System.Net.Http;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;
using WeChat.OfficialAccount.Http;

namespace WeChat.OfficialAccount.Tests.Http
{
    public sealed class LoggingTests : IAsyncLifetime
    {
        private FakeWeChatServer _server = null!;

        public async Task InitializeAsync() => _server = await FakeWeChatServer.StartAsync();

        public async Task DisposeAsync() => await _server.DisposeAsync();

        [Fact]
        public async Task Logs_never_carry_tokens_or_the_app_secret()
        {
            int calls = 0;
            _server.Handler = _ => Task.FromResult(System.Threading.Interlocked.Increment(ref calls) == 1
                ? FakeResponse.Json("{\"errcode\":40001,\"errmsg\":\"invalid credential\"}")
                : FakeResponse.Json("{\"errcode\":0,\"errmsg\":\"ok\"}"));
            var logger = new CapturingLogger();
            var client = new WeChatApiClient(new HttpClient(), new WeChatApiClientOptions { AppId = "wx1", AppSecret = "SECRET_VALUE_42", ResolveHost = _ => _server.BaseAddress }, logger: logger);

            await client.Menu.DeleteAsync();
            await client.OAuth.GetUserInfoAsync("USER_OAUTH_TOKEN", "o1");

            Assert.NotEmpty(logger.Lines);
            Assert.All(logger.Lines, line =>
            {
                Assert.DoesNotContain("ACCESS_TOKEN", line);
                Assert.DoesNotContain("SECRET_VALUE_42", line);
                Assert.DoesNotContain("USER_OAUTH_TOKEN", line);
            });
        }

        private sealed class CapturingLogger : ILogger<WeChatApiClient>
        {
            public ConcurrentQueue<string> Lines { get; } = new();

            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                Lines.Enqueue(formatter(state, exception) + " " + exception);
        }
    }
}
