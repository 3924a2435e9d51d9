using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.Logging;

namespace WeChat.OfficialAccount.AspNetCore.Tests
{
    public class LateWorkTests
    {
        [Fact]
        public async Task Late_work_that_fails_unexpectedly_is_logged_and_stopping_does_not_wait_for_it()
        {
            var errors = new List<string>();
            using var loggers = LoggerFactory.Create(logging => logging.AddProvider(new CapturingLoggerProvider(errors, LogLevel.Error)));
            using var work = new WeChatLateWork(loggers);
            var failing = new TaskCompletionSource();

            work.Track(failing.Task);
            work.Track(Task.CompletedTask);
            Assert.Empty(errors);
            failing.SetException(new InvalidOperationException("a bug in the late path"));
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await work.StoppedAsync(patience.Token);

            Assert.Equal(
                "WeChat work left past a push's deadline (a late handler, its reply, or the state store's part) failed; what it had left to do is lost",
                Assert.Single(errors));
            Assert.False(work.Abandoned.IsCancellationRequested);
        }
    }
}
